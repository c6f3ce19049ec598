import { expect } from '@jest/globals';
import type { BcContacts } from '../../src/core/ports.js';
import { silentLogger } from '../../src/core/ports.js';
import type { SyncMode } from '../../src/core/records.js';
import { runSync } from '../../src/core/run.js';
import { MemoryMailbox } from '../../src/fakes/memory-mailbox.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import type { Facade } from '../bc/harness.js';

/**
 * Sync runs of one user between `bc` (an adapter on the facade `f`) and an in-memory mailbox: each
 * run 10 minutes after the last on the facade's clock (past the delta token's margin), and each
 * must succeed; `sync` answers its record.
 */
export function facadeSyncs(f: Facade, bc: BcContacts, userId: string) {
  const mailbox = new MemoryMailbox();
  const store = new MemorySyncStateStore();
  let runs = 0;
  const sync = async (mode: SyncMode) => {
    f.clock.advance(10 * 60_000);
    const { record } = await runSync(
      { bc, mailbox, store, clock: f.clock, logger: silentLogger },
      { runId: `run-${++runs}`, userId, mode, dryRun: false, trigger: 'pane' },
    );
    expect(record.status).toBe('succeeded');
    return record;
  };
  return { mailbox, sync };
}
