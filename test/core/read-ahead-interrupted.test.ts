/**
 * Review of 059435c (reads started as the lease is taken) with 08d8939 (the create turn taken while
 * a delta reads): a run whose reads started ahead and were kept, and which then fails to mark a
 * dead run's leftover `running` record interrupted (markInterrupted: a store write that fails),
 * throws before runLeased — whose end lets go of a turn taken ahead. The turn its reads took for
 * the delta's new contacts must be let go all the same: held, it keeps every other creator of the
 * company out until it expires (CREATE_TURN_MS), and their runs defer their creates meanwhile.
 */
import { describe, expect, test } from '@jest/globals';
import { CREATE_TURN_LINE, createTurnKey, leaseKeyOf } from '../../src/core/lease.js';
import { silentLogger } from '../../src/core/ports.js';
import { runSync } from '../../src/core/run.js';
import type { World } from '../support/world.js';
import { USER, deltaReady, outlookPerson } from '../support/world.js';

/** The places of the company's create-turn line (0: the turn) held by someone. */
async function heldPlaces(w: World): Promise<number[]> {
  const now = w.clock.now();
  const held: number[] = [];
  for (let slot = 0; slot <= CREATE_TURN_LINE; slot++) {
    const key = createTurnKey(w.bc.companyId, slot);
    if ((await w.store.acquireLease(key, 'probe', now, 1000)).ok) await w.store.releaseLease(key, 'probe');
    else held.push(slot);
  }
  return held;
}

/** The fenced store refuses every save of the record `dead-run`; `count`: how many it refused. */
function refuseDeadRunSave(w: World): { count: number } {
  const refused = { count: 0 };
  const fenced = w.store.fenced.bind(w.store);
  w.store.fenced = (fence) => {
    const f = fenced(fence);
    const saveRun = f.saveRun.bind(f);
    f.saveRun = async (r) => {
      if (r.id === 'dead-run') {
        refused.count++;
        throw new Error('store refused');
      }
      return saveRun(r);
    };
    return f;
  };
  return refused;
}

describe('a run that fails as it marks a dead run interrupted, its reads started ahead', () => {
  test('lets go of the create turn its reads took for the new contacts', async () => {
    const { w } = await deltaReady(5);
    const folder = await w.folder();
    for (let i = 1; i <= 3; i++) w.mailbox.userCreate(folder.id, outlookPerson(i));
    // A run of this folder whose holder died: its record still says `running` (and is the same
    // before and under the lease, so the reads started ahead are kept).
    const [last] = await w.store.listRuns(USER, 1);
    await w.store.saveRun({ ...last!, id: 'dead-run', status: 'running', finishedAt: null });
    // The store refuses the write that marks it interrupted.
    const refused = refuseDeadRunSave(w);
    w.clock.advance(60_000);
    // No time passes after the run: a turn left held is still held when the line is looked at.
    await expect(
      runSync(
        { bc: w.bc, mailbox: w.mailbox, store: w.store, clock: w.clock, logger: silentLogger },
        { runId: 'marks-dead', userId: USER, mode: 'delta', dryRun: false, trigger: 'pane' },
      ),
    ).rejects.toThrow('store refused');
    expect(refused.count).toBe(1);
    expect(await heldPlaces(w)).toEqual([]);
  });
});

describe('a run that fails as it marks a dead run interrupted (before c0e55bb too)', () => {
  test("lets go of its folder's lease: the next run is not refused as in progress", async () => {
    const { w } = await deltaReady(3);
    const [last] = await w.store.listRuns(USER, 1);
    await w.store.saveRun({ ...last!, id: 'dead-run', status: 'running', finishedAt: null });
    refuseDeadRunSave(w);
    w.clock.advance(60_000);
    await expect(
      runSync(
        { bc: w.bc, mailbox: w.mailbox, store: w.store, clock: w.clock, logger: silentLogger },
        { runId: 'marks-dead', userId: USER, mode: 'delta', dryRun: false, trigger: 'pane' },
      ),
    ).rejects.toThrow('store refused');
    const key = leaseKeyOf(USER, last!.folderName);
    const next = await w.store.acquireLease(key, 'next-run', w.clock.now(), 1000);
    expect(next.ok).toBe(true);
  });
});

/**
 * Every way out between taking the lease and the run's work (run.ts letGo), with reads started
 * ahead that took the create turn for new Outlook contacts: the run keeps nothing it took.
 */
describe('a run that stops before its work starts keeps nothing it took', () => {
  const ways: readonly [string, (w: World) => void][] = [
    [
      'the records read again under the lease fail',
      (w) => {
        const listRuns = w.store.listRuns.bind(w.store);
        let calls = 0;
        w.store.listRuns = async (userId, limit) => {
          calls++;
          // The first read is the one before the lease; the second, under it, fails.
          if (calls === 2) throw new Error('store refused');
          return listRuns(userId, limit);
        };
      },
    ],
    ['marking a dead run interrupted fails', (w) => void refuseDeadRunSave(w)],
  ];
  test.each(ways)('%s: the create turn and the folder lease are free', async (_name, refuse) => {
    const { w } = await deltaReady(5);
    const folder = await w.folder();
    for (let i = 1; i <= 3; i++) w.mailbox.userCreate(folder.id, outlookPerson(i));
    const [last] = await w.store.listRuns(USER, 1);
    await w.store.saveRun({ ...last!, id: 'dead-run', status: 'running', finishedAt: null });
    refuse(w);
    w.clock.advance(60_000);
    await expect(
      runSync(
        { bc: w.bc, mailbox: w.mailbox, store: w.store, clock: w.clock, logger: silentLogger },
        { runId: 'stops-early', userId: USER, mode: 'delta', dryRun: false, trigger: 'pane' },
      ),
    ).rejects.toThrow('store refused');
    expect(await heldPlaces(w)).toEqual([]);
    const key = leaseKeyOf(USER, last!.folderName);
    expect((await w.store.acquireLease(key, 'next-run', w.clock.now(), 1000)).ok).toBe(true);
  });
});
