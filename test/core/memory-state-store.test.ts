import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { runSyncStateStoreContract } from '../contracts/sync-state-store.contract.js';

runSyncStateStoreContract(
  'MemorySyncStateStore',
  async () => ({ store: new MemorySyncStateStore(), teardown: async () => undefined }),
  async (caps) => ({ store: new MemorySyncStateStore({ caps }), teardown: async () => undefined }),
);
