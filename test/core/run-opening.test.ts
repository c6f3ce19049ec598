/**
 * Issue 12 §2 (delta-bc-1pct): a run's start was two store round trips one after the other before
 * Graph's first request — settings and recent runs, then the lease beside the cursor. A store with
 * `openRun` (the SQL store) reads them and takes the lease in one call: Graph is read in the round
 * after it. What the lease protects stays: the records and the cursor are read again under it
 * (run-start.ts startUnderLease) unless the opening read them under it, a run refused the lease
 * reads nothing, a filter that does not compile leaves no lease, and a lease the store took under
 * another key than the settings' is let go.
 */
import { describe, expect, test } from '@jest/globals';
import { leaseKeyOf } from '../../src/core/lease.js';
import type { RunOpeningRequest } from '../../src/core/ports.js';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import { RunInProgressError, SettingsError } from '../../src/core/run.js';
import { measuredFailure, measuredRun } from '../support/round-trips.js';
import { USER, World, deltaReady, person } from '../support/world.js';

const roundOf = (rounds: readonly string[][], call: string) => rounds.findIndex((r) => r.includes(call));
const KEY = leaseKeyOf(USER, DEFAULT_SETTINGS.folderName);

describe("a run's opening in one store call (openRun)", () => {
  // Issue 12 (delta-bc-1pct at 1,000): the records and the cursor read again under the lease were
  // a store round trip before the record's first save, which the first write waits for. Read
  // again exactly when the opening does not say it read them under the lease.
  test.each([
    ['read under the lease (made where none was)', true],
    ['not read under it (renewed, taken over, or raced by a release)', false],
  ])('an opening %s: Graph and BC read in the round after it', async (_name, underLease) => {
    const { w, ids } = await deltaReady(20, new World({ opensRuns: true }));
    for (const id of ids.slice(0, 10)) w.bc.edit(id, { jobTitle: 'Edited in BC' });
    const open = w.store.openRun!.bind(w.store);
    const said: boolean[] = [];
    w.store.openRun = async (r: RunOpeningRequest) => {
      const got = await open(r);
      said.push(got.readUnderLease);
      return { ...got, readUnderLease: got.readUnderLease && underLease };
    };

    const { result, rounds } = await measuredRun(w, 'delta', `opened-${underLease}`);

    expect(said).toStrictEqual([true]);
    expect(result.record.status).toBe('succeeded');
    expect(result.record.counts.outlook.updated).toBe(10);
    expect(rounds[0]).toStrictEqual(['store.openRun']);
    const read = roundOf(rounds, 'outlook.folderWithChanges');
    expect(read).toBe(1);
    expect(roundOf(rounds, 'bc.readChanges')).toBe(read);
    const calls = rounds.flat();
    for (const gone of ['store.getSettings', 'store.acquireLease'])
      expect(calls.filter((c) => c === gone)).toHaveLength(0);
    const again = ['store.listRuns', 'store.getCursor'];
    if (underLease) {
      for (const call of again) expect([call, calls.filter((c) => c === call)]).toEqual([call, []]);
      // The record's first save goes with the reads, not a round after them.
      expect(roundOf(rounds, 'store.saveRun')).toBe(read);
    } else {
      expect(rounds[read]).toEqual(expect.arrayContaining(again));
      expect(calls.filter((c) => c === 'store.getCursor')).toHaveLength(1);
      expect(roundOf(rounds, 'store.saveRun')).toBe(read + 1);
    }
    expect((await w.outlook()).filter((o) => o.jobTitle === 'Edited in BC')).toHaveLength(10);
    // The run ended: its lease is free.
    expect((await w.store.acquireLease(KEY, 'next', w.clock.now(), 1_000)).ok).toBe(true);
  });

  test('a run whose opening found the lease held asks acquireLease, is refused, and reads nothing', async () => {
    const { w } = await deltaReady(3, new World({ opensRuns: true }));
    expect((await w.store.acquireLease(KEY, 'other-run', w.clock.now(), 60_000)).ok).toBe(true);
    const { result, rounds } = await measuredFailure(w, 'delta', 'refused');

    expect(result).toBeInstanceOf(RunInProgressError);
    expect(rounds.flat().filter((c) => c.startsWith('outlook.') || c.startsWith('bc.'))).toEqual([]);
    expect(rounds[0]).toStrictEqual(['store.openRun']);
    expect(rounds[1]).toEqual(expect.arrayContaining(['store.acquireLease']));
    expect((await w.store.acquireLease(KEY, 'third', w.clock.now(), 1_000)).ok).toBe(false);
  });

  test('a filter that does not compile: SettingsError, and the lease the opening took is let go', async () => {
    const w = new World({ opensRuns: true });
    // Past the filter's work bound (test/core/filter/work-bound): saved before the bound existed.
    await w.settings({ filter: { name: Array.from({ length: 100 }, (_, i) => `*N${i}x*`).join('|') } });
    const outcome = w.sync('delta').then(
      () => null,
      (e: unknown) => e,
    );
    expect(await outcome).toBeInstanceOf(SettingsError);
    expect((await w.store.acquireLease(KEY, 'next', w.clock.now(), 1_000)).ok).toBe(true);
  });

  test('a lease the store took under another key than the settings name: let go, the right one taken', async () => {
    const { w, ids } = await deltaReady(3, new World({ opensRuns: true }));
    w.bc.edit(ids[0]!, { city: 'Paris' });
    const wrong = `${USER}|another folder`;
    const open = w.store.openRun!.bind(w.store);
    const held: boolean[] = [];
    const acquire = w.store.acquireLease.bind(w.store);
    let opened = false;
    w.store.openRun = async (r: RunOpeningRequest) => {
      const got = await open(r);
      await w.store.releaseLease(got.leaseKey!, r.owner);
      expect((await acquire(wrong, r.owner, r.now, r.ttlMs)).ok).toBe(true);
      opened = true;
      return { ...got, leaseKey: wrong };
    };
    w.store.acquireLease = async (key, owner, ...rest) => {
      // Asked for the settings' key once the wrong one is let go.
      if (opened && key === KEY) held.push((await acquire(wrong, 'probe', w.clock.now(), 1)).ok);
      return acquire(key, owner, ...rest);
    };

    const { record } = await w.sync('delta');

    expect(record.status).toBe('succeeded');
    expect(record.counts.outlook.updated).toBe(1);
    expect(held).toStrictEqual([true]);
  });
});

describe("the lease an opening took is on disk before the run's first write (SyncStateStore.openRun)", () => {
  // The SQL store commits the opening's lease without waiting for the disk (store/sql-unflushed.ts):
  // it is durable once the run's first record save (fenced on its row, flushed) answered. A first
  // run makes its folder before it plans: that write went out beside the save, before its answer.
  test("a first run's folder is made after the record's first save answered, not beside it", async () => {
    const w = new World({ opensRuns: true });
    for (let n = 1; n <= 3; n++) w.bc.seed(person(n));
    const { result, rounds } = await measuredRun(w, 'full', 'first-on-disk');

    expect(result.record.status).toBe('succeeded');
    expect(rounds[0]).toStrictEqual(['store.openRun']);
    const saved = roundOf(rounds, 'store.saveRun');
    const made = roundOf(rounds, 'outlook.ensureFolder');
    expect(saved).toBeGreaterThan(0);
    expect(made).toBeGreaterThan(saved);
    // Every BC or Graph write goes in a round after that save's.
    const writes = rounds.flatMap((r, n) =>
      r
        .filter((c) => /^(bc\.(create|update)|outlook\.(ensureFolder|create|update|delete))$/.test(c))
        .map(() => n),
    );
    expect(writes.length).toBeGreaterThan(0);
    expect(Math.min(...writes)).toBeGreaterThan(saved);
    expect(await w.outlook()).toHaveLength(3);
  });

  test('a run whose first record save is refused writes nothing to BC or Outlook', async () => {
    const w = new World({ opensRuns: true });
    for (let n = 1; n <= 3; n++) w.bc.seed(person(n));
    const fenced = w.store.fenced.bind(w.store);
    let saves = 0;
    w.store.fenced = (fence) => {
      const view = fenced(fence);
      const saveRun = view.saveRun.bind(view);
      return Object.assign(view, {
        saveRun: async (run: Parameters<typeof saveRun>[0]) => {
          if (saves++ === 0) throw new Error('store down');
          return saveRun(run);
        },
      });
    };
    const made: string[] = [];
    const ensureFolder = w.mailbox.ensureFolder.bind(w.mailbox);
    w.mailbox.ensureFolder = async (name) => {
      made.push(name);
      return ensureFolder(name);
    };
    await expect(w.sync('full')).rejects.toThrow('store down');
    expect(made).toEqual([]);
    expect(w.mailbox.folderByName('Business Central')).toBeFalsy();
  });
});
