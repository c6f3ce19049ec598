/**
 * Issue 12 §2: a run's start was four store round trips one after another before its first read
 * (settings, lease, recent runs, cursor). The recent runs are now also read beside the settings,
 * to guess the folder whose cursor is asked for beside the lease, and read again with the runs
 * under it (run-start.ts). The guarantees kept: every cursor a run uses is one read while it holds
 * the lease, and only of the folder the runs read under the lease name (a run that ended in between
 * may have synced another).
 */
import { describe, expect, test } from '@jest/globals';
import type { SyncScope, SyncStateStore } from '../../src/core/ports.js';
import { USER, deltaReady } from '../support/world.js';

/** `store` (in place) logging each lease taken and each cursor asked for, in call order. */
function loggingStarts(store: SyncStateStore, log: string[], before?: () => Promise<void>): void {
  const acquire = store.acquireLease.bind(store);
  const getCursor = store.getCursor.bind(store);
  let first = true;
  store.acquireLease = async (...args) => {
    if (first && before) await before();
    first = false;
    log.push('lease');
    return acquire(...args);
  };
  store.getCursor = async (scope: SyncScope) => {
    log.push(`cursor ${scope.folderId}`);
    return getCursor(scope);
  };
}

describe("a run's start: the cursor asked for under the lease, of the folder the runs name", () => {
  test('the cursor asked for beside the lease is read again under it', async () => {
    const { w, ids } = await deltaReady(3);
    const folder = await w.folder();
    w.bc.edit(ids[0]!, { city: 'Paris' });
    const log: string[] = [];
    loggingStarts(w.store, log);
    const { record } = await w.sync('delta');
    expect(record.status).toBe('succeeded');
    expect(log).toStrictEqual([`cursor ${folder.id}`, 'lease', `cursor ${folder.id}`]);
  });

  test('a run that recorded another folder between the guess and the lease: its folder is the one asked for', async () => {
    const { w } = await deltaReady(3);
    const folder = await w.folder();
    const [last] = await w.store.listRuns(USER, 1);
    const log: string[] = [];
    // Another host's run ends just before this one takes the lease, naming another folder id.
    loggingStarts(w.store, log, async () => {
      const later = new Date(Date.parse(w.clock.now()) + 1).toISOString();
      await w.store.saveRun({ ...last!, id: 'run-between', folderId: 'folder-between', startedAt: later });
    });
    const { record } = await w.sync('delta');
    expect(record.status).toBe('succeeded');
    // The guessed folder's cursor went out beside the lease and again under it, unused (the runs
    // read under the lease differ: what was read ahead on it is dropped); the named one is read,
    // then (that folder is gone) the one found by name.
    expect(log).toStrictEqual([
      `cursor ${folder.id}`,
      'lease',
      `cursor ${folder.id}`,
      'cursor folder-between',
      `cursor ${folder.id}`,
    ]);
  });
});
