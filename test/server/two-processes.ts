import { afterAll, beforeAll } from '@jest/globals';
import { MemoryRunCancelMarks } from '../../src/fakes/memory-run-cancel-marks.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { handTicker } from '../support/manual-ticker.js';
import { person } from '../support/world.js';
import { syncHarness } from './sync-harness.js';
import type { Gate, SyncHarness } from './sync-harness.js';

/** Two facade "processes" on one store and one set of cancel marks, each beaten by hand. */
interface TwoProcesses {
  readonly store: MemorySyncStateStore;
  readonly marks: MemoryRunCancelMarks;
  readonly tickA: ReturnType<typeof handTicker>;
  readonly tickB: ReturnType<typeof handTicker>;
  /** Every gate a run waits at: opened before the processes close, so a failed test cannot hang them. */
  readonly gates: Gate[];
  /** The process that runs the runs (set once the file's first beforeAll ran). */
  a: SyncHarness;
  /** Another process on the same store and marks, trusting A's tokens. */
  b: SyncHarness;
}

/**
 * Registers the processes' start (A with `seeded` BC persons) and close with the file's hooks;
 * the returned object holds them from the first `beforeAll` on.
 */
export function useTwoProcesses(seeded: number): TwoProcesses {
  const store = new MemorySyncStateStore();
  const two = {
    store,
    marks: new MemoryRunCancelMarks(store),
    tickA: handTicker(),
    tickB: handTicker(),
    gates: [],
  } as unknown as TwoProcesses;
  beforeAll(async () => {
    const { marks, tickA, tickB } = two;
    two.a = await syncHarness({ store, ticker: tickA.ticker, cancelMarks: marks });
    two.b = await syncHarness({ store, issuer: two.a.issuer, ticker: tickB.ticker, cancelMarks: marks });
    for (let n = 1; n <= seeded; n++) two.a.bc.seed(person(n));
  });
  afterAll(async () => {
    for (const g of two.gates) g.open();
    await two.a?.close();
    await two.b?.close();
  });
  return two;
}
