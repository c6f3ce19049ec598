/**
 * openStore on PostgreSQL leaves each warm connection having named the tables a run reads
 * (touchWarmConnections): a backend's first statement on a table loads its catalog entries, which
 * cost a fresh process's first run 9–13 ms per first read before its first Graph call (issue 12 §2).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import pg from 'pg';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/open-store.js';
import { createTestDatabase } from '../support/postgres.js';
import type { TestDatabase } from '../support/postgres.js';

describe('the warm connections of a store on PostgreSQL', () => {
  let created: TestDatabase;
  let store: Store;
  let admin: pg.Client;

  beforeAll(async () => {
    created = await createTestDatabase('bcsync_warm_tables');
    store = await openStore({ databaseUrl: created.url });
    admin = new pg.Client({ connectionString: created.url, connectionTimeoutMillis: 5_000 });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await store?.close();
    await created?.drop();
  });

  test('each of the five has named every table of a run once openStore answered', async () => {
    // pg_stat_activity shows each backend's last statement: the touch, on every warm connection.
    const r = await admin.query<{ query: string }>(
      `SELECT query FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    const touched = r.rows.filter((row) => row.query.includes('(SELECT 1 FROM sync_links LIMIT 0)'));
    expect(touched).toHaveLength(5);
    for (const table of [
      'sync_settings',
      'sync_runs',
      'sync_cursors',
      'sync_leases',
      'sync_conflicts',
      'sync_skipped',
      'sync_pending_creates',
    ])
      expect(touched.every((row) => row.query.includes(`FROM ${table} LIMIT 0`))).toBe(true);
    // And the store works on them.
    expect(await store.stateStore.listRuns('nobody@contoso.com', 1)).toEqual([]);
  });
});
