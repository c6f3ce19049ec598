import { describe, expect, test } from '@jest/globals';
import { leaseKeyOf } from '../../src/core/lease.js';
import { markLetGo } from '../../src/core/run-interrupted.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { run as runFixture } from '../contracts/sync-state-store.fixtures.js';

/*
 * Audit of 3692ecbf: the lease release route marks a run `interrupted` when its record still says
 * running and it no longer holds its lease (markLetGo). It read the record, then the lease: a run
 * whose end was stored (and its lease let go, in one step) between the two reads had its
 * `succeeded` written over with `interrupted`. The end lands here right after the first read of
 * the store, whichever it is; the record must keep what the run stored.
 */

const USER = 'ann';
const RUN = 'run-1';
const KEY = leaseKeyOf(USER, 'Business Central');
const NOW = '2026-12-06T23:00:00.000Z';

async function racing() {
  const store = new MemorySyncStateStore();
  expect((await store.acquireLease(KEY, RUN, NOW, 30_000)).ok).toBe(true);
  const started = { ...runFixture(USER, RUN, NOW), status: 'running' as const };
  await store.saveRun(started);
  let ended = false;
  const end = async () => {
    if (ended) return;
    ended = true;
    await store.saveRun({ ...started, status: 'succeeded', finishedAt: NOW });
    await store.releaseLease(KEY, RUN);
  };
  const racingStore = Object.create(store) as MemorySyncStateStore;
  racingStore.getRun = async (...a) => {
    const r = await store.getRun(...a);
    await end();
    return r;
  };
  racingStore.holdsLease = async (...a) => {
    const held = await store.holdsLease!(...a);
    await end();
    return held;
  };
  await markLetGo(racingStore, USER, RUN, KEY, NOW);
  return (await store.getRun(USER, RUN))?.status;
}

describe('a run whose end lands while its let-go is checked keeps its end', () => {
  test('the example: the end stored between the two reads: succeeded stays', async () => {
    expect(await racing()).toBe('succeeded');
  });

  test('control: a run let go with its record still running is marked interrupted', async () => {
    const store = new MemorySyncStateStore();
    await store.saveRun({ ...runFixture(USER, RUN, NOW), status: 'running' });
    expect(await markLetGo(store, USER, RUN, KEY, NOW)).toBe(true);
    expect((await store.getRun(USER, RUN))?.status).toBe('interrupted');
  });
});
