import { describe, expect, test } from '@jest/globals';
import { deleteContact, listContacts } from '../../src/store/bc-repository.js';
import { facadeSyncs } from '../support/facade-sync.js';
import { companyPath, facadeCall, httpBcContactsOn, withFacade } from '../bc/harness.js';
import type { Facade, FacadeBody } from '../bc/harness.js';

// The facade's nextLinks name the last row's key (server/bc-api/keyset.ts), not an offset: a contact
// deleted on page 1 after page 1 was read moved every row behind it up one place, and the contact at
// page 2's edge was read by no page. A full tracked read taken as the whole BC list then lacked it,
// and a sync deleted its Outlook copy although it was still in BC.

const PAGE = 3;
const CONTACTS = 10;
let f: Facade;
withFacade(
  (facade) => {
    f = facade;
  },
  { seed: CONTACTS, limits: { maxPageSize: PAGE }, listen: true },
);

async function remove(id: string): Promise<void> {
  const r = await deleteContact(f.db, f.clock, f.company.id, id, '*');
  if (!r.ok) throw new Error(r.error.message);
}

describe('keyset nextLinks (the facade over HTTP)', () => {
  test('a contact on page 1 deleted after page 1 was read: the tracked read still returns every other contact', async () => {
    const before = await listContacts(f.db, f.company.id);
    const ids: string[] = [];
    let next: string | undefined = `${companyPath(f)}/contacts`;
    for (let page = 1; next !== undefined; page++) {
      const r = await facadeCall(f, 'GET', next, undefined, { prefer: 'odata.track-changes' });
      expect(r.status).toBe(200);
      ids.push(...(r.body.value as FacadeBody[]).map((c) => String(c.id)));
      if (page === 1) await remove(ids[0]!);
      next = r.body['@odata.nextLink'] as string | undefined;
      expect(page).toBeLessThan(20);
    }
    expect(ids).toEqual(before.map((c) => c.id));
  });

  test.each([
    ['not base64url', '!!'],
    ['not JSON', 'bm90IGpzb24'],
    ['the wrong number of key values', Buffer.from('["CT000001"]').toString('base64url')],
    ['an id that is not a GUID', Buffer.from('["CT000001","CT000001","x"]').toString('base64url')],
    ['an offset of the old links', '3'],
  ])('a $skiptoken that is %s: 400 with an OData error saying what is wrong', async (_name, token) => {
    const r = await facadeCall(f, 'GET', `${companyPath(f)}/contacts?$skiptoken=${token}`);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('BadRequest');
    expect(r.body.error.message).toMatch(
      /^Invalid value '.*' for \$skiptoken: .+\. Follow the @odata\.nextLink/,
    );
  });

  test('a sync whose full read of BC loses a page-1 contact mid-read deletes no Outlook copy of a contact still in BC', async () => {
    let deleteAfterFirstPage: string | null = null;
    const bc = httpBcContactsOn(f, {
      pageSize: PAGE,
      fetch: async (input, init) => {
        const res = await fetch(input, init);
        const url = new URL(String(input instanceof Request ? input.url : input));
        // The first page of a whole tracked read (no token, no offset) has been answered.
        if (deleteAfterFirstPage && url.pathname.endsWith('/contacts') && url.search === '') {
          const id = deleteAfterFirstPage;
          deleteAfterFirstPage = null;
          await remove(id);
        }
        return res;
      },
    });
    const { mailbox, sync } = facadeSyncs(f, bc, 'keyset@contoso.test');
    const outlookNames = async () => {
      const folder = await mailbox.ensureFolder('Business Central');
      return (await mailbox.listContacts(folder.id)).map((c) => c.displayName).sort();
    };
    await sync('full');
    const inBc = await listContacts(f.db, f.company.id);
    expect(await outlookNames()).toEqual(inBc.map((c) => c.displayName).sort());

    // A full sync reads BC whole, tracked, by pages (a delta pages its changes since 78e996f and
    // reads nothing whole): the contact on page 1 goes after page 1 was answered.
    deleteAfterFirstPage = inBc[0]!.id;
    const record = await sync('full');
    expect(deleteAfterFirstPage).toBeNull();
    const still = await listContacts(f.db, f.company.id);
    expect(still).toHaveLength(inBc.length - 1);
    // Every contact still in BC keeps its Outlook copy (the deleted one's goes by BC's deletion).
    const names = await outlookNames();
    expect(still.map((c) => c.displayName).filter((n) => !names.includes(n))).toEqual([]);
    expect(record.counts.outlook.deleted).toBeLessThanOrEqual(1);
  });
});

// Review RV17: a $skiptoken is base64url JSON, so a key value in it may hold U+0000, which no URL
// guard sees; a string key holding it reached PostgreSQL (text cannot hold U+0000) and the read
// answered 500. Every read that pages by key, every string position of its token.
describe('a $skiptoken string key that no store can hold (RV17)', () => {
  const READS: readonly (readonly [string, string])[] = [
    ['contacts in their default order', '/contacts'],
    ['contacts ordered by a text field', '/contacts?$orderby=displayName'],
    ['contacts ordered by a text field, descending', '/contacts?$orderby=city desc,surname'],
    ['contacts ordered by date-time', '/contacts?$orderby=lastModifiedDateTime'],
    ['countriesRegions', '/countriesRegions'],
  ];
  /** Each string key value of the read's first nextLink, that position holding U+0000 instead. */
  async function poisoned(read: string): Promise<{ position: number; url: string }[]> {
    const first = await facadeCall(f, 'GET', `${companyPath(f)}${read}`, undefined, {
      prefer: 'odata.maxpagesize=1',
    });
    expect(first.status).toBe(200);
    const next = new URL(String(first.body['@odata.nextLink']));
    const key = JSON.parse(
      Buffer.from(next.searchParams.get('$skiptoken')!, 'base64url').toString(),
    ) as unknown[];
    return key.flatMap((v, position) => {
      if (typeof v !== 'string' || /^[0-9a-f-]{36}$/.test(v) || !Number.isNaN(Date.parse(v))) return [];
      const bad = key.map((w, i) => (i === position ? `${v}\u0000` : w));
      next.searchParams.set('$skiptoken', Buffer.from(JSON.stringify(bad)).toString('base64url'));
      return [{ position, url: `${next.pathname}${next.search}` }];
    });
  }

  test('the example: the default order, its number key holding U+0000, is a 400, not a 500', async () => {
    const [first] = await poisoned('/contacts');
    const r = await facadeCall(f, 'GET', first!.url, undefined, { prefer: 'odata.maxpagesize=1' });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/for \$skiptoken: key value \d+ is not a string/);
  });

  test.each(READS)('%s: every string key holding U+0000 is a 400', async (_name, read) => {
    const cases = await poisoned(read);
    expect(cases.length).toBeGreaterThan(0);
    for (const { url } of cases) {
      const r = await facadeCall(f, 'GET', url, undefined, { prefer: 'odata.maxpagesize=1' });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('BadRequest');
    }
  });
});
