/**
 * Brief leasegaps item 3: letGoOrKeep kept a lease let go with writes in flight by renewing the
 * owner's lease whichever take held it: a release naming a stale take (sent again after its answer
 * was lost, or landing late from the pane's `pagehide`) kept the owner's *current* take — a run's
 * next group's create turn — for the write settle (65 s) instead of the 30 s it was taken for,
 * and colleagues waited on a turn nobody used. The keep is now one conditional store step
 * (renewLease naming the take): only the take the release names is kept.
 */
import { describe, expect, test } from '@jest/globals';
import { CREATE_TURN_MS, DEFAULT_WRITE_SETTLE_MS, createTurnKey, leaseKeyOf } from '../../src/core/lease.js';
import type { SyncStateStore } from '../../src/core/ports.js';
import { letGoOrKeep } from '../../src/core/run-interrupted.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { SqlSyncStateStore } from '../../src/store/sql-state-store.js';
import { sharedPglite } from '../store/shared-pglite.js';

const T0 = '2026-03-01T08:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();
const pglite = sharedPglite();

const stores: [string, () => Promise<SyncStateStore>][] = [
  ['memory', async () => new MemorySyncStateStore()],
  [
    'PGlite (SQL)',
    // One database for the file, fresh for each row (shared-pglite.ts).
    async () => new SqlSyncStateStore(await pglite()),
  ],
];

/** The keys a release may name: a company's create turn (shared) and a user's folder lease. */
const keys: [string, string, boolean][] = [
  ['the create turn', createTurnKey('c0ffee00-0000-0000-0000-00000000a3a3'), true],
  ['a folder lease', leaseKeyOf('ann', 'Business Central'), false],
];
/** How the named take came to be stale (as the contract's STALE_RELEASES). */
const stale: [string, 'released' | 'held', string][] = [
  ['let go, its release sent again', 'released', 'take-1'],
  ['replaced by a re-take while held', 'held', 'take-1'],
  ['a take the owner never had', 'released', 'take-x'],
];

describe('a release with writes in flight keeps only the take it names', () => {
  const rows = stores.flatMap(([s, open]) =>
    keys.flatMap(([k, key, shared]) =>
      stale.map(([n, before, take]) => [s, k, n, open, key, shared, before, take] as const),
    ),
  );
  test.each(rows)('%s, %s, a take %s: the owner’s next take ends when it was taken to', async (...row) => {
    const [, , , open, key, shared, before, staleTake] = row;
    const store = await open();
    expect((await store.acquireLease(key, 'run-1', T0, CREATE_TURN_MS, null, 'take-1')).ok).toBe(true);
    if (before === 'released') await store.releaseLease(key, 'run-1', 'take-1');
    expect((await store.acquireLease(key, 'run-1', at(1), CREATE_TURN_MS, null, 'take-2')).ok).toBe(true);
    const outcome = await letGoOrKeep(store, {
      userId: 'ann',
      runId: 'run-1',
      leaseKey: key,
      take: staleTake,
      inFlight: true,
      shared,
      now: at(2),
      settleMs: DEFAULT_WRITE_SETTLE_MS,
    });
    // Nothing of this take to keep; take-2 is still the owner's, as it was.
    expect(outcome).toBe('released');
    expect(await store.holdsLease?.([key], 'run-1')).toBe(true);
    expect((await store.acquireLease(key, 'colleague', at(CREATE_TURN_MS), CREATE_TURN_MS)).ok).toBe(false);
    expect((await store.acquireLease(key, 'colleague', at(CREATE_TURN_MS + 1), CREATE_TURN_MS)).ok).toBe(
      true,
    );
  });

  test.each(stores)(
    '%s: the named example — the take the release names is kept for the write settle',
    async (_s, open) => {
      const store = await open();
      const turn = keys[0]![1];
      expect((await store.acquireLease(turn, 'run-1', T0, CREATE_TURN_MS, null, 'take-2')).ok).toBe(true);
      const g = { userId: 'ann', runId: 'run-1', leaseKey: turn, inFlight: true, shared: true, now: at(2) };
      expect(await letGoOrKeep(store, { ...g, take: 'take-2', settleMs: DEFAULT_WRITE_SETTLE_MS })).toBe(
        'kept',
      );
      const free = 2 + DEFAULT_WRITE_SETTLE_MS;
      expect((await store.acquireLease(turn, 'colleague', at(free - 1), CREATE_TURN_MS)).ok).toBe(false);
      expect((await store.acquireLease(turn, 'colleague', at(free), CREATE_TURN_MS)).ok).toBe(true);
    },
  );
});
