import { describe, expect, test } from '@jest/globals';
import {
  DEFAULT_WRITE_SETTLE_MS,
  LEASE_TTL_MS,
  LONGEST_LEASE_MS,
  writeSettleMs,
} from '../../src/core/lease.js';
import type { SyncStateStore } from '../../src/core/ports.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { DEFAULT_TIMEOUTS } from '../../src/platform/deadline.js';
import { openPglite } from '../../src/store/db.js';
import { SqlSyncStateStore } from '../../src/store/sql-state-store.js';
import { buildMigratedTemplate } from '../store/pglite-template.js';

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

  const stores: [string, () => Promise<{ store: SyncStateStore; close: () => Promise<void> }>][] = [
    ['memory', async () => ({ store: new MemorySyncStateStore(), close: async () => undefined })],
    [
      'PGlite (SQL)',
      async () => {
        const db = await openPglite({ loadDataDir: (await buildMigratedTemplate()).template });
        return { store: new SqlSyncStateStore(db), close: () => db.close() };
      },
    ],
  ];
  test.each(stores)(
    '%s: a lease kept that long is refused to another owner until then, free at it',
    async (_n, open) => {
      const { store, close } = await open();
      try {
        const key = 'lease:ann:Business Central';
        expect(await store.acquireLease(key, 'pane', T0, LEASE_TTL_MS, null)).toEqual({ ok: true });
        expect(await store.renewLease(key, 'pane', at(1_000), DEFAULT_WRITE_SETTLE_MS)).toBe(true);
        const until = 1_000 + DEFAULT_WRITE_SETTLE_MS;
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
});
