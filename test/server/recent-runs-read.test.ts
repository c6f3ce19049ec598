/**
 * Issue 12: a server run (schedule, CLI, the pane's server runs) reads the user's recent run records
 * once. Before, four reads of the same records per run: the environment's company pick (the
 * state's company, F86), then the run's state origin, its search for records left `running` and
 * its folder id. The run now reads them after taking its lease and picks the company itself among
 * the user's member companies the environment lists (core stateCompanyAdapter); the company
 * choice across hosts is test/server/company-change-hosts. It also reads them beside its settings,
 * before the lease, only to guess the folder whose cursor it asks for beside the read under the
 * lease (a round trip less before its first read: test/core/run-start): two reads a run. A store
 * that opens a run in one statement (SyncStateStore.openRun: settings, recent runs, cursors, lease)
 * makes the first of them there: both are counted. When that opening made the lease (no run held it:
 * its read was already under the lease, 69db384 RunOpening.readUnderLease), the second is not made.
 */
import { describe, expect, test } from '@jest/globals';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { startInProcessProduct } from '../support/in-process-product.js';
import { openedForTests } from '../support/opened.js';
import { recordStoreCalls } from '../support/store-calls.js';

const USER = 'ann@contoso.com';

/** The store calls that read the user's recent run records: listRuns, and openRun (it reads them too). */
function recentRunReads(calls: ReturnType<typeof recordStoreCalls>) {
  return () =>
    calls
      .take()
      .filter(
        (c) =>
          (c.method === 'listRuns' && c.args[0] === devUserKey(USER)) ||
          (c.method === 'openRun' && (c.args[0] as { userId?: string }).userId === devUserKey(USER)),
      );
}

const product = openedForTests(() =>
  startInProcessProduct('bcsync-recent-runs-', USER, { SEED_DEMO: '1', SCHEDULER: '0' }),
);
describe('a server run reads the recent run records once under its lease (issue 12)', () => {
  test('a first full sync and a delta after it: one read of the records each (the opening made the lease), and the company stays the state one', async () => {
    const { manager, ctx } = product.server;
    const calls = recordStoreCalls(ctx.stateStore);
    const reads = recentRunReads(calls);
    const full = await manager.runNow(devUserKey(USER), { mode: 'full', trigger: 'schedule' });
    expect(full.record.status).toBe('succeeded');
    const fullReads = reads().length;
    const delta = await manager.runNow(devUserKey(USER), { mode: 'delta', trigger: 'schedule' });
    expect(delta.record.status).toBe('succeeded');
    // 69db384: an opening that made the lease (no other run held it) read the records under it
    // already, so neither run reads them a second time.
    expect([fullReads, reads().length]).toEqual([1, 1]);
    expect(delta.record.companyId).toBe(product.companyId);
  });

  // The sync API's readers ask the records two things of the settings' folder: a move still due,
  // and the folder id the last run used. Both come from one read (core/folder.ts recordedFolder).
  // The folder preview also opens BC for the state's company (F86), which reads them once more.
  test("conflicts: one read; a folder preview: one for its folder, one for BC's company", async () => {
    const { manager, ctx } = product.server;
    expect(
      (await manager.runNow(devUserKey(USER), { mode: 'full', trigger: 'schedule' })).record.status,
    ).toBe('succeeded');
    const calls = recordStoreCalls(ctx.stateStore);
    const reads = recentRunReads(calls);
    await product.api('/sync/v1/conflicts');
    expect(reads()).toHaveLength(1);
    await product.api('/sync/v1/folder-preview', {
      method: 'POST',
      body: JSON.stringify({ folderName: 'Another folder' }),
    });
    expect(reads()).toHaveLength(2);
  });
});
