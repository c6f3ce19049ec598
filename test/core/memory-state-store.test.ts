import { describe, expect, test } from '@jest/globals';
import { STATE_LIMITS } from '../../src/core/state-limits.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { runSyncStateStoreContract } from '../contracts/sync-state-store.contract.js';
import { run } from '../contracts/sync-state-store.fixtures.js';

runSyncStateStoreContract('MemorySyncStateStore', async (caps) => ({
  store: new MemorySyncStateStore({ caps, opensRuns: true }),
  teardown: async () => undefined,
}));

// F122: a user's run records past STATE_LIMITS.perUser.runs drop the oldest, as the SQL store's do
// (test/server/state-admission runs the same through the facade's routes on PGlite).
describe('MemorySyncStateStore run records per user', () => {
  test(`the ${STATE_LIMITS.perUser.runs + 1}st record drops the user's oldest; another user keeps theirs`, async () => {
    const store = new MemorySyncStateStore();
    const max = STATE_LIMITS.perUser.runs;
    const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
    await store.saveRun(run('other', 'theirs', at(0)));
    for (let i = 0; i <= max; i++) await store.saveRun(run('me', `r-${String(i).padStart(4, '0')}`, at(i)));
    const kept = await store.listRuns('me', max + 10);
    expect(kept).toHaveLength(max);
    expect(kept.at(-1)!.id).toBe('r-0001');
    expect(await store.getRun('me', 'r-0000')).toBeNull();
    expect(await store.getRun('other', 'theirs')).not.toBeNull();
    // Saving a kept record again drops nothing.
    await store.saveRun({ ...kept[3]!, status: 'failed' });
    expect(await store.listRuns('me', max + 10)).toHaveLength(max);
  });
});
