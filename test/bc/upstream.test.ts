import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { insertContact } from '../../src/store/bc-repository.js';
import { buildMigratedTemplate } from '../store/pglite-template.js';
import { createdContact, facadeCall, startFacade, startFront } from './harness.js';
import { tenantMetadata, withTenantMetadata } from './tenant-metadata.js';
import type { Facade, FacadeMethod } from './harness.js';

/** "BC" is one facade on loopback; the facade under test reads and writes it as an upstream tenant. */
let bc: Facade;
let facade: Facade;
let contacts: string;

beforeAll(async () => {
  const { template } = await buildMigratedTemplate();
  bc = await startFacade({ template, listen: true });
  // A standard tenant: its $metadata has page 30071's contact (no name parts, e-mail 2, job title).
  facade = await startFront(bc, template, { fetch: withTenantMetadata(tenantMetadata()).fetch });
  contacts = `/api/v2.0/companies(${bc.company.id})/contacts`;
});
afterAll(async () => {
  await facade?.close();
  await bc?.close();
});

type Body = Record<string, unknown> & {
  error?: { code: string; message: string };
  value?: Record<string, unknown>[];
};

const call = (method: FacadeMethod, url: string, payload?: object, headers: Record<string, string> = {}) =>
  facadeCall<Body>(facade, method, url, payload, headers);

describe('upstream mode (UpstreamBcSource)', () => {
  test('companies come from upstream', async () => {
    const r = await call('GET', '/api/v2.0/companies');
    expect(r.body.value?.map((c) => c.id)).toEqual([bc.company.id]);
    expect((await call('GET', `/api/v2.0/companies(${bc.company.id})`)).body.name).toBe('CRONUS Test');
    const missing = await call('GET', '/api/v2.0/companies(11111111-2222-4333-8444-555555555555)/contacts');
    expect(missing.status).toBe(404);
    expect(missing.body.error?.code).toBe('Internal_CompanyNotFound');
  });

  test('countriesRegions is the tenant’s own table, read through', async () => {
    const r = await call('GET', `/api/v2.0/companies(${bc.company.id})/countriesRegions`);
    expect(r.status).toBe(200);
    const upstream = await bc.app.inject({
      method: 'GET',
      url: `/api/v2.0/companies(${bc.company.id})/countriesRegions`,
      headers: { authorization: bc.auth },
    });
    const strip = (rows: Record<string, unknown>[]) =>
      rows.map(({ id, code, displayName, lastModifiedDateTime }) => ({
        id,
        code,
        displayName,
        lastModifiedDateTime,
      }));
    expect(strip(r.body.value!)).toEqual(strip((upstream.json() as Body).value!));
  });

  test('name parts are derived from displayName; fields BC lacks read blank and are not written', async () => {
    const created = await createdContact<Body>(facade, contacts, {
      firstName: 'Ann',
      middleName: 'Marie',
      surname: 'Smith',
      email: 'ann@smith.example',
      email2: 'a@home.example',
      jobTitle: 'CEO',
    });
    expect(created).toMatchObject({
      displayName: 'Ann Marie Smith',
      firstName: 'Ann',
      middleName: 'Marie',
      surname: 'Smith',
      initials: 'AMS',
      email2: '',
      jobTitle: '',
    });
    const upstream = await bc.app.inject({
      method: 'GET',
      url: `${contacts}(${String(created.id)})`,
      headers: { authorization: bc.auth },
    });
    expect(upstream.json()).toMatchObject({
      displayName: 'Ann Marie Smith',
      email: 'ann@smith.example',
      email2: '',
      firstName: '',
    });
    expect(created['@odata.etag']).toBe(upstream.json()['@odata.etag']);
  });

  test('PATCH passes If-Match through; a surname-only change recomposes the name; stale → 409', async () => {
    const c = await call('POST', contacts, { displayName: 'Bo Dahl', email: 'bo@dahl.example' });
    const url = `${contacts}(${String(c.body.id)})`;
    const etag = String(c.body['@odata.etag']);
    expect((await call('PATCH', url, { surname: 'Berg' })).body.error?.code).toBe('BadRequest_InvalidToken');
    const p = await call('PATCH', url, { surname: 'Berg' }, { 'if-match': etag });
    expect(p.status).toBe(200);
    expect(p.body).toMatchObject({ displayName: 'Bo Berg', surname: 'Berg' });
    const stale = await call('PATCH', url, { city: 'Oslo' }, { 'if-match': etag });
    expect(stale.status).toBe(409);
    expect(stale.body.error?.code).toBe('Request_EntityChanged');
    const tooLong = await call('PATCH', url, { city: 'x'.repeat(31) }, { 'if-match': '*' });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error?.code).toBe('Application_StringExceededLength');
    const del = await call('DELETE', url, undefined, { 'if-match': String(p.body['@odata.etag']) });
    expect(del.status).toBe(204);
    expect((await call('GET', url)).body.error?.code).toBe('Internal_RecordNotFound');
  });

  test('OData options pass through; paging works; filters on derived fields are refused', async () => {
    for (const n of [1, 2, 3, 4, 5]) {
      bc.clock.advance(1000);
      const r = await insertContact(bc.db, bc.clock, bc.company.id, {
        displayName: `Paged ${n}`,
        city: 'Paging',
        jobTitle: 'Hidden',
      });
      if (!r.ok) throw new Error(r.error.message);
    }
    const seen: unknown[] = [];
    let url: string | undefined =
      `${contacts}?$filter=${encodeURIComponent("city eq 'Paging'")}&$orderby=${encodeURIComponent('displayName desc')}`;
    while (url) {
      const r = await call('GET', url, undefined, { prefer: 'odata.maxpagesize=2' });
      expect(r.status).toBe(200);
      seen.push(...(r.body.value ?? []).map((c) => c.displayName));
      expect((r.body.value ?? []).every((c) => c.jobTitle === '')).toBe(true);
      const next = r.body['@odata.nextLink'] as string | undefined;
      url = next?.replace(/^http:\/\/localhost:80/, '');
    }
    expect(seen).toEqual(['Paged 5', 'Paged 4', 'Paged 3', 'Paged 2', 'Paged 1']);
    const derived = await call('GET', `${contacts}?$filter=${encodeURIComponent("firstName eq 'Paged'")}`);
    expect(derived.status).toBe(400);
    expect(derived.body.error?.message).toContain("tenant's API");
  });
});
