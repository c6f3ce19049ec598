/**
 * Issue 12: a server run (schedule, CLI, the pane's server runs) reads the user's recent run records
 * once. Before, four reads of the same records per run: the environment's company pick (the
 * state's company, F86), then the run's state origin, its search for records left `running` and
 * its folder id. The run now reads them after taking its lease and picks the company itself among
 * the user's member companies the environment lists (core stateCompanyAdapter); the company
 * choice across hosts is test/server/company-change-hosts.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { startInProcessProduct } from '../support/in-process-product.js';
import type { InProcessProduct } from '../support/in-process-product.js';
import { recordStoreCalls } from '../support/store-calls.js';

const USER = 'ann@contoso.com';

let product: InProcessProduct;
beforeAll(async () => {
  product = await startInProcessProduct('bcsync-recent-runs-', USER, { SEED_DEMO: '1', SCHEDULER: '0' });
});
afterAll(async () => {
  await product?.close();
});

describe('a server run reads the recent run records once (issue 12)', () => {
  test('a first full sync and a delta after it: one listRuns each, and the company stays the state one', async () => {
    const { manager, ctx } = product.server;
    const calls = recordStoreCalls(ctx.stateStore);
    const reads = () => calls.take().filter((c) => c.method === 'listRuns' && c.args[0] === devUserKey(USER));
    const full = await manager.runNow(devUserKey(USER), { mode: 'full', trigger: 'schedule' });
    expect(full.record.status).toBe('succeeded');
    expect(reads()).toHaveLength(1);
    const delta = await manager.runNow(devUserKey(USER), { mode: 'delta', trigger: 'schedule' });
    expect(delta.record.status).toBe('succeeded');
    expect(reads()).toHaveLength(1);
    expect(delta.record.companyId).toBe(product.companyId);
  });
});
