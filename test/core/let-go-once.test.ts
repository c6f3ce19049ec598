/**
 * A pane's lease let go or kept (core/run-interrupted.ts letGoOrKeep, markLetGo) marks the run's
 * record `interrupted` from what it read: read, then written, two hosts both acted, and a run's end
 * stored between the read and the write was written over with `interrupted` (the run's outcome
 * lost). The mark is one conditional write now (the store's compare-and-set, replaceRun): over
 * every place that marks, a record that changed since the read is kept, and of two hosts one marks.
 */
import { describe, expect, test } from '@jest/globals';
import { leaseKeyOf } from '../../src/core/lease.js';
import type { RunRecord } from '../../src/core/records.js';
import { letGoOrKeep, markLetGo } from '../../src/core/run-interrupted.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { run } from '../contracts/sync-state-store.fixtures.js';

const USER = 'ann';
const RUN = 'run-pane';
const KEY = leaseKeyOf(USER, 'Business Central');
const NOW = '2024-01-01T10:05:00.000Z';

/** A store holding the pane's `running` record, its lease held (or not), whose every getRun of the run
 * answers the record as it was and then lets `between` write (another host, the run's own end). */
async function raced(
  held: boolean,
  between: (store: MemorySyncStateStore) => Promise<void>,
  /** Which of the run's reads is the last before the write (letGoOrKeep reads it again once kept). */
  at = 1,
) {
  const store = new MemorySyncStateStore();
  await store.saveRun(run(USER, RUN, '2024-01-01T10:00:00.000Z'));
  if (held) await store.acquireLease(KEY, RUN, '2024-01-01T10:00:00.000Z', 60_000);
  const get = store.getRun.bind(store);
  let reads = 0;
  store.getRun = async (userId, runId) => {
    const r = await get(userId, runId);
    if (++reads === at) await between(store);
    return r;
  };
  return store;
}

/** The stored record, past the raced read (MemorySyncStateStore's own getRun). */
const get = (s: MemorySyncStateStore) => MemorySyncStateStore.prototype.getRun.call(s, USER, RUN);

const ended = (r: RunRecord): RunRecord => ({
  ...r,
  status: 'cancelled',
  finishedAt: '2024-01-01T10:04:00.000Z',
});

/** The pane's release with writes in flight: its record is marked and the lease kept the settle. */
const keptRelease = (store: MemorySyncStateStore) =>
  letGoOrKeep(store, {
    userId: USER,
    runId: RUN,
    leaseKey: KEY,
    inFlight: true,
    shared: false,
    now: NOW,
    settleMs: 65_000,
  });

// Every place that marks a pane's record: the release kept (in flight) and the release let go.
const MARKS = [
  [
    'letGoOrKeep (a release with writes in flight: kept)',
    true,
    2,
    (store: MemorySyncStateStore) => keptRelease(store),
  ],
  [
    'markLetGo (a release let go)',
    false,
    1,
    (store: MemorySyncStateStore) => markLetGo(store, USER, RUN, KEY, NOW),
  ],
] as const;

describe("a pane's record is marked interrupted in one conditional write", () => {
  test.each(MARKS)('%s: the run end stored after the read is kept', async (_name, held, at, mark) => {
    const store = await raced(
      held,
      async (s) => {
        await s.saveRun(ended((await get(s))!));
      },
      at,
    );
    await mark(store);
    expect((await store.getRun(USER, RUN))?.status).toBe('cancelled');
  });

  test.each(MARKS)('%s: of two hosts that read it running, one marks it', async (_name, held, _at, mark) => {
    const store = await raced(held, async () => undefined);
    const replace = store.replaceRun.bind(store);
    let stored = 0;
    store.replaceRun = async (expected, next) => {
      const ok = await replace(expected, next);
      if (ok) stored++;
      return ok;
    };
    await Promise.all([mark(store), mark(store)]);
    expect(stored).toBe(1);
    expect((await store.getRun(USER, RUN))?.status).toBe('interrupted');
  });

  test('the example: a pane cancelled, its end stored as the late release read the record: cancelled stays', async () => {
    const store = await raced(
      true,
      async (s) => {
        await s.saveRun(ended((await get(s))!));
      },
      2,
    );
    await keptRelease(store);
    expect(await store.getRun(USER, RUN)).toMatchObject({
      status: 'cancelled',
      finishedAt: '2024-01-01T10:04:00.000Z',
    });
  });
});
