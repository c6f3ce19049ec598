import { describe, expect, test } from '@jest/globals';
import { listContacts } from '../../src/store/bc-repository.js';
import { httpBcContactsOn, withFacade } from './harness.js';
import type { Facade } from './harness.js';

// A delta of more changes than a page pages with @odata.nextLink, as BC's does. The facade used
// to refuse it (410 BadRequest_DeltaTokenInvalid), so a whole read of more than a page during
// which more than 1,000 contacts changed failed its closing round on every attempt (its margin of
// 2 minutes reports them again: store/bc-delta-token.ts), and the run failed. At the product's
// page size (1,000): 1,600 contacts, 1,500 changes (1,400 changed, 100 deleted) between the pages.

const CONTACTS = 1600;
let f: Facade;
withFacade(
  (facade) => {
    f = facade;
  },
  { seed: CONTACTS, listen: true },
);

/** 1,400 contacts changed (city) and 100 deleted, in two statements, as BC's users would one by one. */
async function changeMany(city: string): Promise<void> {
  f.clock.advance(1000);
  const ids = (await listContacts(f.db, f.company.id)).map((c) => c.id);
  const at = f.clock.now();
  await f.db.query(
    `UPDATE bc_contacts SET city = $3, row_version = row_version + 1, last_modified = $2::timestamptz
     WHERE company_id = $1 AND id = ANY($4::uuid[])`,
    [f.company.id, at, city, ids.slice(100, 1500)],
  );
  await f.db.query(
    `UPDATE bc_contacts SET deleted_at = $2::timestamptz, row_version = row_version + 1
     WHERE company_id = $1 AND id = ANY($3::uuid[])`,
    [f.company.id, at, ids.slice(0, 100)],
  );
}

const shown = (cs: readonly { id: string; city: string }[]) => cs.map((c) => `${c.id} ${c.city}`).sort();

describe('a delta of more than a page (facade)', () => {
  test('1,500 changes between the pages of a whole read: its closing round pages, the read is BC at its end; a delta of 1,500 is changes, paged', async () => {
    const deltaPages: number[] = [];
    let edited = false;
    const bc = httpBcContactsOn(f, {
      retry: { maxAttempts: 1 },
      fetch: async (input, init) => {
        const url = decodeURIComponent(String(input instanceof Request ? input.url : input));
        if (url.includes('$skiptoken=') && !url.includes('$deltatoken=') && !edited) {
          edited = true;
          await changeMany('Between pages');
        }
        const res = await fetch(input, init);
        if (url.includes('$deltatoken=')) deltaPages.push(res.status);
        return res;
      },
    });
    const whole = await bc.readChanges(null);
    expect(edited).toBe(true);
    if (whole.kind !== 'snapshot') throw new Error('expected a snapshot');
    // The closing round: 1,500 changes in 2 pages of at most 1,000.
    expect(deltaPages).toEqual([200, 200]);
    const all = await listContacts(f.db, f.company.id);
    expect(all).toHaveLength(CONTACTS - 100);
    expect(shown(whole.contacts)).toEqual(shown(all));

    deltaPages.length = 0;
    f.clock.advance(10 * 60_000); // past the link's margin: it reports only what follows
    await changeMany('Since the link');
    const next = await bc.readChanges(whole.deltaLink);
    expect(deltaPages).toEqual([200, 200]);
    if (next.kind !== 'changes') throw new Error('expected changes');
    expect(next.changed).toHaveLength(1400);
    // The 100 deleted since, and the 100 deleted during the whole read again: its link is the
    // read's own (readWhole), so what its closing round reported is reported again, harmlessly.
    expect(next.deletedIds).toHaveLength(200);
    const held = new Map(whole.contacts.map((c) => [c.id, c]));
    for (const c of next.changed) held.set(c.id, c);
    for (const id of next.deletedIds) held.delete(id);
    expect(shown([...held.values()])).toEqual(shown(await listContacts(f.db, f.company.id)));
  });
});
