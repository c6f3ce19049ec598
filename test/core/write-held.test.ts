/**
 * Review (crash-hosts model, seeds 22 and 33): a scheduler run stalled after its announce (the fenced
 * checkpoint save) while its lease expired; the pane's run took the folder, found the pending creates
 * absent from Outlook and made them; the stalled run then went on and sent its creates too. Graph has
 * no fencing token, so no store fence can stop a write already decided: the check is made at the one
 * place every write call of the executor passes (uncertain-writes.ts `sending`, `announcing.send`),
 * just before the call goes out — the lease keeper's `confirm`: a clock read while the lease was
 * renewed within half its TTL, else a renewal, which never takes back a lease released or taken.
 */
import { describe, expect, test } from '@jest/globals';
import { LEASE_TTL_MS } from '../../src/core/lease.js';
import { leaseKeeper } from '../../src/core/lease-keeper.js';
import { zeroCounts } from '../../src/core/records.js';
import { LeaseLostError } from '../../src/core/run-errors.js';
import { announcing, sending } from '../../src/core/uncertain-writes.js';
import type { UncertainLedger } from '../../src/core/uncertain-writes.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';

const KEY = 'lease:write-held';

/** Run A holds KEY; its ledger saves (announces) and confirms through its keeper, as run-leased.ts wires them. */
async function heldRun() {
  const clock = new ManualClock();
  const store = new MemorySyncStateStore();
  expect((await store.acquireLease(KEY, 'run-a', clock.now(), LEASE_TTL_MS)).ok).toBe(true);
  const renewals: string[] = [];
  const keeper = leaseKeeper({
    store: {
      renewLease: (key, owner, now, ttl) => {
        renewals.push(owner);
        return store.renewLease(key, owner, now, ttl);
      },
    },
    clock,
    owner: 'run-a',
    keys: [KEY],
    checkpoint: async () => undefined,
    takenAtMs: clock.monotonicMs(),
  });
  const uncertain = zeroCounts();
  let announced = 0;
  const ledger: UncertainLedger = {
    uncertain,
    announce: async () => void announced++,
    held: keeper.confirm,
  };
  const sent: string[] = [];
  const call = (what: string) => async (): Promise<string[]> => {
    sent.push(what);
    return [what];
  };
  return { clock, store, ledger, uncertain, renewals, sent, call, announced: () => announced };
}

describe('a write call goes out only while the run knows it holds its lease', () => {
  test('fresh lease: the calls go out after a clock read, no store call of their own', async () => {
    const r = await heldRun();
    r.clock.advance(LEASE_TTL_MS / 2 - 1);
    expect(await sending(r.ledger, 'outlook', 'created', ['x'], r.call('create'))).toEqual(['create']);
    expect(await announcing(r.ledger, 'bc', 'updated', 1).send(1, r.call('update'))).toEqual(['update']);
    expect({ sent: r.sent, renewals: r.renewals, uncertain: r.uncertain }).toEqual({
      sent: ['create', 'update'],
      renewals: [],
      uncertain: zeroCounts(),
    });
  });

  test('resumed past its lease, which another run took: announced, but nothing is sent nor left counted', async () => {
    const r = await heldRun();
    // The announce passed (saved under the lease); the process stalls before the call goes out.
    const announced = announcing(r.ledger, 'outlook', 'created', 2);
    r.clock.advance(LEASE_TTL_MS + 1);
    expect((await r.store.acquireLease(KEY, 'run-b', r.clock.now(), LEASE_TTL_MS)).ok).toBe(true);
    await expect(announced.send(2, r.call('create'))).rejects.toBeInstanceOf(LeaseLostError);
    await expect(sending(r.ledger, 'outlook', 'updated', ['y'], r.call('update'))).rejects.toBeInstanceOf(
      LeaseLostError,
    );
    expect({ sent: r.sent, renewals: r.renewals, uncertain: r.uncertain }).toEqual({
      sent: [],
      renewals: ['run-a'],
      uncertain: zeroCounts(),
    });
    // Run B's lease stays B's: the failed renewal took nothing back.
    expect((await r.store.acquireLease(KEY, 'probe', r.clock.now(), LEASE_TTL_MS)).ok).toBe(false);
    expect(await r.store.renewLease(KEY, 'run-b', r.clock.now(), LEASE_TTL_MS)).toBe(true);
  });

  test('resumed after the other run took the folder and let it go: the renewal does not take it back', async () => {
    const r = await heldRun();
    r.clock.advance(LEASE_TTL_MS + 1);
    expect((await r.store.acquireLease(KEY, 'run-b', r.clock.now(), LEASE_TTL_MS)).ok).toBe(true);
    await r.store.releaseLease(KEY, 'run-b');
    await expect(sending(r.ledger, 'outlook', 'created', ['x'], r.call('create'))).rejects.toBeInstanceOf(
      LeaseLostError,
    );
    expect(r.sent).toEqual([]);
    // Nobody holds it: a new run gets it at once.
    expect((await r.store.acquireLease(KEY, 'probe', r.clock.now(), LEASE_TTL_MS)).ok).toBe(true);
  });

  test('late but still its own (nobody took it): one renewal, then the call goes out', async () => {
    const r = await heldRun();
    r.clock.advance(LEASE_TTL_MS + 1);
    expect(await sending(r.ledger, 'bc', 'created', ['x'], r.call('create'))).toEqual(['create']);
    expect({ sent: r.sent, renewals: r.renewals, announced: r.announced() }).toEqual({
      sent: ['create'],
      renewals: ['run-a'],
      announced: 1,
    });
  });
});
