/**
 * The facade's `$metadata` (OData CSDL) agrees with the JSON it returns: every entity set and
 * contained collection answers, every JSON property of companies, contacts and countriesRegions is declared with a
 * type its values fit, and nothing is declared that the JSON lacks.
 */
import { describe, expect, test } from '@jest/globals';
import { DOMParser } from '@xmldom/xmldom';
import { companyPath, facadeCall, withFacade } from '../bc/harness.js';
import type { Facade } from '../bc/harness.js';

let facade: Facade;

withFacade(async (f) => {
  facade = f;
  const created = await facadeCall(f, 'POST', `${companyPath(f)}/contacts`, {
    type: 'Person',
    displayName: 'Ada Lovelace',
    email: 'ada@contoso.com',
  });
  if (created.status !== 201)
    throw new Error(`seed contact: ${created.status} ${JSON.stringify(created.body)}`);
});

async function get(url: string) {
  const res = await facade.app.inject({ method: 'GET', url, headers: { authorization: facade.auth } });
  return res;
}

type Properties = Map<string, string>;
interface Metadata {
  readonly types: Map<string, Properties>;
  readonly contained: Map<string, Map<string, string>>;
  readonly sets: Map<string, string>;
}

function parseCsdl(xml: string): Metadata {
  const doc = new DOMParser().parseFromString(xml, 'text/xml') as unknown as Document;
  const all = (el: Element | Document, name: string) =>
    Array.from(el.getElementsByTagName(name) as unknown as ArrayLike<Element>);
  const schema = all(doc, 'Schema')[0]!;
  const ns = schema.getAttribute('Namespace') ?? '';
  const types = new Map<string, Properties>();
  const contained = new Map<string, Map<string, string>>();
  for (const t of all(schema, 'EntityType')) {
    const name = t.getAttribute('Name') ?? '';
    types.set(
      name,
      new Map(all(t, 'Property').map((p) => [p.getAttribute('Name') ?? '', p.getAttribute('Type') ?? ''])),
    );
    contained.set(
      name,
      new Map(
        all(t, 'NavigationProperty').map((n) => [
          n.getAttribute('Name') ?? '',
          (n.getAttribute('Type') ?? '').replace(`Collection(${ns}.`, '').replace(')', ''),
        ]),
      ),
    );
  }
  const sets = new Map(
    all(schema, 'EntitySet').map((s) => [
      s.getAttribute('Name') ?? '',
      (s.getAttribute('EntityType') ?? '').replace(`${ns}.`, ''),
    ]),
  );
  return { types, contained, sets };
}

/** Whether a JSON value fits an Edm type. */
function fits(type: string, value: unknown): boolean {
  switch (type) {
    case 'Edm.String':
      return typeof value === 'string';
    case 'Edm.Boolean':
      return typeof value === 'boolean';
    case 'Edm.Guid':
      return (
        typeof value === 'string' &&
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
      );
    case 'Edm.DateTimeOffset':
      return (
        typeof value === 'string' && !Number.isNaN(Date.parse(value)) && /T.*(Z|[+-]\d\d:\d\d)$/.test(value)
      );
    case 'Edm.Date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
    default:
      return false;
  }
}

function expectConsistent(declared: Properties | undefined, entities: Record<string, unknown>[]): void {
  expect(declared).toBeDefined();
  expect(entities.length).toBeGreaterThan(0);
  for (const entity of entities) {
    const keys = Object.keys(entity).filter((k) => !k.startsWith('@odata.'));
    expect(keys.sort()).toEqual([...declared!.keys()].sort());
    for (const k of keys) expect([k, fits(declared!.get(k)!, entity[k])]).toEqual([k, true]);
  }
}

describe('$metadata agrees with the JSON', () => {
  test('it is OData CSDL v4 XML, served to an authenticated caller only', async () => {
    const res = await get('/api/v2.0/$metadata');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/xml/);
    expect(res.body).toContain('<edmx:Edmx Version="4.0"');
    const anonymous = await facade.app.inject({ method: 'GET', url: '/api/v2.0/$metadata' });
    expect(anonymous.statusCode).toBe(401);
  });

  test('companies and the contacts they contain have exactly the declared properties, with fitting types', async () => {
    const meta = parseCsdl((await get('/api/v2.0/$metadata')).body);
    expect([...meta.sets]).toEqual([['companies', 'company']]);
    const companies = JSON.parse((await get('/api/v2.0/companies')).body) as {
      value: Record<string, unknown>[];
    };
    expectConsistent(meta.types.get('company'), companies.value);
    for (const [nav, type] of meta.contained.get('company') ?? []) {
      const res = await get(`/api/v2.0/companies(${facade.company.id})/${nav}`);
      expect([nav, res.statusCode]).toEqual([nav, 200]);
      expectConsistent(
        meta.types.get(type),
        (JSON.parse(res.body) as { value: Record<string, unknown>[] }).value,
      );
    }
    expect([...(meta.contained.get('company') ?? []).keys()]).toEqual(['contacts', 'countriesRegions']);
  });

  test('the @odata.context of answers points into this $metadata', async () => {
    const res = JSON.parse((await get('/api/v2.0/companies')).body) as Record<string, string>;
    expect(res['@odata.context']).toMatch(/\/api\/v2\.0\/\$metadata#companies$/);
  });
});
