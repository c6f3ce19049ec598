/**
 * Review of 929ca7d (a run's end in one store call, `SyncStateStore.endRun`): the facade's run
 * metrics (observability.ts `observeRuns`) count a run once its final record is stored. Runs used
 * to store it with `saveRun`, which the wrapper watches; they now store it with `endRun`. A run of
 * any host ended that way must still be counted — once, and not when the end was refused.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { SyncStateStore } from '../../src/core/ports.js';
import { runSync } from '../../src/core/run.js';
import { silentLogger } from '../../src/core/ports.js';
import { MemoryBcContacts } from '../../src/fakes/memory-bc-contacts.js';
import { MemoryMailbox } from '../../src/fakes/memory-mailbox.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { createRunMetrics, observeRuns } from '../../src/server/observability.js';
import { openPglite } from '../../src/store/db.js';
import type { Db } from '../../src/store/db.js';
import { SqlSyncStateStore } from '../../src/store/sql-state-store.js';
import { run } from '../contracts/sync-state-store.fixtures.js';
import { buildMigratedTemplate } from '../store/pglite-template.js';
import { person } from '../support/world.js';

const USER = 'ann@contoso.com';
const t0 = '2024-03-01T12:00:00.000Z';

/** The value of `sync_runs_total{trigger,outcome}` in the registry (0 when absent). */
async function runsCounted(metrics: ReturnType<typeof createRunMetrics>, trigger: string, outcome: string) {
  const text = await metrics.registry.metrics();
  const line = `sync_runs_total{trigger="${trigger}",outcome="${outcome}"}`;
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found ? Number(found.slice(line.length + 1)) : 0;
}

let db: Db | undefined;
beforeAll(async () => {
  db = await openPglite({ loadDataDir: (await buildMigratedTemplate()).template });
});
afterAll(async () => {
  await db?.close();
});

let users = 0;
// The memory store's endRun stores its record through `this.saveRun`, so a wrapper in front of it
// sees it; the SQL store's (what the facade runs on) stores it in its own statement.
const STORES: [string, () => SyncStateStore][] = [
  ['memory', () => new MemorySyncStateStore()],
  ['SQL on PGlite', () => new SqlSyncStateStore(db as Db)],
];

describe.each(STORES)('observeRuns counts a run ended through endRun (%s store)', (_name, storeOf) => {
  test('a run of the engine on an observed store is counted once, with its writes', async () => {
    const metrics = createRunMetrics();
    const store = observeRuns(storeOf(), metrics);
    const user = `${++users}-${USER}`;
    const clock = new ManualClock();
    const bc = new MemoryBcContacts(clock);
    for (let i = 1; i <= 3; i++) bc.seed(person(i));
    const { record } = await runSync(
      { bc, mailbox: new MemoryMailbox(), store, clock, logger: silentLogger },
      {
        runId: `run-${users}`,
        userId: user,
        mode: 'full',
        dryRun: false,
        trigger: 'schedule',
        confirmMassDelete: false,
      },
    );
    expect(record.status).toBe('succeeded');
    expect(record.counts.outlook.created).toBe(3);
    expect(await runsCounted(metrics, 'schedule', 'succeeded')).toBe(1);
    const text = await metrics.registry.metrics();
    expect(text).toContain('sync_contacts_written_total{side="outlook",operation="created"} 3');
  });

  test('endRun called on the port: counted when stored, not when refused', async () => {
    const metrics = createRunMetrics();
    const store = observeRuns(storeOf(), metrics);
    const user = `${++users}-${USER}`;
    const key = `lease-of-${user}`;
    const ended = {
      ...run(user, 'run-1', t0),
      status: 'succeeded' as const,
      finishedAt: t0,
      trigger: 'cli' as const,
    };
    expect((await store.acquireLease(key, 'run-2', t0, 10_000, null)).ok).toBe(true);
    await expect(store.endRun({ fence: { key, owner: 'run-1' }, run: ended })).rejects.toThrow('leaseLost');
    expect(await runsCounted(metrics, 'cli', 'succeeded')).toBe(0);
    await store.releaseLease(key, 'run-2');
    expect((await store.acquireLease(key, 'run-1', t0, 10_000, null)).ok).toBe(true);
    await store.endRun({ fence: { key, owner: 'run-1' }, run: ended });
    expect(await runsCounted(metrics, 'cli', 'succeeded')).toBe(1);
  });
});
