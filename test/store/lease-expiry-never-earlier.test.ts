/**
 * Brief leases (b): every operation that sets a lease's expiry — acquire, the owner's acquire again,
 * renew, a keep (letGoOrKeep's renewal to the write settle), a save announcing writes
 * (store/announced-keep.ts) — never moves it earlier than a keep already promised while the
 * holder's writes may land (store/sql-leases.ts neverEarlierSql; the memory store's leaseExpiryMs). The
 * owner's acquire again set it to now + TTL: after a save that announced a write (the lease kept
 * to the save + the settle) a retried acquire cut the keep short, and another run took the folder
 * while the write could still land.
 *
 * A property over random sequences of those operations by two owners, with a clock the test moves,
 * on the memory and the SQL (PGlite) store: while the holder's promised keep has not ended, the key
 * is refused to anyone else and its stated expiry is no earlier than the keep. A release is the
 * holder's word that nothing it sent is out (a run's end; letGoOrKeep keeps instead when it may
 * be): it ends the promise. + the named example. The contract row (sync-state-store.contract.ts, "a
 * re-acquire by the owner never moves its expiry earlier") runs the re-acquire on every adapter,
 * the HTTP store too.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { announcedKeepMs, leaseKeyOf } from '../../src/core/lease.js';
import type { SyncStateStore } from '../../src/core/ports.js';
import type { RunRecord } from '../../src/core/records.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { openPglite } from '../../src/store/db.js';
import type { Db } from '../../src/store/db.js';
import { SqlSyncStateStore } from '../../src/store/sql-state-store.js';
import { run } from '../contracts/sync-state-store.fixtures.js';
import { buildMigratedTemplate } from './pglite-template.js';

/** A settle other than the default: the keep follows the fence's, not a constant. */
const SETTLE = 47_000;
/** How long a save announcing a write keeps (a write goes out up to 5 s after it): 52 s. */
const KEEP = announcedKeepMs(SETTLE);
const T0 = Date.parse('2026-03-01T08:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

let db: Db;
beforeAll(async () => {
  db = await openPglite({ loadDataDir: (await buildMigratedTemplate()).template });
});
afterAll(async () => db.close());

const STORES: Record<string, { make: () => SyncStateStore; runs: number }> = {
  memory: { make: () => new MemorySyncStateStore(), runs: 300 },
  sql: { make: () => new SqlSyncStateStore(db), runs: 60 },
};

let users = 0;
/** A fresh user (its folder's lease key and its runs' records) per sequence. */
function freshUser(): { userId: string; key: string } {
  const userId = `never-earlier-${++users}`;
  return { userId, key: leaseKeyOf(userId, 'Business Central') };
}

/** `owner`'s record as saved just before a write goes out at `nowMs`: one BC create unanswered. */
function announcing(userId: string, owner: string, nowMs: number): RunRecord {
  const none = { created: 0, updated: 0, deleted: 0 };
  const uncertain = { bc: { ...none, created: 1 }, outlook: none };
  return { ...run(userId, owner, iso(T0)), durationMs: nowMs - T0, uncertain };
}

type Owner = 'p1' | 'p2';
type Op =
  | { readonly kind: 'advance'; readonly ms: number }
  | { readonly kind: 'acquire' | 'renew'; readonly owner: Owner; readonly ttlMs: number }
  | { readonly kind: 'keep' | 'announce' | 'release'; readonly owner: Owner };

const owner = fc.constantFrom<Owner>('p1', 'p2');
const ttl = fc.integer({ min: 1, max: 30_000 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 30_000 }) }),
  fc.record({ kind: fc.constantFrom('acquire' as const, 'renew' as const), owner, ttlMs: ttl }),
  fc.record({ kind: fc.constantFrom('keep' as const, 'announce' as const, 'release' as const), owner }),
);

/** Runs `ops` on `store`; fails at the first step where a promised keep was cut short. */
async function check(store: SyncStateStore, ops: readonly Op[]): Promise<void> {
  const { userId, key } = freshUser();
  let now = T0;
  let holder: Owner | null = null;
  /** The keep promised to each owner while its writes may land (ms), ended by its release. */
  const promised = new Map<Owner, number>();
  const promise = (o: Owner, untilMs: number) => promised.set(o, Math.max(promised.get(o) ?? 0, untilMs));
  for (const [step, o] of ops.entries()) {
    const at = iso(now);
    switch (o.kind) {
      case 'advance':
        now += o.ms;
        break;
      case 'acquire':
        if ((await store.acquireLease(key, o.owner, at, o.ttlMs, null)).ok) {
          if (holder !== o.owner) promised.delete(o.owner);
          holder = o.owner;
        }
        break;
      case 'renew':
        await store.renewLease(key, o.owner, at, o.ttlMs);
        break;
      case 'keep':
        if (await store.renewLease(key, o.owner, at, SETTLE)) promise(o.owner, now + SETTLE);
        break;
      case 'announce': {
        const saved = await store
          .fenced({ key, owner: o.owner, settleMs: SETTLE })
          .saveRun(announcing(userId, o.owner, now))
          .then(
            () => true,
            () => false,
          );
        if (saved) promise(o.owner, now + KEEP);
        break;
      }
      case 'release':
        await store.releaseLease(key, o.owner);
        if (holder === o.owner) [holder] = [null, promised.delete(o.owner)];
        break;
    }
    const keep = holder === null ? undefined : promised.get(holder);
    if (holder === null || keep === undefined || keep <= now) continue;
    // Asked by a third owner: refused while the keep lasts, and no earlier than it.
    const probe = await store.acquireLease(key, 'probe', iso(now), 1_000, null);
    const seen = probe.ok
      ? 'taken'
      : { owner: probe.heldBy.owner, endsBeforeKeep: Date.parse(probe.heldBy.expiresAt) < keep };
    expect({ step, op: o, seen }).toStrictEqual({
      step,
      op: o,
      seen: { owner: holder, endsBeforeKeep: false },
    });
  }
}

describe.each(Object.keys(STORES))(
  '%s store: no operation moves an expiry earlier than a promised keep',
  (name) => {
    const { make, runs } = STORES[name]!;

    test('the named example: a save announces a write, the owner acquires again, the keep stands', async () => {
      const store = make();
      const { userId, key } = freshUser();
      expect((await store.acquireLease(key, 'run-1', iso(T0), 30_000, null)).ok).toBe(true);
      // The save before a create goes out at 5 s: kept to 5 s + its keep (57 s).
      await store
        .fenced({ key, owner: 'run-1', settleMs: SETTLE })
        .saveRun(announcing(userId, 'run-1', T0 + 5_000));
      // Its acquire sent again (a lost answer's retry) lands at 10 s: it asked for 10 s + 30 s.
      expect((await store.acquireLease(key, 'run-1', iso(T0 + 10_000), 30_000, null)).ok).toBe(true);
      // At 45 s the create may still land: another run is refused until 57 s.
      expect(await store.acquireLease(key, 'run-2', iso(T0 + 45_000), 30_000, null)).toStrictEqual({
        ok: false,
        heldBy: { owner: 'run-1', expiresAt: iso(T0 + 5_000 + KEEP) },
      });
      expect((await store.acquireLease(key, 'run-2', iso(T0 + 5_000 + KEEP), 30_000, null)).ok).toBe(true);
    });

    test('random sequences of acquire, renew, keep, announce, release and time', async () => {
      const store = make();
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 30 }), (ops) => check(store, ops)),
        { numRuns: runs, seed: 20261207 },
      );
    });
  },
);
