import { describe, expect, test } from '@jest/globals';
import {
  DEFAULT_WRITE_SETTLE_MS,
  LEASE_TTL_MS,
  LONGEST_LEASE_MS,
  LONGEST_WRITE_TIMEOUT_MS,
  writeSettleMs,
} from '../../src/core/lease.js';
import type { SyncStateStore } from '../../src/core/ports.js';
import { startingRecord } from '../../src/core/records.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { DEFAULT_TIMEOUTS } from '../../src/platform/deadline.js';
import { loadConfig } from '../../src/server/config.js';
import { SqlSyncStateStore } from '../../src/store/sql-state-store.js';
import { sharedPglite } from '../store/shared-pglite.js';

// Brief pagehide: a lease let go while its holder's writes may land is kept for writeSettleMs
// (core/run-interrupted.ts letGoOrKeep). Its default is stated in lease.ts; a store must not read
// so long an expiry as spoilt (sql-leases.ts leaseTimes trusts up to 2 × LONGEST_LEASE_MS).

const T0 = '2026-03-01T08:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();

describe('the write settle: how long a lease is kept while its holder’s sent writes may land', () => {
  test('at the default timeouts it is DEFAULT_WRITE_SETTLE_MS, past every write timeout and trusted by the stores', () => {
    const { graphMs, bcMs, stateMs } = DEFAULT_TIMEOUTS;
    expect(writeSettleMs([graphMs, bcMs, stateMs])).toBe(DEFAULT_WRITE_SETTLE_MS);
    expect(DEFAULT_WRITE_SETTLE_MS).toBeGreaterThan(Math.max(graphMs, bcMs, stateMs));
    expect(LONGEST_LEASE_MS).toBeGreaterThanOrEqual(DEFAULT_WRITE_SETTLE_MS);
  });

  const pglite = sharedPglite();
  const stores: [string, () => Promise<{ store: SyncStateStore; close: () => Promise<void> }>][] = [
    ['memory', async () => ({ store: new MemorySyncStateStore(), close: async () => undefined })],
    [
      'PGlite (SQL)',
      // One database for the file, fresh for each row (shared-pglite.ts).
      async () => ({ store: new SqlSyncStateStore(await pglite()), close: async () => undefined }),
    ],
  ];
  // At the longest timeouts a host may be configured with too (brief holdfix item 3).
  const settles: [string, number][] = [
    ['default timeouts', DEFAULT_WRITE_SETTLE_MS],
    ['longest configurable timeouts', writeSettleMs([LONGEST_WRITE_TIMEOUT_MS])],
  ];
  test.each(stores.flatMap(([n, open]) => settles.map(([t, ms]) => [n, t, open, ms] as const)))(
    '%s, %s: a lease kept that long is refused to another owner until then, free at it',
    async (_n, _t, open, settleMs) => {
      const { store, close } = await open();
      try {
        const key = 'lease:ann:Business Central';
        expect(await store.acquireLease(key, 'pane', T0, LEASE_TTL_MS, null)).toEqual({ ok: true });
        expect(await store.renewLease(key, 'pane', at(1_000), settleMs)).toBe(true);
        const until = 1_000 + settleMs;
        // At once too: an expiry this far ahead is no spoilt one (past 2 × 30 s it was, and taken).
        expect((await store.acquireLease(key, 'schedule', at(1_000), LEASE_TTL_MS, null)).ok).toBe(false);
        expect((await store.acquireLease(key, 'schedule', at(until - 1), LEASE_TTL_MS, null)).ok).toBe(false);
        expect(await store.acquireLease(key, 'schedule', at(until), LEASE_TTL_MS, null)).toEqual({
          ok: true,
        });
      } finally {
        await close();
      }
    },
  );

  // Brief cancelkeep: a run's end whose writes may land (RunEnd.keepMs) keeps the lease as long.
  const withLinks = [false, true];
  test.each(
    stores.flatMap(([n, open]) =>
      settles.flatMap(([t, ms]) => withLinks.map((l) => [n, t, l, open, ms] as const)),
    ),
  )(
    '%s, %s, an end with links %s: kept that long past the end, free at it',
    async (_n, _t, links, open, settleMs) => {
      const { store, close } = await open();
      try {
        const key = 'ann|business central';
        const begun = startingRecord(
          {
            id: 'run-1',
            userId: 'ann',
            folderName: 'Business Central',
            mode: 'full',
            dryRun: false,
            trigger: 'cli',
          },
          T0,
        );
        await store.saveRun(begun);
        expect(await store.acquireLease(key, 'run-1', T0, LEASE_TTL_MS, null)).toEqual({ ok: true });
        const scope = { userId: 'ann', folderId: 'f' };
        await store.endRun({
          fence: { key, owner: 'run-1' },
          run: { ...begun, status: 'cancelled', finishedAt: at(1_000) },
          ...(links ? { links: { scope, upserts: [], deletes: ['bc-9'], clearPending: [] } } : {}),
          keepMs: settleMs,
        });
        const until = 1_000 + settleMs;
        expect((await store.acquireLease(key, 'next', at(until - 1), LEASE_TTL_MS, null)).ok).toBe(false);
        expect(await store.acquireLease(key, 'next', at(until), LEASE_TTL_MS, null)).toEqual({ ok: true });
      } finally {
        await close();
      }
    },
  );
});

// Brief holdfix item 3: a timeout above LONGEST_WRITE_TIMEOUT_MS made a kept lease's expiry one
// the SQL store reads as spoilt (taken at once); such a setting is a config error now.
test.each(['GRAPH_TIMEOUT_MS', 'BC_TIMEOUT_MS'])('%s above the longest write timeout is refused', (name) => {
  expect(loadConfig({ [name]: String(LONGEST_WRITE_TIMEOUT_MS) }).ok).toBe(true);
  expect(loadConfig({ [name]: String(LONGEST_WRITE_TIMEOUT_MS + 1) })).toEqual({
    ok: false,
    errors: [
      `${name}=${LONGEST_WRITE_TIMEOUT_MS + 1}: expected milliseconds from 100 to ${LONGEST_WRITE_TIMEOUT_MS}.`,
    ],
  });
});
