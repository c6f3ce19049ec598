/**
 * Review of adf5de4 (a run's fenced upsertLinks as ONE statement): the scope's cap must hold when
 * two link writes of the lease's holder meet (two chunks or pipelines of one run, a write repeated
 * after its answer was lost). Before, the fenced write was a transaction that locked the lease row
 * first and only then counted the scope's links: a second write waited on the lock and counted what
 * the first had committed. As one statement under READ COMMITTED, its snapshot is taken when it
 * starts, before it waits on the lease row's lock: once the first write commits, it counts the
 * scope as it was before, and writes past the cap.
 *
 * PostgreSQL only: PGlite has one connection, so two statements never meet there.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Link } from '../../src/core/link.js';
import type { SyncScope } from '../../src/core/ports.js';
import { transactionAfter } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrations/index.js';
import { SqlLeases } from '../../src/store/sql-leases.js';
import { SqlSyncStateStore } from '../../src/store/sql-state-store.js';
import { link } from '../contracts/sync-state-store.fixtures.js';
import { pollUntil } from '../support/poll.js';
import { STORE_ENGINES } from '../support/postgres.js';
import type { TestDb } from '../support/postgres.js';

const NOW = '2026-12-05T04:00:00.000Z';
const CAPS = { links: 3, skipped: 100, conflicts: 100, pending: 100 };
const POSTGRES = STORE_ENGINES.filter(([name]) => name === 'PostgreSQL');

describe.each(POSTGRES)("a run's fenced links beside another of its link writes on %s", (_engine, open) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await open();
    await migrate(db);
  });
  afterAll(() => db.close());

  const waitingOnLock = async () => {
    const r = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
    );
    return (r.rows[0]?.n ?? 0) > 0 ? true : undefined;
  };

  test('the second write counts what the first committed: scopeFull, the scope stays within its cap', async () => {
    const scope: SyncScope = { userId: `cap-race-${Math.random()}`, folderId: 'f-1' };
    const fence = { key: `lease-${scope.userId}`, owner: 'run-a' };
    const store = new SqlSyncStateStore(db, undefined, CAPS);
    expect((await store.acquireLease(fence.key, fence.owner, NOW, 60_000, null)).ok).toBe(true);

    // The first write of the holder: two links, under the lease row's lock (as every fenced write
    // takes it), held open until the second write is seen waiting on that lock.
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let firstHolds = false;
    const first = transactionAfter(db, SqlLeases.lockOf(fence), async (tx, held) => {
      expect(held).toHaveLength(1);
      await new SqlSyncStateStore(tx, undefined, CAPS).upsertLinks(scope, [
        link('bc-1', 'ol-1', 1),
        link('bc-2', 'ol-2', 2),
      ]);
      firstHolds = true;
      await gate;
    });
    let second: Promise<unknown> = Promise.resolve();
    try {
      await pollUntil('the first write holding the lease row', () => (firstHolds ? true : undefined), {
        everyMs: 10,
      });
      // The second: two more links, 4 > 3 once the first has committed.
      second = store
        .fenced(fence)
        .upsertLinks(scope, [link('bc-3', 'ol-3', 3), link('bc-4', 'ol-4', 4)])
        .then(
          () => 'written',
          (e: unknown) => e,
        );
      await pollUntil('the second write waiting on the lease row', waitingOnLock, { everyMs: 10 });
    } finally {
      release();
      await first;
    }
    const outcome = await second;
    const stored = (await store.listLinks(scope)).map((l: Link) => l.bcId);
    expect({ outcome, stored }).toMatchObject({
      outcome: { refusal: { kind: 'scopeFull', list: 'links', max: 3 } },
      stored: ['bc-1', 'bc-2'],
    });
  });
});
