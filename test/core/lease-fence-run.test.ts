/**
 * Issue 9, the rest of F105: state writes of a run that no longer holds its folder's lease were
 * still accepted. The keeper (lease-keeper.ts) stops a run that KNOWS it lost the lease; a pane
 * whose heartbeats never fired (a frozen tab) while a write group was on its way does not know,
 * and wrote the group's links after another host had taken the folder. Now the store fences every
 * state write by the lease (core/lease-fence.ts): refused, nothing of it lands, the run ends
 * `leaseLost`, and the holder's next run finds the contacts the group created (pending creates).
 */
import { describe, expect, test } from '@jest/globals';
import { silentLogger } from '../../src/core/ports.js';
import type { RunEnd, SyncStateStore } from '../../src/core/ports.js';
import { DEFAULT_WRITE_SETTLE_MS, LEASE_TTL_MS, announcedKeepMs, leaseKeyOf } from '../../src/core/lease.js';
import { runSync } from '../../src/core/run.js';
import { LeaseLostError } from '../../src/core/run-errors.js';
import { World, USER, person } from '../support/world.js';
import { manualTicker } from '../support/manual-ticker.js';
import { heldCreates } from '../support/held-creates.js';

const FOLDER = 'Business Central';

/**
 * The store as it was before the fence (the control): `fenced` hands back the store itself, and the
 * run's end stores what it carries (the last group's links, end-links.ts) without asking.
 */
function unfenced(store: SyncStateStore): SyncStateStore {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'fenced') return () => target;
      if (property === 'endRun')
        return async (end: RunEnd) => {
          if (end.links) await target.upsertLinks(end.links.scope, end.links.upserts);
          if (end.cursor) await target.putCursor(end.cursor.scope, end.cursor.next);
          await target.saveRun(end.run);
        };
      return Reflect.get(target, property, target) as unknown;
    },
  });
}

async function takenOverMidGroup(fence: boolean) {
  const w = new World();
  for (let n = 1; n <= 3; n++) w.bc.seed(person(n));
  // The pane's heartbeat never fires: its tab was frozen while the write was on its way.
  const { ticker } = manualTicker();
  const held = heldCreates(w.mailbox);
  const running = runSync(
    {
      bc: w.bc,
      mailbox: held.port,
      store: fence ? w.store : unfenced(w.store),
      clock: w.clock,
      logger: silentLogger,
      ticker,
    },
    { runId: 'run-pane', userId: USER, mode: 'full', dryRun: false, trigger: 'pane' },
  );
  await held.entered;
  // The lease lapses; the scheduler's run takes the folder as the facade allows: past the keep of
  // the save that announced the held create (store/announced-keep.ts), it may no longer land.
  w.clock.advance(announcedKeepMs(DEFAULT_WRITE_SETTLE_MS) + 1_000);
  const key = leaseKeyOf(USER, FOLDER);
  const other = await w.store.acquireLease(key, 'run-schedule', w.clock.now(), LEASE_TTL_MS);
  held.release();
  const thrown = await running.then(
    () => null,
    (e: unknown) => e,
  );
  const folder = w.mailbox.folderByName(FOLDER)!;
  const scope = { userId: USER, folderId: folder.id };
  const state = {
    links: await w.store.listLinks(scope),
    cursor: await w.store.getCursor(scope),
    pending: await w.store.listPendingCreates(scope),
    record: (await w.store.getRun(USER, 'run-pane'))!,
  };
  await w.store.releaseLease(key, 'run-schedule');
  return { w, other, thrown, state, folder };
}

describe('a run that lost its lease writes no state (lease fencing, issue 9)', () => {
  test('pane run whose renewals never went out, taken over mid-group: refused, nothing lands, leaseLost', async () => {
    const { w, other, thrown, state, folder } = await takenOverMidGroup(true);
    expect(other.ok).toBe(true);
    expect(thrown).toBeInstanceOf(LeaseLostError);
    // Nothing of the stale run after the takeover: no link, no cursor.
    expect(state.links).toStrictEqual([]);
    expect(state.cursor).toBeNull();
    // What it sent before the takeover stays: the next holder finds its creates by BC id.
    expect(state.pending.length).toBe(3);
    expect(state.record.status).toBe('failed');
    expect(state.record.errors.at(-1)?.code).toBe('leaseLost');
    // The next run completes: every contact once in Outlook, every one linked.
    const next = await runSync(
      { bc: w.bc, mailbox: w.mailbox, store: w.store, clock: w.clock, logger: silentLogger },
      { runId: 'run-next', userId: USER, mode: 'full', dryRun: false, trigger: 'schedule' },
    );
    expect(next.record.status).toBe('succeeded');
    expect(w.mailbox.folderContacts(folder.id).length).toBe(3);
    expect((await w.store.listLinks({ userId: USER, folderId: folder.id })).length).toBe(3);
  });

  test('control: without the fence the stale group writes its links after the takeover', async () => {
    const { other, state } = await takenOverMidGroup(false);
    expect(other.ok).toBe(true);
    expect(state.links.length).toBeGreaterThan(0);
  });
});
