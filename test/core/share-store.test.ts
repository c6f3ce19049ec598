import { expect, test } from '@jest/globals';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { shareStore } from '../contracts/store-setup.js';

// The state-store contract's blocks (main, paged lists, long lists, lease fence) share one store:
// one set-up for the four of them, one teardown at the end, none between blocks.
test('shareStore: four blocks get the same store from one setup, torn down once, at close', async () => {
  const calls = { setup: 0, teardown: 0 };
  const one = shareStore(async () => {
    calls.setup += 1;
    return { store: new MemorySyncStateStore(), teardown: async () => void (calls.teardown += 1) };
  });
  const blocks = await Promise.all([one.setup(), one.setup()]);
  blocks.push(await one.setup(), await one.setup());
  for (const b of blocks) await b.teardown();
  expect(new Set(blocks.map((b) => b.store)).size).toBe(1);
  expect(calls).toStrictEqual({ setup: 1, teardown: 0 });
  await one.close();
  expect(calls).toStrictEqual({ setup: 1, teardown: 1 });
});

test('shareStore: a contract that never started a block sets nothing up and tears nothing down', async () => {
  let setups = 0;
  const one = shareStore(async () => {
    setups += 1;
    return { store: new MemorySyncStateStore(), teardown: async () => undefined };
  });
  await one.close();
  expect(setups).toBe(0);
});
