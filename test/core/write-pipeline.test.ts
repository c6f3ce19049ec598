import { describe, expect, test } from '@jest/globals';
import { countWrites } from '../../src/core/plan.js';
import { recordStoreCalls } from '../support/store-calls.js';
import { World, person } from '../support/world.js';

// Issue 12 §2: the write pipeline keeps the next group of batches waiting at the mailbox while one
// is written, and records progress once per group, yet a run stopped anywhere resumes cleanly.

function seed(w: World, n: number): string[] {
  return Array.from({ length: n }, (_, i) => w.bc.seed(person(i)).id);
}

describe('write pipeline (issue 12 §2)', () => {
  test('4,000 creates: progress stored once per group of 10 batches, not once per batch', async () => {
    const w = new World();
    seed(w, 4000);
    await w.mailbox.ensureFolder('Business Central');
    const calls = recordStoreCalls(w.store);
    const { record } = await w.sync('full');
    expect(record.counts.outlook.created).toBe(4000);
    const made = calls.take();
    const count = (m: string) => made.filter((c) => c.method === m).length;
    // 200 batches of 20 in groups of 200 contacts.
    expect(count('addPendingCreates')).toBe(20);
    expect(count('upsertLinks')).toBe(20);
    expect(count('clearPendingCreates')).toBe(20);
    expect(count('renewLease')).toBe(20);
    expect(made.length).toBeLessThan(100);
  });

  test('two groups are in flight at the mailbox at once, never more', async () => {
    const w = new World();
    seed(w, 1000);
    const create = w.mailbox.create.bind(w.mailbox);
    let inFlight = 0;
    let most = 0;
    w.mailbox.create = async (folderId, drafts) => {
      inFlight++;
      most = Math.max(most, inFlight);
      try {
        // Yield, so a second caller can arrive while this one is "on the wire".
        await new Promise<void>((resolve) => setImmediate(resolve));
        return await create(folderId, drafts);
      } finally {
        inFlight--;
      }
    };
    const { record } = await w.sync('full');
    expect(record.counts.outlook.created).toBe(1000);
    expect(most).toBe(2);
  });

  test('a run stopped at any point with two groups in flight resumes without duplicates or losses', async () => {
    for (const [crashAt, hard] of [
      [0, false],
      [59, true],
      [60, false],
      [61, true],
      [150, false],
      [479, true],
      [1100, true],
    ] as const) {
      const w = new World();
      // 1,200 contacts: 60 batches, groups of 3 batches (60 contacts).
      const ids = seed(w, 1200);
      w.mailbox.crashAfter = crashAt;
      // A hard stop: nothing after the crash reaches the store (the process died), not even the
      // bookkeeping of the other group in flight, whose contacts were written.
      let dead = false;
      const store = w.store as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
      const originals = new Map<string, (...a: unknown[]) => Promise<unknown>>();
      if (hard) {
        for (const m of ['upsertLinks', 'clearPendingCreates', 'deleteLinks', 'saveRun', 'putCursor']) {
          const original = store[m]!.bind(w.store);
          originals.set(m, original);
          store[m] = async (...a: unknown[]) => {
            if (dead) throw new Error('simulated crash (store)');
            return original(...a);
          };
        }
        const create = w.mailbox.create.bind(w.mailbox);
        w.mailbox.create = async (folderId, drafts) => {
          try {
            return await create(folderId, drafts);
          } catch (e) {
            dead = true;
            throw e;
          }
        };
      }
      await expect(w.sync('full')).rejects.toThrow('simulated crash');
      for (const [m, original] of originals) store[m] = original;
      dead = false;
      const resumed = await w.sync('full');
      expect(resumed.record.status).toBe('succeeded');
      const outlook = await w.outlook();
      expect(outlook).toHaveLength(1200);
      expect(new Set(outlook.map((c) => c.bcId))).toEqual(new Set(ids));
      expect(await w.store.countLinks(await w.scope())).toBe(1200);
      expect(await w.store.listPendingCreates(await w.scope())).toEqual([]);
      expect(countWrites((await w.sync('full')).plan!)).toBe(0);
    }
  });
});
