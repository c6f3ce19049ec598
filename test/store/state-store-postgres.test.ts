import { describe, test, expect, beforeAll, afterAll } from '@jest/globals';
import pg from 'pg';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/open-store.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, schemaVersion } from '../../src/store/migrations/index.js';
import { SqlSyncStateStore } from '../../src/store/sql-state-store.js';
import { runSyncStateStoreContract } from '../contracts/sync-state-store.contract.js';

/**
 * Runs on a throwaway database of the local PostgreSQL server. A server that is down FAILS this
 * file (it does not skip): the store must be proven on PostgreSQL too.
 */
const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `bcsync_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
const dbUrl = (() => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${dbName}`;
  return u.toString();
})();

let admin: pg.Client | undefined;
let created = false;

async function ensureDatabase(): Promise<void> {
  if (created) return;
  admin = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5_000 });
  try {
    await admin.connect();
  } catch (err) {
    admin = undefined;
    throw new Error(
      `PostgreSQL is not reachable at ${ADMIN_URL} (${String(err)}). Start it with ` +
        '`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` or set TEST_POSTGRES_URL.',
    );
  }
  // The name is ours (no user input), so it can be spliced; identifiers cannot be parameters.
  await admin.query(`CREATE DATABASE ${dbName}`);
  created = true;
}

beforeAll(ensureDatabase);

afterAll(async () => {
  if (admin && created) await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin?.end();
});

// Without caps, the store the product opens; with them, one over the same database that applies them.
runSyncStateStoreContract('SqlSyncStateStore on PostgreSQL', async (caps) => {
  await ensureDatabase();
  const store = await openStore({ databaseUrl: dbUrl });
  return {
    store: caps ? new SqlSyncStateStore(store.db, undefined, caps) : store.stateStore,
    teardown: () => store.close(),
  };
});

describe('PostgreSQL specifics', () => {
  let a: Store;
  let b: Store;
  beforeAll(async () => {
    await ensureDatabase();
    // Two "processes" migrating one database at once: the advisory lock serialises them.
    [a, b] = await Promise.all([openStore({ databaseUrl: dbUrl }), openStore({ databaseUrl: dbUrl })]);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  test('migrations recorded once', async () => {
    expect(await schemaVersion(a.db)).toBe(LATEST_SCHEMA_VERSION);
    const r = await a.db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
    expect(r.rows).toStrictEqual([{ n: MIGRATIONS.length }]);
  });

  test('a lease contested by 20 concurrent owners on two pools goes to exactly one', async () => {
    const now = '2024-06-01T00:00:00.000Z';
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? a : b).stateStore.acquireLease('race', `owner-${i}`, now, 60_000),
      ),
    );
    const winners = results.flatMap((r, i) => (r.ok ? [`owner-${i}`] : []));
    expect(winners).toHaveLength(1);
    for (const r of results)
      if (!r.ok) expect(r.heldBy).toStrictEqual({ owner: winners[0], expiresAt: '2024-06-01T00:01:00.000Z' });
  });

  test('an unreachable server fails at open, saying why as data (F53: worded at start)', async () => {
    await expect(openStore({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none' })).rejects.toMatchObject({
      name: 'PostgresConnectError',
      problem: { kind: 'refused', code: 'ECONNREFUSED', host: '127.0.0.1', port: '1', database: 'none' },
    });
  });
});
