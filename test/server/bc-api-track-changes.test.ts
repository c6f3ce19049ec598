/**
 * BC API v2.0 change tracking on the facade's own store (issue 11 §2): `Prefer: odata.track-changes`
 * ends the last page with `@odata.deltaLink`; following it returns what was added or changed since,
 * deletions as `$deletedEntity` rows carrying only the id, and a new delta link; a link that cannot
 * be served is 410 Gone with the baseline in Location.
 */
import { describe, expect, test } from '@jest/globals';
import { TRACKING_MARGIN_MS } from '../../src/store/bc-delta-token.js';
import { companyPath, facadeCall, withFacade } from '../bc/harness.js';
import type { Facade, FacadeMethod } from '../bc/harness.js';

let f: Facade;
let contacts: string;

withFacade((facade) => {
  f = facade;
  contacts = `${companyPath(f)}/contacts`;
});

type Row = Record<string, unknown> & { id: string };
type Page = {
  value: Row[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
  error?: { code: string };
};

const call = (method: FacadeMethod, url: string, payload?: object, headers: Record<string, string> = {}) =>
  facadeCall<Page & Row>(f, method, url, payload, headers);

const later = () => f.clock.advance(2 * TRACKING_MARGIN_MS);

async function create(n: number): Promise<Row> {
  const r = await call('POST', contacts, { displayName: `Person ${n}`, email: `p${n}@fabrikam.com` });
  expect(r.status).toBe(201);
  return r.body;
}

describe('change tracking (Prefer: odata.track-changes)', () => {
  test('the baseline pages end with a delta link; the delta reports changes, additions and deletions as $deletedEntity', async () => {
    const a = await create(1);
    const b = await create(2);
    const c = await create(3);
    later();
    const seen: Row[] = [];
    let url: string | undefined = contacts;
    let deltaLink: string | undefined;
    for (let pages = 0; url !== undefined; pages++) {
      expect(pages).toBeLessThan(10);
      const r = await call('GET', url, undefined, { prefer: 'odata.track-changes, odata.maxpagesize=2' });
      expect(r.status).toBe(200);
      expect(String(r.headers['preference-applied'])).toContain('odata.track-changes');
      seen.push(...r.body.value);
      url = r.body['@odata.nextLink'];
      deltaLink = r.body['@odata.deltaLink'];
      if (url !== undefined) expect(deltaLink).toBeUndefined();
    }
    expect(seen.map((r) => r.id).sort()).toEqual([a.id, b.id, c.id].sort());
    expect(deltaLink).toMatch(/(\$|%24)deltatoken=/);

    later();
    const patched = await call(
      'PATCH',
      `${contacts}(${a.id})`,
      { jobTitle: 'Buyer' },
      { 'if-match': String(a['@odata.etag']) },
    );
    expect(patched.status).toBe(200);
    expect(
      (await call('DELETE', `${contacts}(${b.id})`, undefined, { 'if-match': String(b['@odata.etag']) }))
        .status,
    ).toBe(204);
    const d = await create(4);

    const delta = await call('GET', deltaLink!);
    expect(delta.status).toBe(200);
    const removed = delta.body.value.filter((r) => String(r['@odata.context']).endsWith('/$deletedEntity'));
    const changed = delta.body.value.filter(
      (r) => !String(r['@odata.context'] ?? '').endsWith('/$deletedEntity'),
    );
    expect(removed).toEqual([expect.objectContaining({ id: b.id })]);
    expect(
      Object.keys(removed[0]!)
        .filter((k) => !k.startsWith('@'))
        .sort(),
    ).toEqual(['id', 'reason']);
    expect(changed.map((r) => r.id).sort()).toEqual([a.id, d.id].sort());
    expect(changed.find((r) => r.id === a.id)?.jobTitle).toBe('Buyer');
    expect(delta.body['@odata.deltaLink']).toMatch(/(\$|%24)deltatoken=/);

    // Nothing changed since: once the margin has passed, a link reports nothing. (Within the margin a
    // change may be reported twice, never missed.)
    later();
    const again = await call('GET', delta.body['@odata.deltaLink']!);
    later();
    const quiet = await call('GET', again.body['@odata.deltaLink']!);
    expect(quiet.status).toBe(200);
    expect(quiet.body.value).toEqual([]);
  });

  test('a delta link keeps the read’s $filter and $select', async () => {
    const base = await call(
      'GET',
      `${contacts}?$filter=startswith(displayName,'Filtered')&$select=id,displayName`,
      undefined,
      {
        prefer: 'odata.track-changes',
      },
    );
    expect(base.status).toBe(200);
    later();
    await call('POST', contacts, { displayName: 'Filtered One', email: 'f1@fabrikam.com' });
    await call('POST', contacts, { displayName: 'Other One', email: 'o1@fabrikam.com' });
    const delta = await call('GET', base.body['@odata.deltaLink']!);
    expect(delta.body.value.map((r) => r.displayName)).toEqual(['Filtered One']);
    expect(
      Object.keys(delta.body.value[0]!)
        .filter((k) => !k.startsWith('@'))
        .sort(),
    ).toEqual(['displayName', 'id']);
  });

  test('a delta link that cannot be served is 410 Gone with the baseline in Location; paging options are refused', async () => {
    const gone = await call('GET', `${contacts}?$deltatoken=not-a-token&$select=id`);
    expect(gone.status).toBe(410);
    expect(gone.headers.location).toMatch(/\/contacts\?(\$|%24)select=id$/);
    const future = Buffer.from(JSON.stringify({ v: 1, from: '2999-01-01T00:00:00.000Z' })).toString(
      'base64url',
    );
    expect((await call('GET', `${contacts}?$deltatoken=${future}`)).status).toBe(410);
    const base = await call('GET', contacts, undefined, { prefer: 'odata.track-changes' });
    expect((await call('GET', `${base.body['@odata.deltaLink']!}&$top=1`)).status).toBe(400);
  });

  test('without the preference there is no delta link', async () => {
    const r = await call('GET', contacts);
    expect(r.body['@odata.deltaLink']).toBeUndefined();
    expect(r.headers['preference-applied']).toBeUndefined();
  });
});
