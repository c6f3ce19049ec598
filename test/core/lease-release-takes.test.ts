/**
 * Review RV11: a lease's release names its take. A run's create turn is taken under the scope's
 * owner, the same for every run of the folder on every host, group after group; a release sent
 * again after its answer was lost, or landing late from another host, let go of the owner's next
 * take, and another creator then made contacts beside it. Each take now has its own id
 * (turnTakeOf: the run's id and its take's number), named by every release of it
 * (state-store-port.ts acquireLease/releaseLease `take`; the stores' contract:
 * test/contracts/sync-state-store.contract.ts "a release of ... leaves the owner's next take held").
 */
import { describe, expect, test } from '@jest/globals';
import { takeCreateTurn } from '../../src/core/create-turn.js';
import { withCreateTurn } from '../../src/core/create-turn-hold.js';
import { createTurnCompany, createTurnKey } from '../../src/core/lease.js';
import type { SyncStateStore } from '../../src/core/ports.js';
import { turnOwnerOf } from '../../src/core/turn-ahead.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { World, outlookPerson, person } from '../support/world.js';

const COMPANY = 'c-rv11';
const TURN = createTurnKey(COMPANY);

describe("a release of an earlier take leaves the owner's next take of the create turn held (RV11)", () => {
  test("the named example: a group's release landing after the next group took the turn", async () => {
    const store = new MemorySyncStateStore();
    const deps = { store, clock: new ManualClock() };
    const owner = turnOwnerOf({ userId: 'ann', folderId: 'f' });
    // Group 1 creates under the turn and lets it go; its release's answer is lost, so it is sent again.
    expect(await takeCreateTurn(deps, COMPANY, owner, 0, 'run-1#0')).toBe(true);
    await withCreateTurn(deps, COMPANY, owner, async () => 'created', undefined, undefined, 'run-1#0');
    expect(await takeCreateTurn(deps, COMPANY, owner, 0, 'run-1#1')).toBe(true);
    await store.releaseLease(TURN, owner, 'run-1#0');
    // Group 2 still holds the turn: another creator waits.
    expect(await takeCreateTurn(deps, COMPANY, 'sender-x', 0)).toBe(false);
  });
});

/** Every acquire and release of a company's create-turn places, as the store was asked. */
function watchTurn(store: SyncStateStore) {
  const calls: { op: 'take' | 'release'; key: string; owner: string; take: string | undefined }[] = [];
  const acquire = store.acquireLease.bind(store);
  const release = store.releaseLease.bind(store);
  store.acquireLease = async (key, owner, now, ttl, holder, take) => {
    if (createTurnCompany(key) !== undefined) calls.push({ op: 'take', key, owner, take });
    return acquire(key, owner, now, ttl, holder, take);
  };
  store.releaseLease = async (key, owner, take) => {
    if (createTurnCompany(key) !== undefined) calls.push({ op: 'release', key, owner, take });
    return release(key, owner, take);
  };
  return calls;
}

// Every place a run takes and lets go of the turn: a full run's groups, a delta's turn taken ahead
// (claimed by its group, or let go unclaimed when the plan makes nothing in BC).
const ROWS: [name: string, mode: 'full' | 'delta', inBc: 'new' | 'matched'][] = [
  ['a full run creating in BC', 'full', 'new'],
  ['a delta creating in BC (the turn taken ahead, claimed)', 'delta', 'new'],
  ['a delta matching its new contacts in BC (the turn ahead let go unclaimed)', 'delta', 'matched'],
];

describe("every release of a run's create turn names a take of its run", () => {
  test.each(ROWS)('%s', async (_name, mode, inBc) => {
    const w = new World();
    await w.settings({ massDeleteShare: 1 });
    expect((await w.sync('full')).record.status).toBe('succeeded');
    const takesOf: Set<string>[] = [];
    for (let run = 0; run < 2; run++) {
      w.later();
      for (let n = 1; n <= 2; n++) {
        const o = outlookPerson(10 * run + n);
        w.mailbox.userCreate((await w.folder()).id, o);
        // BC holds the person already: the new Outlook contact is linked to it, nothing is made.
        if (inBc === 'matched')
          w.bc.seed({ ...person(10 * run + n), email: o.emailAddresses?.[0]?.address ?? '' });
      }
      const calls = watchTurn(w.store);
      expect((await w.sync(mode)).record.status).toBe('succeeded');
      const taken = new Set(calls.filter((c) => c.op === 'take').map((c) => c.take));
      const released = calls.filter((c) => c.op === 'release');
      expect(released.length).toBeGreaterThan(0);
      for (const r of released) {
        expect(typeof r.take).toBe('string');
        expect(taken.has(r.take)).toBe(true);
      }
      takesOf.push(new Set(released.map((r) => r.take!)));
    }
    // The next run's takes are its own: none of the first run's releases names one of them.
    expect([...takesOf[0]!].filter((t) => takesOf[1]!.has(t))).toEqual([]);
  });
});
