import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { StoreBcContacts } from '../../src/bc/store-bc-contacts.js';
import type { BcContact } from '../../src/core/model.js';
import { SLICE_ROWS, nextTurn } from '../../src/platform/loop-turns.js';
import { systemClock } from '../../src/platform/system-clock.js';
import { StoreBcSource } from '../../src/server/bc-api/bc-source.js';
import { SELECT_CONTACT, toContact } from '../../src/store/bc-contact-rows.js';
import type { ContactRow } from '../../src/store/bc-contact-rows.js';
import { contactChanges } from '../../src/store/bc-repository.js';
import type { Db } from '../../src/store/db.js';
import { storeWithContacts } from '../support/bulk-contacts.js';
import { STORE_ENGINES } from '../support/postgres.js';
import type { TestDb } from '../support/postgres.js';

// Tester F89 (issue 10 §3): at 26,308 BC contacts /healthz took 15.1 s while 4 match previews ran:
// each read every contact in one statement, and PGlite runs a statement in this thread. The kind:
// every whole read of the company's contacts (previews, the BC API's pages, a run's snapshot and
// its changes). All go through listContacts, which reads in slices with a turn of the event loop
// between (loop-turns.ts). Proved by counting what the loop served between slices, never by time.

const CONTACTS = 5 * SLICE_ROWS + 37;

/** The reads of the kind: each returns contacts; `expected` is the one-statement answer. */
const READS: readonly (readonly [string, (db: Db, companyId: string) => Promise<readonly BcContact[]>])[] = [
  [
    'StoreBcContacts.listAll (previews, server runs)',
    (db, c) => new StoreBcContacts(db, systemClock, c).listAll(),
  ],
  [
    'StoreBcContacts.readChanges(null) (a run without a delta link)',
    async (db, c) => {
      const r = await new StoreBcContacts(db, systemClock, c).readChanges(null);
      return r.kind === 'snapshot' ? r.contacts : [];
    },
  ],
  [
    'StoreBcSource.listContacts (BC API GET contacts, a page of 1,000 after 100)',
    (db, c) =>
      new StoreBcSource(db, systemClock).listContacts(
        c,
        {
          filter: null,
          orderBy: [{ field: 'displayName', desc: true }],
          select: null,
          top: null,
          skip: 100,
          after: null,
        },
        1000,
      ),
  ],
  [
    'contactChanges without a limit (a delta read of everything)',
    async (db, c) => (await contactChanges(db, c, '2000-01-01T00:00:00.000Z')).changed,
  ],
];

/** What each read would answer in one statement (the old way). */
const ONE_STATEMENT: Record<string, string> = {
  [READS[0]![0]]: 'ORDER BY number COLLATE "C", id',
  [READS[1]![0]]: 'ORDER BY number COLLATE "C", id',
  [READS[2]![0]]: 'ORDER BY display_name COLLATE "C" DESC, id LIMIT 1000 OFFSET 100',
  [READS[3]![0]]: 'ORDER BY last_modified, id',
};

/** `db`, counting whole-contact rows by the loop turn they arrived in (a ticker counts turns). */
function countingDb(db: Db): { db: Db; rowsByTurn: Map<number, number>; stop(): void } {
  let turn = 0;
  let running = true;
  const tick = () => {
    turn++;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  const rowsByTurn = new Map<number, number>();
  const wrapped: Db = {
    ...db,
    query: async <T>(sql: string, params?: readonly unknown[]) => {
      const r = await db.query<T>(sql, params);
      if (sql.startsWith(SELECT_CONTACT)) rowsByTurn.set(turn, (rowsByTurn.get(turn) ?? 0) + r.rows.length);
      return r;
    },
  };
  return { db: wrapped, rowsByTurn, stop: () => (running = false) };
}

describe.each(STORE_ENGINES)('whole reads in slices on %s (F89)', (_engine, open) => {
  let db: TestDb;
  let companyId = '';
  beforeAll(async () => {
    ({ db, companyId } = await storeWithContacts(open, 'Sliced', CONTACTS, {
      display_name: "'Person ' || (i % 50)",
      city: "'Oslo'",
      last_modified: "now() - (i % 13) * interval '1 minute'",
    }));
  });
  afterAll(() => db.close());

  test.each(READS)('%s: at most SLICE_ROWS contacts per loop turn, the same answer', async (name, read) => {
    const counting = countingDb(db);
    const got = await read(counting.db, companyId).finally(counting.stop);
    const expected = (
      await db.query<ContactRow>(
        `${SELECT_CONTACT} WHERE company_id = $1 AND deleted_at IS NULL ${ONE_STATEMENT[name]}`,
        [companyId],
      )
    ).rows.map(toContact);
    expect(got.map((c) => c.id)).toEqual(expected.map((c) => c.id));
    expect(got).toEqual(expected);
    const perTurn = [...counting.rowsByTurn.values()];
    expect(perTurn.reduce((a, b) => a + b, 0)).toBe(expected.length);
    // The old single statement delivered every contact in one turn.
    expect(Math.max(...perTurn)).toBeLessThanOrEqual(SLICE_ROWS);
    expect(counting.rowsByTurn.size).toBeGreaterThanOrEqual(Math.ceil(expected.length / SLICE_ROWS));
  });
});

describe('nextTurn: one slice per loop turn for the whole process', () => {
  test('four bulk workers and a ticker: the ticker runs between every two slices of anyone', async () => {
    const events: string[] = [];
    let running = true;
    const tick = () => {
      events.push('tick');
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const worker = async (name: string) => {
      for (let i = 0; i < 5; i++) {
        await nextTurn();
        events.push(name);
      }
    };
    await Promise.all(['a', 'b', 'c', 'd'].map(worker));
    running = false;
    const slices = events.filter((e) => e !== 'tick');
    expect(slices).toHaveLength(20);
    // Fair: each worker's k-th slice before anyone's (k+1)-th.
    expect(slices.slice(0, 4).sort()).toEqual(['a', 'b', 'c', 'd']);
    for (let i = 1; i < events.length; i++) if (events[i] !== 'tick') expect(events[i - 1]).toBe('tick');
  });
});
