/**
 * Issue 12 §2: a run's end — its cursor, its record and the release of its lease — is one store
 * call (SyncStateStore.endRun), not three round trips one after another after its last write. The
 * guarantees stay: the cursor moves only with the lease held (F105, the fence), only after the
 * run's conflicts and skipped contacts are stored, and a run that lost its lease ends `leaseLost`.
 */
import { describe, expect, test } from '@jest/globals';
import { silentLogger } from '../../src/core/ports.js';
import type { RunEnd, SyncStateStore } from '../../src/core/ports.js';
import { LEASE_TTL_MS, leaseKeyOf } from '../../src/core/lease.js';
import { runSync } from '../../src/core/run.js';
import { USER, deltaReady } from '../support/world.js';
import type { World } from '../support/world.js';

const KEY = leaseKeyOf(USER, 'Business Central');

/** `store` recording the name of every port call it answers, in order. */
function recording(store: SyncStateStore, calls: string[]): SyncStateStore {
  return new Proxy(store, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== 'function' || property === 'fenced') return value;
      return (...args: unknown[]) => {
        calls.push(String(property));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/**
 * `store` whose lease is taken over by `run-other` just before the run's end reaches it (a reaper
 * freed it: the run's own heartbeat said nothing). `unfencedEnd`: the control, an end that stores
 * without asking whether the lease is held (as the separate calls would, unfenced).
 */
function takenOverAtEnd(w: World, unfencedEnd: boolean): SyncStateStore {
  const store = w.store;
  return new Proxy(store, {
    get(target, property) {
      if (property !== 'endRun') return Reflect.get(target, property, target) as unknown;
      return async (end: RunEnd) => {
        await store.releaseLease(end.fence.key, end.fence.owner);
        await store.acquireLease(end.fence.key, 'run-other', w.clock.now(), LEASE_TTL_MS);
        if (!unfencedEnd) return store.endRun(end);
        if (end.cursor) await store.putCursor(end.cursor.scope, end.cursor.next);
        await store.saveRun(end.run);
      };
    },
  });
}

async function deltaTakenOverAtEnd(unfencedEnd: boolean) {
  const { w, ids } = await deltaReady(3);
  const scope = await w.scope();
  const before = await w.store.getCursor(scope);
  w.bc.edit(ids[0]!, { city: 'Paris' });
  const outcome = await runSync(
    {
      bc: w.bc,
      mailbox: w.mailbox,
      store: takenOverAtEnd(w, unfencedEnd),
      clock: w.clock,
      logger: silentLogger,
    },
    { runId: 'run-late', userId: USER, mode: 'delta', dryRun: false, trigger: 'schedule' },
  );
  return { w, scope, before, outcome, after: await w.store.getCursor(scope) };
}

describe("a run's end is one store call (issue 12 §2)", () => {
  test('a clean delta ends with endRun alone: no putCursor, saveRun or release after its writes', async () => {
    const { w, ids } = await deltaReady(3);
    w.bc.edit(ids[1]!, { city: 'Paris' });
    const calls: string[] = [];
    const { record } = await runSync(
      {
        bc: w.bc,
        mailbox: w.mailbox,
        store: recording(w.store, calls),
        clock: w.clock,
        logger: silentLogger,
      },
      { runId: 'run-one', userId: USER, mode: 'delta', dryRun: false, trigger: 'schedule' },
    );
    expect(record.status).toBe('succeeded');
    expect(calls.at(-1)).toBe('endRun');
    expect(calls).not.toContain('putCursor');
    expect(calls).not.toContain('releaseLease');
    // It stored what a clean end stores: the cursor moved past the edit, the record, the lease free.
    expect((await w.sync('delta')).plan?.items).toStrictEqual([]);
    expect((await w.store.getRun(USER, 'run-one'))?.status).toBe('succeeded');
    expect(await w.store.acquireLease(KEY, 'next', w.clock.now(), LEASE_TTL_MS)).toStrictEqual({ ok: true });
  });

  test('lease taken over just before the end: cursor not moved, the run ends leaseLost, the new holder keeps it', async () => {
    const { w, before, outcome, after } = await deltaTakenOverAtEnd(false);
    expect(after).toStrictEqual(before);
    expect(outcome.record.status).toBe('failed');
    expect(outcome.record.errors.at(-1)?.code).toBe('leaseLost');
    expect((await w.store.getRun(USER, 'run-late'))?.errors.at(-1)?.code).toBe('leaseLost');
    // The run's own release afterwards frees nothing of the new holder's.
    expect(await w.store.acquireLease(KEY, 'third', w.clock.now(), LEASE_TTL_MS)).toMatchObject({
      ok: false,
    });
  });

  test('control: an end that does not ask for the lease moves the cursor under the new holder', async () => {
    const { before, outcome, after } = await deltaTakenOverAtEnd(true);
    expect(after).not.toStrictEqual(before);
    expect(outcome.record.status).toBe('succeeded');
  });
});
