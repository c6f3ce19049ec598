import { describe, test, expect, beforeAll } from '@jest/globals';
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

runSyncStateStoreContract(
  'SqlSyncStateStore on PGlite',
  async () => {
    const db = await loadTemplate();
    return { store: new SqlSyncStateStore(db), teardown: () => db.close() };
  },
  async (caps) => {
    const db = await loadTemplate();
    return { store: new SqlSyncStateStore(db, undefined, caps), teardown: () => db.close() };
  },
);

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
