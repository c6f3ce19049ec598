/**
 * Brief leasegaps item 2: a company's create turn let go while its holder's creates may land is
 * kept writeSettleMs (core/run-interrupted.ts letGoOrKeep: 65 s at the default timeouts), while a
 * colleague's run waited CREATE_TURN_WAIT_MS = 60 s for it: it gave up 5 s before the turn freed
 * and deferred its creates to its next sync. The wait is now derived from the keep. Time is a
 * manual clock; the waiter's pauses move it.
 */
import { describe, expect, test } from '@jest/globals';
import { takeCreateTurn } from '../../src/core/create-turn.js';
import {
  CREATE_TURN_MAX_HOLD_MS,
  CREATE_TURN_MS,
  CREATE_TURN_RETRY_MS,
  CREATE_TURN_WAIT_MS,
  DEFAULT_WRITE_SETTLE_MS,
  LEASE_TTL_MS,
  createTurnKey,
  createTurnWaitMs,
  writeSettleMs,
} from '../../src/core/lease.js';
import type { Ticker } from '../../src/core/lease.js';
import { silentLogger } from '../../src/core/ports.js';
import { runSync } from '../../src/core/run.js';
import { USER, typedInOutlook } from '../support/world.js';
import { letGoOrKeep } from '../../src/core/run-interrupted.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { DEFAULT_TIMEOUTS } from '../../src/platform/deadline.js';

const COMPANY = 'c0ffee00-0000-0000-0000-00000000a2a2';

/** A pane holding the turn closes with creates in flight; a colleague then waits `waitMs` for it. */
async function colleagueAfterClosedPane(waitMs: number): Promise<{ got: boolean; waitedMs: number }> {
  const clock = new ManualClock('2026-03-01T08:00:00.000Z');
  const store = new MemorySyncStateStore();
  const turn = createTurnKey(COMPANY);
  expect((await store.acquireLease(turn, 'pane-run', clock.now(), CREATE_TURN_MS, null, 't1')).ok).toBe(true);
  const kept = await letGoOrKeep(store, {
    userId: 'ann',
    runId: 'pane-run',
    leaseKey: turn,
    take: 't1',
    inFlight: true,
    shared: true,
    now: clock.now(),
    settleMs: DEFAULT_WRITE_SETTLE_MS,
  });
  expect(kept).toBe('kept');
  const start = clock.monotonicMs();
  const pause = async (ms: number) => clock.advance(ms);
  const got = await takeCreateTurn({ store, clock, pause }, COMPANY, 'bob-run', waitMs, 'b1');
  return { got, waitedMs: clock.monotonicMs() - start };
}

describe('a colleague waiting for the create turn outlasts a turn kept while its holder’s creates may land', () => {
  test('the named example: Ann’s pane closes mid-create; Bob’s run, waiting behind, takes the turn when it frees', async () => {
    const { got, waitedMs } = await colleagueAfterClosedPane(CREATE_TURN_WAIT_MS);
    expect(got).toBe(true);
    // Taken once the kept turn freed, not before (the write settle is kept whole).
    expect(waitedMs).toBeGreaterThanOrEqual(DEFAULT_WRITE_SETTLE_MS);
    expect(waitedMs).toBeLessThan(DEFAULT_WRITE_SETTLE_MS + 2 * CREATE_TURN_RETRY_MS);
  });

  test('the control: a wait of the old 60 s gave up before the turn freed', async () => {
    expect((await colleagueAfterClosedPane(60_000)).got).toBe(false);
  });

  // Every way a turn is kept after its holder went away, at the default timeouts, against the
  // wait: a turn let go with creates in flight (writeSettleMs of each host's write timeouts), and
  // one whose holder died (its TTL ran out).
  const kept: [string, number][] = [
    ['let go with creates in flight (DEFAULT_WRITE_SETTLE_MS)', DEFAULT_WRITE_SETTLE_MS],
    [
      'let go at the facade, its Graph, BC and state timeouts',
      writeSettleMs([DEFAULT_TIMEOUTS.graphMs, DEFAULT_TIMEOUTS.bcMs, DEFAULT_TIMEOUTS.stateMs]),
    ],
    ['its holder died (CREATE_TURN_MS)', CREATE_TURN_MS],
    ['a waiter ahead died in line (its place, LEASE_TTL_MS)', LEASE_TTL_MS],
  ];
  test.each(kept)('kept when %s: the wait is longer, with room for a last ask', (_name, keptMs) => {
    expect(CREATE_TURN_WAIT_MS).toBeGreaterThanOrEqual(keptMs + 2 * CREATE_TURN_RETRY_MS);
  });

  test('an honest waiter is never refused its stay in the line: the stay’s bound is no shorter than the wait', () => {
    expect(CREATE_TURN_MAX_HOLD_MS).toBeGreaterThanOrEqual(CREATE_TURN_WAIT_MS);
  });
});

/**
 * A host's ticker as the run's waits see it: a pause (CREATE_TURN_RETRY_MS) moves the clock and
 * ends; the heartbeats and the turn's renewals never beat (the run is short of them in clock time).
 */
function pausingTicker(clock: ManualClock): Ticker {
  return (ms, beat) => {
    if (ms !== CREATE_TURN_RETRY_MS) return () => undefined;
    let stopped = false;
    setImmediate(() => {
      if (stopped) return;
      clock.advance(ms);
      void beat();
    });
    return () => (stopped = true);
  };
}

describe('a run waits in line for the create turn by its own host’s write settle (lease.ts createTurnWaitMs)', () => {
  /** A colleague's creator kept the turn `keptMs` (its host's settle); our run's host has `settleMs`. */
  async function runBehindKeptTurn(keptMs: number, settleMs: number | undefined) {
    const { w } = await typedInOutlook(1);
    const now = w.clock.now();
    expect((await w.store.acquireLease(createTurnKey(w.bc.companyId), 'colleague', now, keptMs)).ok).toBe(
      true,
    );
    const start = Date.parse(now);
    const { record } = await runSync(
      {
        bc: w.bc,
        mailbox: w.mailbox,
        store: w.store,
        clock: w.clock,
        logger: silentLogger,
        ticker: pausingTicker(w.clock),
        ...(settleMs !== undefined ? { writeSettleMs: settleMs } : {}),
      },
      { runId: 'waiting', userId: USER, mode: 'full', dryRun: false, trigger: 'schedule' },
    );
    return { record, waitedMs: Date.parse(w.clock.now()) - start };
  }

  test('the named example: servers configured with BC timeouts of 90 s; a colleague’s turn kept 95 s is waited out, the contact made', async () => {
    const settle = writeSettleMs([60_000, 90_000]);
    const { record, waitedMs } = await runBehindKeptTurn(settle, settle);
    expect([record.counts.bc.created, record.deferred?.createTurnBusy ?? 0]).toEqual([1, 0]);
    expect(waitedMs).toBeGreaterThanOrEqual(settle);
  });

  test('the control: at the default settle the wait is 70 s, and the same turn kept 95 s defers the create', async () => {
    const { record } = await runBehindKeptTurn(writeSettleMs([60_000, 90_000]), undefined);
    expect([record.counts.bc.created, record.deferred?.createTurnBusy]).toEqual([0, 1]);
  });

  test.each([DEFAULT_WRITE_SETTLE_MS, 35_000, 125_000])(
    'settle %i ms: the wait outlasts it with room for a last ask',
    (settle) => {
      expect(createTurnWaitMs(settle)).toBeGreaterThanOrEqual(settle + 2 * CREATE_TURN_RETRY_MS);
    },
  );
});
