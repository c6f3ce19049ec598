import { describe, expect, test } from '@jest/globals';
import { recordStoreCalls } from '../support/store-calls.js';
import { World, person } from '../support/world.js';

// Issue 12: the state's origin (folder, company), the records left `running` by a dead holder and
// the sync folder's id are all found among the user's recent run records. A run reads them once
// after it takes its lease, and passes them on (before: three reads of the same records per run);
// and once beside the settings, only to guess the folder whose cursor it asks for beside that read
// (a round trip less before the first read; run-start.test.ts): two reads, whatever the run.

const listRunsCalls = (calls: readonly { method: string }[]) =>
  calls.filter((c) => c.method === 'listRuns').length;

describe('one read of the recent runs per run (issue 12)', () => {
  test('a full sync, a delta and a dry run each read the run records twice (the guess, the read under the lease)', async () => {
    const w = new World();
    for (let i = 1; i <= 5; i++) w.bc.seed(person(i));
    const calls = recordStoreCalls(w.store);
    expect((await w.sync('full')).record.status).toBe('succeeded');
    expect(listRunsCalls(calls.take())).toBe(2);
    w.later();
    expect((await w.sync('delta')).record.status).toBe('succeeded');
    expect(listRunsCalls(calls.take())).toBe(2);
    w.later();
    expect((await w.sync('delta', { dryRun: true })).record.status).toBe('succeeded');
    expect(listRunsCalls(calls.take())).toBe(2);
  });

  test('a record left running by a dead holder is still marked interrupted from the read under the lease', async () => {
    const w = new World();
    w.bc.seed(person(1));
    await w.sync('full');
    w.later();
    const [done] = await w.store.listRuns('ann@contoso.com', 1);
    const dead = { ...done!, id: 'run-of-a-dead-holder', status: 'running' as const, finishedAt: null };
    await w.store.saveRun(dead);
    w.later();
    const calls = recordStoreCalls(w.store);
    expect((await w.sync('delta')).record.status).toBe('succeeded');
    expect(listRunsCalls(calls.take())).toBe(2);
    expect((await w.store.getRun('ann@contoso.com', dead.id))?.status).toBe('interrupted');
  });
});
