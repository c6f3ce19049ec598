/**
 * The facade's Country/Region table (API v2.0 `countriesRegions`) and BC's Code fields (issue 8 §6):
 * the table is seeded with ISO 3166-1, contacts' Code fields are stored upper-cased as BC does, and a
 * country that is not in the table is refused the way BC refuses a missing related record.
 */
import { describe, expect, test } from '@jest/globals';
import { companyPath, createdContact, facadeCall, withFacade } from '../bc/harness.js';
import type { Facade, FacadeMethod } from '../bc/harness.js';

let f: Facade;
let company: string;

withFacade((facade) => {
  f = facade;
  company = companyPath(f);
});

type Body = Record<string, unknown> & {
  error?: { code: string; message: string; details?: { target: string }[] };
  value?: Record<string, unknown>[];
};

const call = (method: FacadeMethod, url: string, payload?: object, headers: Record<string, string> = {}) =>
  facadeCall<Body>(f, method, url, payload, headers);

describe('countriesRegions', () => {
  test('lists ISO 3166-1 in the API v2.0 shape: id, code, displayName, lastModifiedDateTime', async () => {
    const r = await call('GET', `${company}/countriesRegions`);
    expect(r.status).toBe(200);
    expect(r.body['@odata.context']).toMatch(/\$metadata#companies\([0-9a-f-]+\)\/countriesRegions$/);
    const rows = r.body.value!;
    expect(rows.length).toBeGreaterThanOrEqual(249);
    const gb = rows.find((c) => c.code === 'GB')!;
    expect(
      Object.keys(gb)
        .filter((k) => !k.startsWith('@'))
        .sort(),
    ).toEqual(['code', 'displayName', 'id', 'lastModifiedDateTime'].sort());
    expect(gb.displayName).toBe('United Kingdom');
    expect(new Set(rows.map((c) => c.id)).size).toBe(rows.length);
    const one = await call('GET', `${company}/countriesRegions(${String(gb.id)})`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ code: 'GB', displayName: 'United Kingdom' });
  });

  test('offers no query options, and a missing row or company is a 404 (writes: bc-api-country-writes)', async () => {
    const filtered = await call('GET', `${company}/countriesRegions?$filter=code eq 'GB'`);
    expect(filtered.status).toBe(400);
    expect(filtered.body.error?.message).toContain('$filter');
    const missing = await call('GET', `${company}/countriesRegions(11111111-2222-4333-8444-555555555555)`);
    expect(missing.status).toBe(404);
    const noCompany = await call(
      'GET',
      '/api/v2.0/companies(11111111-2222-4333-8444-555555555555)/countriesRegions',
    );
    expect(noCompany.status).toBe(404);
  });
});

describe('BC Code fields', () => {
  test('Post Code, Country/Region, Territory and Salesperson codes are stored upper-cased, as BC does', async () => {
    const created = await createdContact<Body>(f, `${company}/contacts`, {
      displayName: 'Ann Lee',
      postalCode: 'sw1a 1aa',
      country: 'gb',
      territoryCode: 'lon',
      salespersonCode: 'jr',
    });
    expect(created).toMatchObject({
      postalCode: 'SW1A 1AA',
      country: 'GB',
      territoryCode: 'LON',
      salespersonCode: 'JR',
    });
    const patched = await call(
      'PATCH',
      `${company}/contacts(${String(created.id)})`,
      { postalCode: 'ec1a 1bb', country: 'de' },
      { 'if-match': String(created['@odata.etag']) },
    );
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ postalCode: 'EC1A 1BB', country: 'DE' });
  });

  test('a country code the table does not hold is refused like BC (missing related record), naming the field', async () => {
    const r = await call('POST', `${company}/contacts`, { displayName: 'Bo Lind', country: 'xx' });
    expect(r.status).toBe(400);
    expect(r.body.error?.code).toBe('Internal_RecordNotFound');
    expect(r.body.error?.message).toContain("Code='XX'");
    const name = await call('POST', `${company}/contacts`, { displayName: 'Bo Lind', country: 'Sweden' });
    expect(name.status).toBe(400);
  });
});
