import { describe, test, expect, afterAll, beforeAll } from '@jest/globals';
import { openPglite } from '../../src/store/db.js';
import { SqlSyncStateStore } from '../../src/store/sql-state-store.js';
import { runSyncStateStoreContract } from '../contracts/sync-state-store.contract.js';
import { buildMigratedTemplate } from './pglite-template.js';

let template: Blob | File | undefined;
const timings: { templateMs?: number; loadMs: number[] } = { loadMs: [] };

beforeAll(async () => {
  const built = await buildMigratedTemplate();
  template = built.template;
  timings.templateMs = built.ms;
});

async function loadTemplate() {
  if (!template) throw new Error('template not built');
  const started = performance.now();
  const db = await openPglite({ loadDataDir: template });
  timings.loadMs.push(Math.round(performance.now() - started));
  return db;
}

// The store with the product's caps and the one with lowered caps share one database, as on
// PostgreSQL: every contract test works under its own user keys, and a load cost 4-8 s alone and
// 35-42 s in CI (load 20+), one of three per run of this file.
let shared: ReturnType<typeof loadTemplate> | undefined;
afterAll(async () => {
  if (shared) await (await shared).close();
});

runSyncStateStoreContract('SqlSyncStateStore on PGlite', async (caps) => {
  const db = await (shared ??= loadTemplate());
  return { store: new SqlSyncStateStore(db, undefined, caps), teardown: async () => undefined };
});

describe('PGlite template', () => {
  test('loads a migrated, empty database and reports timings', async () => {
    const db = await loadTemplate();
    try {
      const r = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM sync_links');
      expect(r.rows).toStrictEqual([{ n: 0 }]);
    } finally {
      await db.close();
    }
    console.log(`PGlite template build ${timings.templateMs} ms; loads ${timings.loadMs.join(', ')} ms`);
  });
});
