import { describe, expect, test } from '@jest/globals';
import { leaseKeyOf } from '../../src/core/lease.js';
import { PortFailure, silentLogger } from '../../src/core/ports.js';
import type { RunEnd } from '../../src/core/ports.js';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import { runSync } from '../../src/core/run.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { MemoryBcContacts } from '../../src/fakes/memory-bc-contacts.js';
import { MemoryMailbox } from '../../src/fakes/memory-mailbox.js';
import { FailingLeases, failRows, refusedKeys } from '../support/failing-leases.js';
import type { FailMode } from '../support/failing-leases.js';
import { USER, person } from '../support/world.js';

// Leaks, items 1 and 2b (the run's own leases): a run moving its folder holds two folder leases
// (the new name's and the old's). A run that ends by a throw lets both go, whichever lease call
// throws on its way: the one whose release failed before it landed runs out (the store is down),
// never the other — a release that threw skipped the rest, and the folder was kept from the next
// run until its lease ran out (LEASE_TTL_MS), and the run's own error was replaced by the
// release's. Rows: every lease call of such a run failing before and after it landed, with its end
// stored (the lease goes with it) and with its end refused (the store down for it).

const NEW = leaseKeyOf(USER, 'New');
const OLD = leaseKeyOf(USER, DEFAULT_SETTINGS.folderName);

/** The failing store whose run ends fail too while `endsFail`. */
class FailingEnds extends FailingLeases {
  endsFail = false;
  override async endRun(end: RunEnd): Promise<void> {
    if (this.endsFail) throw new Error('store down (end)');
    return super.endRun(end);
  }
}

/** A world whose folder was synced under its default name and is now named `New`; BC's reads fail. */
async function movingWorld() {
  const clock = new ManualClock();
  const store = new FailingEnds();
  const bc = new MemoryBcContacts(clock);
  const mailbox = new MemoryMailbox();
  for (let n = 1; n <= 3; n++) bc.seed(person(n));
  const deps = { bc, mailbox, store, clock, logger: silentLogger };
  const first = await runSync(deps, {
    runId: 'run-0',
    userId: USER,
    mode: 'full',
    dryRun: false,
    trigger: 'pane',
  });
  expect(first.record.status).toBe('succeeded');
  await store.putSettings(USER, { ...DEFAULT_SETTINGS, folderName: 'New' });
  clock.advance(60_000);
  const down = new PortFailure('unavailable', 'Service Unavailable', { status: 503 });
  bc.readChanges = async () => {
    throw down;
  };
  bc.listAll = async () => {
    throw down;
  };
  return { store, clock, deps };
}

/** One row: the move's run with its Nth lease call failing; what it threw and the keys left held. */
async function row(n: number, mode: FailMode, endsFail: boolean) {
  const { store, clock, deps } = await movingWorld();
  store.endsFail = endsFail;
  store.arm(n, mode);
  const thrown = await runSync(deps, {
    runId: 'run-1',
    userId: USER,
    mode: 'delta',
    dryRun: false,
    trigger: 'pane',
  }).then(
    () => null,
    (e: unknown) => (e instanceof Error ? e.message : String(e)),
  );
  store.armed = false;
  store.endsFail = false;
  return {
    calls: store.calls,
    thrown,
    failed: store.thrown,
    refused: await refusedKeys(store, clock, [NEW, OLD]),
  };
}

describe('a run moving its folder that ends by a throw lets both folder leases go, whichever lease call throws', () => {
  test.each([false, true])('its end refused: %s', async (endsFail) => {
    // What the run throws: BC's failure, or the end's when its end could not be stored (the run
    // manager then ends it: run-end-saves).
    const error = endsFail ? 'store down (end)' : 'Service Unavailable';
    const clean = await row(0, 'before', endsFail);
    // The control: the run holds both keys (its two takes), fails on BC's read, lets both go.
    expect(clean).toEqual({ calls: clean.calls, thrown: error, failed: false, refused: [] });
    expect(clean.calls).toBeGreaterThanOrEqual(2);
    const wrong: string[] = [];
    for (const [n, mode] of failRows(clean.calls)) {
      const got = await row(n, mode, endsFail);
      expect([n, mode, got.failed]).toEqual([n, mode, true]);
      // A lone release that failed before it landed keeps its own key until it runs out; a take
      // that failed is the run's refusal (thrown as the store's error), nothing else.
      const lone = n > 2 && mode === 'before' ? 1 : 0;
      if (got.refused.length > lone) wrong.push(`call ${n} ${mode}: held ${got.refused.join(' ')}`);
      if (n > 2 && got.thrown !== error) wrong.push(`call ${n} ${mode}: threw ${got.thrown}`);
    }
    expect(wrong).toEqual([]);
  });
});
