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
import { StateStoreRefusal } from '../../src/core/state-refusal.js';
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

/** `store` noting every end it is given. */
function watchingEnds(store: SyncStateStore, ends: RunEnd[]): SyncStateStore {
  return new Proxy(store, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (property !== 'endRun') return value;
      return (end: RunEnd) => {
        ends.push(end);
        return (value as SyncStateStore['endRun']).call(target, end);
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

  // end-links.ts: the links of the last group of Outlook writes are stored with the end, not a
  // store call before it; the cursor moves with them.
  test("a delta's last Outlook writes store their links with the end: no upsertLinks of their own", async () => {
    const { w, ids } = await deltaReady(3);
    const scope = await w.scope();
    w.bc.edit(ids[1]!, { city: 'Paris' });
    const calls: string[] = [];
    const ends: RunEnd[] = [];
    const { record } = await runSync(
      {
        bc: w.bc,
        mailbox: w.mailbox,
        store: watchingEnds(recording(w.store, calls), ends),
        clock: w.clock,
        logger: silentLogger,
      },
      { runId: 'run-links', userId: USER, mode: 'delta', dryRun: false, trigger: 'schedule' },
    );
    expect(record.status).toBe('succeeded');
    expect(record.counts.outlook.updated).toBe(1);
    expect(calls).not.toContain('upsertLinks');
    expect(calls.at(-1)).toBe('endRun');
    expect(ends).toHaveLength(1);
    expect(ends[0]?.links?.upserts.map((l) => l.bcId)).toStrictEqual([ids[1]]);
    expect(ends[0]?.cursor).toBeDefined();
    // Stored: the link holds the edit, and the next delta has nothing to do.
    const [stored] = await w.store.findLinks(scope, { bcIds: [ids[1]!], outlookIds: [] });
    expect(stored?.base.city).toBe('Paris');
    expect((await w.sync('delta')).plan?.items).toStrictEqual([]);
  });

  test('an end whose links are refused is stored without them: failed, the cursor where it was', async () => {
    const { w, ids } = await deltaReady(3);
    const scope = await w.scope();
    const before = await w.store.getCursor(scope);
    const linkBefore = await w.store.findLinks(scope, { bcIds: [ids[1]!], outlookIds: [] });
    w.bc.edit(ids[1]!, { city: 'Paris' });
    const refusing = new Proxy(w.store, {
      get(target, property) {
        if (property !== 'endRun') return Reflect.get(target, property, target) as unknown;
        return async (end: RunEnd) => {
          if (end.links) throw new StateStoreRefusal({ kind: 'scopeFull', list: 'links', max: 1 });
          return target.endRun(end);
        };
      },
    });
    await expect(
      runSync(
        { bc: w.bc, mailbox: w.mailbox, store: refusing, clock: w.clock, logger: silentLogger },
        { runId: 'run-refused', userId: USER, mode: 'delta', dryRun: false, trigger: 'schedule' },
      ),
    ).rejects.toMatchObject({ kind: 'scopeFull' });
    const saved = await w.store.getRun(USER, 'run-refused');
    expect(saved?.status).toBe('failed');
    expect(await w.store.getCursor(scope)).toStrictEqual(before);
    expect(await w.store.findLinks(scope, { bcIds: [ids[1]!], outlookIds: [] })).toStrictEqual(linkBefore);
    expect(await w.store.acquireLease(KEY, 'next', w.clock.now(), LEASE_TTL_MS)).toStrictEqual({ ok: true });
    await w.store.releaseLease(KEY, 'next');
    // The next delta reads the same change again and converges.
    w.later();
    expect((await w.sync('delta')).record.status).toBe('succeeded');
    const [after] = await w.store.findLinks(scope, { bcIds: [ids[1]!], outlookIds: [] });
    expect(after?.base.city).toBe('Paris');
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
