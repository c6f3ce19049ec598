import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import {
  deleteContact,
  insertCompany,
  insertContacts,
  keyedContactId,
} from '../../src/store/bc-repository.js';
import { openPglite } from '../../src/store/db.js';
import type { Db } from '../../src/store/db.js';
import { bcDraft } from '../contracts/bc-contacts.contract.js';
import { buildMigratedTemplate } from './pglite-template.js';

// Review V12 (ab7c807, the V1 fix), the example: a keyed create whose id holds a deleted contact walks the id's
// successor chain one SELECT per deleted link, with no bound, inside its transaction (a pooled
// connection held throughout). Each delete of the contact made under a key lengthens that key's
// chain by one for ever (tombstones stay), and every later create of that key walks all of it:
// a member of the company who creates and deletes under one $batch operation key (operation keys
// keep no answer) makes every further create of it cost as many round trips as deletes so far —
// ten such batches at once hold the database pool. The work of one request should be bounded.

let db: Db;
let queries = 0;
beforeAll(async () => {
  const { template } = await buildMigratedTemplate();
  const raw = await openPglite({ loadDataDir: template });
  const counting = (d: Db): Db =>
    new Proxy(d, {
      get(target, prop) {
        const v: unknown = Reflect.get(target, prop, target);
        if (prop === 'query')
          return (...a: unknown[]) => {
            queries++;
            return (v as (...x: unknown[]) => unknown).apply(target, a);
          };
        if (prop === 'transaction')
          return (fn: (tx: Db) => Promise<unknown>) =>
            (v as (f: (tx: Db) => Promise<unknown>) => Promise<unknown>).call(target, (tx: Db) =>
              fn(counting(tx)),
            );
        return typeof v === 'function' ? (v as (...x: unknown[]) => unknown).bind(target) : v;
      },
    });
  db = counting(raw);
});
afterAll(async () => db?.close());

describe('a keyed create after many deletes of its contact (V12)', () => {
  test('the create’s statements do not grow with the number of deletes', async () => {
    const clock = new ManualClock('2026-03-01T08:00:00.000Z');
    const company = (await insertCompany(db, clock, { name: 'Chain' })).id;
    const body = bcDraft(7);
    const id = keyedContactId(company, JSON.stringify(['user:u', 'op-key']), body);
    const costOfCreate = async () => {
      const before = queries;
      const [made] = await insertContacts(db, clock, company, [{ ...body, id }]);
      if (!made?.ok) throw new Error('create failed');
      return { cost: queries - before, made: made.value };
    };
    const first = await costOfCreate();
    let last = first;
    for (let n = 0; n < 40; n++) {
      expect((await deleteContact(db, clock, company, last.made.id, '*')).ok).toBe(true);
      last = await costOfCreate();
    }
    // Before: the 41st create cost about 40 statements more than the first; now a window of 16
    // chain ids per statement after the first (at most 9 statements however many deletes).
    expect(last.cost).toBeLessThanOrEqual(first.cost + 3);
  });
});
