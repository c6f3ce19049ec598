/**
 * Issue 12 (delta-bc-1pct): the store statements on a sync run's critical path — its opening, its
 * record's saves, its end with and without links — are prepared once per connection
 * (src/store/run-statement-names.ts), not parsed and planned at every call (1-2 ms of each round
 * trip at the median on the bench's loaded machine). Seen on PostgreSQL (PGlite has no such
 * distinction): after each call, its name is among the connection's prepared statements, and a
 * second call on the same connection runs it again with other values.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Db } from '../../src/store/db.js';
import { openPostgres } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrations/index.js';
import { RUN_STATEMENTS } from '../../src/store/run-statement-names.js';
import { SqlSyncStateStore } from '../../src/store/sql-state-store.js';
import { link, run } from '../contracts/sync-state-store.fixtures.js';
import { createTestDatabase } from '../support/postgres.js';
import type { TestDatabase } from '../support/postgres.js';

const NOW = '2026-12-05T20:00:00.000Z';
const CURSOR = { bcDeltaLink: 'bc-link', deltaLink: 'graph-link', filterKey: '' };

/** One call of a run's statement for `userId` (`n`: the call's number, for values that differ). */
type Call = (store: SqlSyncStateStore, userId: string, n: number) => Promise<unknown>;

const key = (userId: string) => `${userId}|business central`;
const open: Call = (s, userId, n) =>
  s.openRun({
    userId,
    runs: 5,
    owner: `run-${n}`,
    now: NOW,
    ttlMs: 60_000,
    holder: null,
    defaultKey: key(userId),
  });
/** The lease of `run-n`, as the run's opening takes it (the writes below are fenced on it). */
const leased = async (s: SqlSyncStateStore, userId: string, n: number) => {
  expect((await s.acquireLease(key(userId), `run-${n}`, NOW, 60_000, null)).ok).toBe(true);
  return { key: key(userId), owner: `run-${n}` };
};

/** The run's record as the second call saved it is stored (its work done, prepared). */
const saved = async (s: SqlSyncStateStore, userId: string) =>
  (await s.getRun(userId, 'run-2'))?.id === 'run-2';

/** The run's record is saved and its lease kept: another owner does not get it at the end. */
const savedAndKept = async (s: SqlSyncStateStore, userId: string) =>
  (await saved(s, userId)) && !(await s.acquireLease(key(userId), 'someone-else', NOW, 60_000, null)).ok;

/** A run's end, its lease let go (`keepMs` undefined) or kept `keepMs` past the end. */
const end =
  (keepMs: number | undefined): Call =>
  async (s, userId, n) =>
    s.endRun({
      fence: await leased(s, userId, n),
      run: run(userId, `run-${n}`, NOW),
      cursor: { scope: { userId, folderId: 'f-1' }, next: CURSOR },
      ...(keepMs === undefined ? {} : { keepMs }),
    });

/** A run's end with links, its lease let go or kept as `end`'s. */
const endWithLinks =
  (keepMs: number | undefined): Call =>
  async (s, userId, n) => {
    const fence = await leased(s, userId, n);
    const scope = { userId, folderId: 'f-1' };
    // A link already stored: the end's links update it (an end that adds links stores them apart).
    await s.fenced(fence).upsertLinks(scope, [link('bc-1', 'ol-1', n)]);
    return s.endRun({
      fence,
      run: run(userId, `run-${n}`, NOW),
      cursor: { scope, next: CURSOR },
      links: { scope, upserts: [link('bc-1', 'ol-1', n + 10)], deletes: [], clearPending: [] },
      ...(keepMs === undefined ? {} : { keepMs }),
    });
  };

const CALLS: readonly (readonly [string, Call, typeof saved])[] = [
  [
    RUN_STATEMENTS.open,
    open,
    // The second opening took its user's lease: another owner does not get it.
    async (s, userId) => !(await s.acquireLease(key(userId), 'someone-else', NOW, 60_000, null)).ok,
  ],
  [
    RUN_STATEMENTS.saveFlushed,
    async (s, userId, n) => s.fenced(await leased(s, userId, n)).saveRun(run(userId, `run-${n}`, NOW)),
    saved,
  ],
  [
    RUN_STATEMENTS.saveUnflushed,
    async (s, userId, n) =>
      s.fenced(await leased(s, userId, n)).saveRun(run(userId, `run-${n}`, NOW), 'unflushed'),
    saved,
  ],
  [RUN_STATEMENTS.end, end(undefined), saved],
  [RUN_STATEMENTS.endWithLinks, endWithLinks(undefined), saved],
  // The ends that keep the lease while the run's writes may land (RunEnd.keepMs): their own texts.
  [RUN_STATEMENTS.endKept, end(65_000), savedAndKept],
  [RUN_STATEMENTS.endWithLinksKept, endWithLinks(65_000), savedAndKept],
];

describe('the statements on a run’s critical path are prepared once per connection (PostgreSQL)', () => {
  let created: TestDatabase;
  let db: Db & { close(): Promise<void> };
  beforeAll(async () => {
    created = await createTestDatabase('bcsync_prepared');
    db = await openPostgres(created.url);
    await migrate(db);
  });
  afterAll(async () => {
    await db.close();
    await created.drop();
  });

  test('every named statement is in the table', () => {
    expect(CALLS.map(([name]) => name).sort()).toEqual(Object.values(RUN_STATEMENTS).sort());
  });

  test.each(CALLS)('%s: prepared on its connection, and run again there', async (name, call, done) => {
    const userId = `prepared-${name}`;
    const prepared = await db.transaction(async (tx) => {
      const store = new SqlSyncStateStore(tx);
      await call(store, userId, 1);
      await call(store, `${userId}-again`, 2);
      return (await tx.query<{ name: string }>('SELECT name FROM pg_prepared_statements')).rows.map(
        (r) => r.name,
      );
    });
    expect(prepared).toContain(name);
    // The second call, prepared, did its work.
    expect(await done(new SqlSyncStateStore(db), `${userId}-again`)).toBe(true);
  });
});
