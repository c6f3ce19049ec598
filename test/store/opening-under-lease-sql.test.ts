/**
 * Issue 12 (delta-bc-1pct): a run whose opening says its reads were made under the lease
 * (RunOpening.readUnderLease) reads its records and cursor no more. The SQL opening is one
 * statement whose reads are its snapshot; the lease is the insert that follows, which waits for a
 * run that releases the lease meanwhile (its end: cursor, record, release in one transaction).
 * Raced on PostgreSQL (PGlite runs one transaction at a time): the release is held open until the
 * opening waits for it; the opening then takes the lease, but read the cursor from before that
 * end, so it must not say read under the lease.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { leaseKeyOf } from '../../src/core/lease.js';
import type { SyncCursor } from '../../src/core/ports.js';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import { migrate } from '../../src/store/migrations/index.js';
import { SqlSyncStateStore } from '../../src/store/sql-state-store.js';
import { run } from '../contracts/sync-state-store.fixtures.js';
import { STORE_ENGINES } from '../support/postgres.js';
import type { TestDb } from '../support/postgres.js';

const POSTGRES = STORE_ENGINES.find(([name]) => name === 'PostgreSQL')!;
const t0 = '2024-03-01T12:00:00.000Z';
const later = '2024-03-01T12:00:05.000Z';
const c0: SyncCursor = { bcDeltaLink: 'bc-0', deltaLink: 'd-0', filterKey: '[]' };
const c1: SyncCursor = { bcDeltaLink: 'bc-1', deltaLink: 'd-1', filterKey: '[]' };

describe('an opening raced by the end of the run that held the lease (PostgreSQL)', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await POSTGRES[1]();
    await migrate(db);
  });
  afterAll(() => db.close());

  /** Whether a statement of this database waits for a lock (the opening's insert, for the end). */
  const waiting = async () =>
    (
      await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      )
    ).rows[0]!.n > 0;

  test('the lease is taken once the end commits, and the opening does not say it read under it', async () => {
    const store = new SqlSyncStateStore(db);
    const userId = `race-${Math.random().toString(36).slice(2, 10)}@contoso.com`;
    const key = leaseKeyOf(userId, DEFAULT_SETTINGS.folderName);
    const scope = { userId, folderId: 'folder-1' };
    await store.saveRun({ ...run(userId, 'run-A', t0), folderId: 'folder-1' });
    await store.putCursor(scope, c0);
    expect((await store.acquireLease(key, 'run-A', t0, 30_000, null)).ok).toBe(true);

    let ended = (): void => undefined;
    let inEnd = (): void => undefined;
    const endHeld = new Promise<void>((resolve) => (inEnd = resolve));
    // run-A's end, left open: its cursor moved and its lease let go, not committed yet.
    const end = db.transaction(async (tx) => {
      await tx.query(
        'UPDATE sync_cursors SET bc_delta_link = $3, delta_link = $4 WHERE user_id = $1 AND folder_id = $2',
        [userId, scope.folderId, c1.bcDeltaLink, c1.deltaLink],
      );
      await tx.query('DELETE FROM sync_leases WHERE key = $1 AND owner = $2', [key, 'run-A']);
      inEnd();
      await new Promise<void>((resolve) => (ended = resolve));
    });
    await endHeld;
    const opening = store.openRun({
      userId,
      runs: 20,
      owner: 'run-B',
      now: later,
      ttlMs: 30_000,
      holder: null,
      defaultKey: key,
    });
    // The opening's snapshot is taken and its insert waits for the end (no clock: the server says).
    for (let polls = 0; !(await waiting()); polls++) expect(polls).toBeLessThan(10_000);
    ended();
    await end;
    const opened = await opening;

    expect(opened.leaseKey).toBe(key);
    // What the snapshot read is from before the end: the cursor run-A moved is not in it.
    expect(opened.cursors.get(scope.folderId)).toStrictEqual(c0);
    expect(await store.getCursor(scope)).toStrictEqual(c1);
    expect(opened.readUnderLease).toBe(false);
  });
});
