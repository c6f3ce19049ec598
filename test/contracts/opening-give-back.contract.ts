import { describe, expect, test } from '@jest/globals';
import { LEASE_TTL_MS, leaseKeyOf } from '../../src/core/lease.js';
import { silentLogger } from '../../src/core/ports.js';
import type { SyncStateStore } from '../../src/core/ports.js';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import { runSync } from '../../src/core/run.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { MemoryBcContacts } from '../../src/fakes/memory-bc-contacts.js';
import { MemoryMailbox } from '../../src/fakes/memory-mailbox.js';
import { freshUserKey, withStore } from './store-setup.js';
import type { StoreSetup } from './store-setup.js';

/**
 * Leaks item 1: a run's first lease take that landed and then threw (the store wrote it, its answer
 * was lost: the connection dropped after the commit) leaves no lease behind, whatever the adapter.
 * The take is the store's one-step opening (SyncStateStore.openRun: its reads and the lease in one
 * statement) where it has one, else acquireLease. The run, answered with the error, does not know
 * it holds the folder: kept, the folder's next run was refused until the lease ran out
 * (LEASE_TTL_MS). Rows: every kind of key the opening takes (the default folder's when no settings
 * are saved, a name the SQL statement keys itself, one it leaves to core's acquireLease).
 */

const LOST = 'connection lost after the commit (answer lost)';

/** `store` whose run-opening take (openRun, else the first acquireLease) lands, then throws. */
function answerLost(store: SyncStateStore): SyncStateStore {
  const step = store.openRun ? 'openRun' : 'acquireLease';
  let thrown = false;
  return new Proxy(store, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key);
      if (typeof value !== 'function') return value;
      const bound = (value as (...args: unknown[]) => unknown).bind(target);
      if (key !== step) return bound;
      return async (...args: unknown[]) => {
        const answer = await bound(...args);
        if (thrown) return answer;
        thrown = true;
        throw new Error(LOST);
      };
    },
  });
}

const ROWS: [string, string | null][] = [
  ['no settings saved: the default folder', null],
  ['a folder name the opening statement keys itself', 'Sales Team'],
  ['a folder name core keys (not ASCII)', 'Kontakte Über'],
];

export function runOpeningGiveBackContract(setup: StoreSetup): void {
  describe('a run whose opening lease take landed and then threw', () => {
    let store: SyncStateStore;
    withStore(setup, (s) => (store = s));

    test.each(ROWS)('%s: the run throws the error and holds no lease', async (_name, folderName) => {
      const userId = freshUserKey('opening');
      if (folderName !== null) await store.putSettings(userId, { ...DEFAULT_SETTINGS, folderName });
      const key = leaseKeyOf(userId, folderName ?? DEFAULT_SETTINGS.folderName);
      const clock = new ManualClock();
      const deps = {
        bc: new MemoryBcContacts(clock),
        mailbox: new MemoryMailbox(),
        store: answerLost(store),
        clock,
        logger: silentLogger,
      };
      const request = {
        runId: `${userId}-run`,
        userId,
        mode: 'full',
        dryRun: false,
        trigger: 'pane',
      } as const;
      await expect(runSync(deps, request)).rejects.toThrow(LOST);
      // Another run of the folder takes its lease at once.
      expect(await store.acquireLease(key, 'next-run', clock.now(), LEASE_TTL_MS, null)).toStrictEqual({
        ok: true,
      });
      await store.releaseLease(key, 'next-run');
    });
  });
}
