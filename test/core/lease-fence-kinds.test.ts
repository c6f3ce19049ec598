/**
 * Lease fencing (core/lease-fence.ts) covers the kind, not a list that ages: every method of the
 * state store port is a read (the lease keeper's BEATING_READS), a lease operation, the user's
 * settings, the fence itself — or a fenced write. A write method added to the port without being
 * fenced fails here (the contract suite then runs it over every adapter).
 */
import { describe, expect, test } from '@jest/globals';
import { FENCED_WRITES } from '../../src/core/lease-fence.js';
import { BEATING_READS } from '../../src/core/lease-keeper.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';

/** Port methods that are no state write of a run, and why. */
const NOT_FENCED: Readonly<Record<string, string>> = {
  getSettings: 'a read',
  putSettings: "the user's settings: no run writes them",
  acquireLease: 'the lease itself',
  openRun: 'reads, and the lease itself (as acquireLease)',
  renewLease: 'the lease itself',
  releaseLease: 'the lease itself',
  getStateCompany: 'a read (its row is claimed by saveRun, fenced)',
  holdsLease: 'a read of the lease itself (the facade asks it before a replay; no run does)',
  replaceRun:
    "the facade's mark of a let-go run (no run writes it: its own write is the compare against the record read)",
  fenced: 'the fence',
  endRun: 'fenced by the fence it names (lease-fence.contract.ts checks it on every adapter)',
  // The memory store's own (not the port's): its side of the run cancel marks (RunCancelMarks).
  requestCancel: 'a cancel asked of a run (any process may ask it; no run writes it)',
  cancelRequested: 'a read of that mark',
};

describe('every state write of the port is fenced', () => {
  test('the memory store (it implements every port method) has no write outside FENCED_WRITES', () => {
    // Its own methods and those it inherits (the keyed lists' methods, core/keyed-lists-store.ts).
    const methods: string[] = [];
    for (let p = MemorySyncStateStore.prototype; p !== Object.prototype; p = Object.getPrototypeOf(p))
      methods.push(...Object.getOwnPropertyNames(p).filter((n) => n !== 'constructor'));
    const reads = new Set<string>(BEATING_READS.store);
    const rest = methods.filter((m) => !reads.has(m) && !Object.hasOwn(NOT_FENCED, m)).sort();
    expect(rest).toStrictEqual([...FENCED_WRITES].sort());
  });
});
