import { describe, test, expect, beforeAll, afterAll } from '@jest/globals';
import pg from 'pg';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/open-store.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, schemaVersion } from '../../src/store/migrations/index.js';
import { SqlSyncStateStore } from '../../src/store/sql-state-store.js';
import { SqlLeases } from '../../src/store/sql-leases.js';
import { transactionAfter } from '../../src/store/db.js';
import { pollUntil } from '../support/poll.js';
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

  test("a fenced transaction's lock, sent with BEGIN, holds an acquire by another owner until it commits", async () => {
    // A key with a quote and a backslash: spliced as a literal (sqlLiteral), never as SQL.
    const key = "ann|it's a\\folder";
    const t0 = '2024-06-01T00:00:00.000Z';
    // Holders the store cannot see (null): the lease only expires.
    expect(await a.stateStore.acquireLease(key, 'run-1', t0, 1_000, null)).toStrictEqual({ ok: true });
    let open = (): void => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const order: string[] = [];
    const write = transactionAfter(a.db, SqlLeases.lockOf({ key, owner: 'run-1' }), async (_tx, held) => {
      order.push(`locked ${held.length}`);
      await gate;
      order.push('committing');
    });
    await pollUntil('the write holding the lease row', () => (order.length > 0 ? true : undefined), {
      everyMs: 10,
    });
    // Expired, so another owner may take it: only once the write's transaction has ended.
    const taking = b.stateStore
      .acquireLease(key, 'run-2', '2024-06-01T00:00:05.000Z', 1_000, null)
      .then((r) => order.push(`acquired ${String(r.ok)}`));
    try {
      // Held back, not merely slow: PostgreSQL shows the acquire waiting on the row's lock.
      // (An acquire that was not held back ends the poll too, and the check below fails at once.)
      await pollUntil('the acquire waiting on the lease row', async () => {
        if (order.length > 1) return true;
        const r = await a.db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
        );
        return (r.rows[0]?.n ?? 0) > 0 ? true : undefined;
      });
      expect(order).toStrictEqual(['locked 1']);
    } finally {
      // Ended whatever the check found: a transaction left open would hold the pool's close.
      open();
      await Promise.all([write, taking]);
    }
    expect(order).toStrictEqual(['locked 1', 'committing', 'acquired true']);
    // Taken over: the first owner's lock finds no row.
    const rows = await transactionAfter(a.db, SqlLeases.lockOf({ key, owner: 'run-1' }), async (_tx, r) => r);
    expect(rows).toStrictEqual([]);
  });

  test('an unreachable server fails at open, saying why as data (F53: worded at start)', async () => {
    await expect(openStore({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none' })).rejects.toMatchObject({
      name: 'PostgresConnectError',
      problem: { kind: 'refused', code: 'ECONNREFUSED', host: '127.0.0.1', port: '1', database: 'none' },
    });
  });
});
