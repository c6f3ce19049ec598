/**
 * Review of 929ca7d (issue 12 §2: a warm PostgreSQL pool, WARM_CONNECTIONS opened at open and kept
 * while idle). A server that refuses some of those connections — a role or database connection
 * limit, a server near max_connections, several facade processes on one PostgreSQL (design §5) —
 * must leave the store as usable as before: the connections that were opened go back to the pool
 * (not held checked out for ever), its statements still run, and `close` ends.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import pg from 'pg';
import { openPostgres } from '../../src/store/db.js';
import { pollUntil } from '../support/poll.js';
import { createTestDatabase } from '../support/postgres.js';
import type { TestDatabase } from '../support/postgres.js';

/** What the role may hold at once: fewer than the connections the pool warms. */
const ROLE_LIMIT = 3;

describe('a warm pool on a server that refuses some of its connections', () => {
  let created: TestDatabase;
  let admin: pg.Client;
  const role = `warm_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  let url: string;

  beforeAll(async () => {
    created = await createTestDatabase('bcsync_warm');
    const u = new URL(created.url);
    u.username = role;
    url = u.toString();
    const adminUrl = new URL(created.url);
    admin = new pg.Client({ connectionString: adminUrl.toString(), connectionTimeoutMillis: 5_000 });
    await admin.connect();
    // Names are ours (no user input): spliced, as identifiers cannot be parameters.
    await admin.query(`CREATE ROLE ${role} LOGIN CONNECTION LIMIT ${ROLE_LIMIT}`);
  });
  afterAll(async () => {
    await admin?.end();
    await created?.drop();
    const cleanup = new pg.Client({ connectionString: created.url.replace(/\/[^/]*$/, '/postgres') });
    await cleanup.connect();
    await cleanup.query(`DROP ROLE IF EXISTS ${role}`);
    await cleanup.end();
  });

  test('its statements still run once the warming met the limit, and close ends', async () => {
    const db = await openPostgres(url, { connectTimeoutMs: 3_000 });
    // The warming goes on beside the caller's work: its refused connects are gone once the pool
    // holds no more clients than the role may (each one asked for is counted while it connects).
    await pollUntil('the warming to meet the limit', () =>
      db.pool.totalCount <= ROLE_LIMIT && db.pool.waitingCount === 0 ? true : undefined,
    );
    // Every client that connected goes back to the pool: idle again, none checked out and forgotten
    // (that pool's statements all fail 'too many connections', and its close never ends).
    await pollUntil(
      'every warmed client back in the pool',
      () => (db.pool.idleCount === db.pool.totalCount ? true : undefined),
      { boundMs: 30_000 },
    );
    for (let i = 0; i < 3; i++) {
      const r = await db.query<{ one: number }>('SELECT 1 AS one');
      expect(r.rows).toStrictEqual([{ one: 1 }]);
    }
    expect(db.pool.totalCount).toBeLessThanOrEqual(ROLE_LIMIT);
    await db.close();
  });
});
