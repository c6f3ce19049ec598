import { describe, expect, test } from '@jest/globals';
import { HttpBcContacts } from '../../src/bc/http-bc-contacts.js';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { injectFetch } from '../../src/server/embedded/inject-fetch.js';
import { FACADE_COUNTRIES_REGIONS } from '../../src/store/bc-countries-regions.js';
import { insertCompany, listContacts, updateContact } from '../../src/store/bc-repository.js';
import { grantMembership } from '../../src/store/company-members.js';

import { facadeSyncs } from '../support/facade-sync.js';
import { companyPath, facadeCall, startFront, withFacade, seedContacts } from '../bc/harness.js';
import { buildMigratedTemplate } from '../store/pglite-template.js';
import type { Facade, FacadeBody } from '../bc/harness.js';

// Issue 10 §3, F38: every BC API collection is paged by the server (`@odata.nextLink`), whatever
// `$top` or `Prefer: odata.maxpagesize` ask for, and a $batch's work is bounded.

const PAGE = 3;
let f: Facade;
const CONTACTS = 8;

withFacade(
  async (facade) => {
    f = facade;
    for (let i = 0; i < 4; i++) {
      const c = await insertCompany(f.db, f.clock, { name: `Company ${i}` });
      await grantMembership(f.db, devUserKey('ann@contoso.com'), c.id, 'test');
    }
    await seedContacts(f, CONTACTS);
  },
  { limits: { maxPageSize: PAGE }, listen: true },
);

const idsOf = (b: FacadeBody) => (b.value as FacadeBody[]).map((e) => String(e.id));

/** Every page from `url` on: the ids in order, the pages' sizes, and the first page's headers. */
async function readAll(url: string, headers: Record<string, string> = {}) {
  const ids: string[] = [];
  const sizes: number[] = [];
  let first: Record<string, unknown> | null = null;
  let last: FacadeBody = {};
  for (let next: string | undefined = url; next !== undefined;) {
    const r = await facadeCall(f, 'GET', next, undefined, headers);
    expect(r.status).toBe(200);
    first ??= r.headers;
    last = r.body;
    ids.push(...idsOf(r.body));
    sizes.push((r.body.value as unknown[]).length);
    next = r.body['@odata.nextLink'] as string | undefined;
    expect(sizes.length).toBeLessThan(200);
  }
  return { ids, sizes, headers: first!, last };
}

const COLLECTIONS = [
  { name: 'companies', url: () => '/api/v2.0/companies', total: () => 5 },
  { name: 'contacts', url: () => `${companyPath(f)}/contacts`, total: () => CONTACTS },
  {
    name: 'countriesRegions',
    url: () => `${companyPath(f)}/countriesRegions`,
    total: () => FACADE_COUNTRIES_REGIONS.length,
  },
];

const CASES: {
  name: string;
  query: string;
  prefer: Record<string, string>;
  from: number;
  count: (n: number) => number;
}[] = [
  { name: 'no $top', query: '', prefer: {}, from: 0, count: (n: number) => n },
  { name: '$top too big', query: '?$top=1000000000', prefer: {}, from: 0, count: (n: number) => n },
  {
    name: 'maxpagesize too big',
    query: '',
    prefer: { prefer: 'odata.maxpagesize=100000' },
    from: 0,
    count: (n: number) => n,
  },
  { name: '$top=4', query: '?$top=4', prefer: {}, from: 0, count: () => 4 },
  { name: '$skip=2', query: '?$skip=2', prefer: {}, from: 2, count: (n: number) => n - 2 },
];

describe('every collection route × paging case: pages of at most the server page, nextLinks to the end', () => {
  const rows = COLLECTIONS.flatMap((c) => CASES.map((k) => [c.name, k.name, c, k] as const));
  const truths = new Map<string, string[]>();
  test.each(rows)('%s, %s', async (name, _k, collection, kase) => {
    if (!truths.has(name)) truths.set(name, (await readAll(collection.url())).ids);
    const truth = truths.get(name)!;
    expect(truth).toHaveLength(collection.total());
    expect(new Set(truth).size).toBe(truth.length);

    const r = await readAll(`${collection.url()}${kase.query}`, kase.prefer);

    expect(r.ids).toEqual(truth.slice(kase.from, kase.from + kase.count(truth.length)));
    expect(Math.max(...r.sizes)).toBeLessThanOrEqual(PAGE);
    expect(r.sizes.length).toBe(Math.max(1, Math.ceil(kase.count(truth.length) / PAGE)));
    if (kase.prefer.prefer !== undefined)
      expect(r.headers['preference-applied']).toBe(`odata.maxpagesize=${PAGE}`);
  });

  test.each(COLLECTIONS.filter((c) => c.name !== 'contacts'))(
    '$filter on $name is refused, naming the option',
    async ({ name, url }) => {
      const r = await facadeCall(f, 'GET', `${url()}?$filter=${encodeURIComponent("name eq 'x'")}`);
      expect(r.status).toBe(400);
      expect(r.body.error.message).toBe(`The query option '$filter' is not supported on ${name}.`);
    },
  );
});

describe('a delta answers a page at a time', () => {
  // It used to answer at most one page and refuse more (410): a closing round after a long read
  // then failed on every attempt. Now it pages with @odata.nextLink, as BC's delta does.
  test('more changes than a page since the delta link: pages with a nextLink, the delta link on the last; each change once', async () => {
    f.clock.advance(10 * 60_000); // past the token's margin (bc-delta-token.ts): the seed is older
    const tracked = await readAll(`${companyPath(f)}/contacts`, { prefer: 'odata.track-changes' });
    expect(tracked.ids).toHaveLength(CONTACTS);
    const link = String(tracked.last['@odata.deltaLink']);
    f.clock.advance(10 * 60_000);
    const edit = async (n: number) => {
      const rows = await listContacts(f.db, f.company.id, { top: n });
      for (const c of rows) {
        f.clock.advance(1000);
        const r = await updateContact(f.db, f.clock, f.company.id, c.id, '*', { city: `Edited ${n}` });
        if (!r.ok) throw new Error(r.error.message);
      }
      return rows.map((c) => c.id);
    };
    await edit(PAGE);
    const few = await facadeCall(f, 'GET', link);
    expect(few.status).toBe(200);
    expect(few.body.value).toHaveLength(PAGE);
    expect(few.body['@odata.nextLink']).toBeUndefined();
    const edited = await edit(PAGE + 1);
    const many = await readAll(link);
    expect(many.sizes).toEqual([PAGE, 1]);
    expect([...many.ids].sort()).toEqual([...edited].sort());
    expect(String(many.last['@odata.deltaLink'])).toContain('$deltatoken=');
    // A position the service did not write is refused, not served from somewhere.
    const forged = await facadeCall(f, 'GET', `${link}&$skiptoken=bm90LWEtcG9zaXRpb24`);
    expect(forged.status).toBe(400);
  });
});

describe('a company with more than one page of contacts syncs fully through the BC adapter', () => {
  test('full, delta, and a delta past one page (paged): every contact in Outlook, every change', async () => {
    const bc = new HttpBcContacts({
      baseUrl: 'http://facade.internal/api/v2.0',
      companyId: f.company.id,
      getToken: async () => f.auth.slice('Bearer '.length),
      fetch: injectFetch(f.app),
    });
    const { mailbox, sync } = facadeSyncs(f, bc, 'paging@contoso.test');
    const cities = async () => {
      const folder = await mailbox.ensureFolder('Business Central');
      return (await mailbox.listContacts(folder.id)).map((c) => c.businessAddress.city).sort();
    };
    const all = await listContacts(f.db, f.company.id);
    expect(all.length).toBeGreaterThan(2 * PAGE);

    expect((await sync('full')).counts.outlook.created).toBe(all.length);
    expect(await cities()).toEqual(all.map((c) => c.city).sort());

    for (const [n, city] of [
      [PAGE - 1, 'Delta'],
      [all.length, 'Past a page'],
    ] as const) {
      for (const c of (await listContacts(f.db, f.company.id)).slice(0, n)) {
        f.clock.advance(1000);
        const r = await updateContact(f.db, f.clock, f.company.id, c.id, '*', { city });
        if (!r.ok) throw new Error(r.error.message);
      }
      expect((await sync('delta')).counts.outlook.updated).toBe(n);
      expect((await cities()).filter((c) => c === city)).toHaveLength(n);
    }
  });
});

describe("upstream mode follows the tenant's nextLinks", () => {
  test('a front facade lists every company and every contact of a tenant that pages by 3', async () => {
    const { template } = await buildMigratedTemplate();
    const front = await startFront(f, template);
    try {
      const app = `Bearer ${await front.issuer.appToken('facade', ['BC.ReadWrite.All'])}`;
      const companies = await facadeCall(front, 'GET', '/api/v2.0/companies', undefined, {
        authorization: app,
      });
      expect(companies.status).toBe(200);
      expect(companies.body.value).toHaveLength(5);
      const contacts = await facadeCall(front, 'GET', `/api/v2.0/companies(${f.company.id})/contacts`);
      expect(contacts.status).toBe(200);
      expect(contacts.body.value).toHaveLength(CONTACTS);
      expect(contacts.body['@odata.nextLink']).toBeUndefined();
    } finally {
      await front.close();
    }
  });
});
