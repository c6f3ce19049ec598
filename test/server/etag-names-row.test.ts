/**
 * An etag names its row: an If-Match holding another row's etag is refused (409), on every write
 * route that checks one (contacts and countriesRegions, PATCH and DELETE), even when both rows are at
 * the same row version. Country etags named no row (per-row versions: the etag of one row at
 * version 1 was taken on any row at version 1, a write against a row the caller never read).
 */
import { describe, expect, test } from '@jest/globals';
import { companyPath, facadeCall, withFacade } from '../bc/harness.js';
import type { Facade, FacadeMethod } from '../bc/harness.js';

let f: Facade;
let company: string;

withFacade((facade) => {
  f = facade;
  company = companyPath(f);
});

type Body = Record<string, unknown> & { error?: { code: string } };
const call = (method: FacadeMethod, url: string, payload?: object, headers: Record<string, string> = {}) =>
  facadeCall<Body>(f, method, url, payload, headers);

/** Two rows of one entity set, each changed once (same row version), with their urls and etags. */
async function twoRows(set: 'contacts' | 'countriesRegions', tag: string) {
  const rows = [];
  for (const n of [1, 2]) {
    const body =
      set === 'contacts'
        ? { displayName: `Ann ${tag}${n}`, email: `ann${tag}${n}@x.com` }
        : { code: `E${tag}${n}`, displayName: `Land ${tag}${n}` };
    const created = await call('POST', `${company}/${set}`, body);
    expect(created.status).toBe(201);
    const url = `${company}/${set}(${String(created.body.id)})`;
    const changed = await call(
      'PATCH',
      url,
      { displayName: `Changed ${tag}${n}` },
      {
        'if-match': String(created.body['@odata.etag']),
      },
    );
    expect(changed.status).toBe(200);
    rows.push({ url, etag: String(changed.body['@odata.etag']) });
  }
  return rows as [{ url: string; etag: string }, { url: string; etag: string }];
}

const PLACES: readonly [string, 'contacts' | 'countriesRegions', 'PATCH' | 'DELETE'][] = [
  ['PATCH contact', 'contacts', 'PATCH'],
  ['DELETE contact', 'contacts', 'DELETE'],
  ['PATCH countryRegion', 'countriesRegions', 'PATCH'],
  ['DELETE countryRegion', 'countriesRegions', 'DELETE'],
];

describe('an etag is taken only on its own row', () => {
  test.each(PLACES.map((p, i) => [...p, String.fromCharCode(65 + i)] as const))(
    '%s with the etag of another row at the same version: 409, nothing written',
    async (_name, set, method, tag) => {
      const [a, b] = await twoRows(set, tag);
      const payload = method === 'PATCH' ? { displayName: 'Not read' } : undefined;
      const wrong = await call(method, b.url, payload, { 'if-match': a.etag });
      expect([wrong.status, wrong.body.error?.code]).toEqual([409, 'Request_EntityChanged']);
      expect((await call('GET', b.url)).body.displayName).toBe(`Changed ${tag}2`);
      const right = await call(method, b.url, payload, { 'if-match': b.etag });
      expect(right.status).toBe(method === 'PATCH' ? 200 : 204);
    },
  );

  test.each(['PATCH', 'DELETE'] as const)(
    "%s of a seeded country never changed, with another seeded row's etag: 409 (audit)",
    async (method) => {
      const listed = await call('GET', `${company}/countriesRegions`);
      const rows = (listed.body as { value: { id: string; '@odata.etag': string; code: string }[] }).value;
      // Rows of their own for each method: a PATCH let through would change its row.
      const [a, b] = method === 'PATCH' ? [rows[0]!, rows[1]!] : [rows[2]!, rows[3]!];
      const url = `${company}/countriesRegions(${b.id})`;
      const payload = method === 'PATCH' ? { displayName: 'Not read' } : undefined;
      const wrong = await call(method, url, payload, { 'if-match': a['@odata.etag'] });
      expect([wrong.status, wrong.body.error?.code]).toEqual([409, 'Request_EntityChanged']);
      expect((await call('GET', url)).body.code).toBe(b.code);
    },
  );

  test('a country changed once takes no etag but its own (the example: DK etag on SE)', async () => {
    const [dk, se] = await twoRows('countriesRegions', 'X');
    expect((await call('PATCH', se.url, { displayName: 'x' }, { 'if-match': dk.etag })).status).toBe(409);
  });
});
