import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { openPostgres } from '../../src/store/db.js';
import type { Db } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrations/index.js';
import type { Migration } from '../../src/store/migrations/index.js';
import { createTestDatabase } from '../support/postgres.js';
import type { TestDatabase } from '../support/postgres.js';

// The store's statements on PostgreSQL have a limit (db.ts STATEMENT_TIMEOUT_MS; the server cancels
// one that runs past it), and migrations do not (migrate lifts it for its transaction). Shown with
// a limit of 1 s against statements that sleep 3 s: every way the store sends a statement is a row.

const LIMIT_MS = 1_000;
const SLEEP = 'SELECT pg_sleep(3)';

let created: TestDatabase;
let db: Db;
beforeAll(async () => {
  created = await createTestDatabase('bcsync_stmt_limit');
  db = await openPostgres(created.url, { statementTimeoutMs: LIMIT_MS });
});
afterAll(async () => {
  await db?.close();
  await created?.drop();
});

/** SQLSTATE 57014 query_canceled: "canceling statement due to statement timeout". */
const CANCELED = { code: '57014' };

describe('a statement past the limit is cancelled by the server', () => {
  const rows: [string, (db: Db) => Promise<unknown>][] = [
    ['query', (d) => d.query(SLEEP)],
    ['exec', (d) => d.exec(SLEEP)],
    ['query in a transaction', (d) => d.transaction((tx) => tx.query(SLEEP))],
    ['exec in a transaction', (d) => d.transaction((tx) => tx.exec(SLEEP))],
  ];
  test.each(rows)('%s', async (_name, send) => {
    await expect(send(db)).rejects.toMatchObject(CANCELED);
    // The pool goes on serving.
    expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });
});

test('a migration longer than the limit runs to its end (migrate lifts it for its transaction)', async () => {
  const slow: Migration = { version: 1, name: 'slow', sql: `${SLEEP}; CREATE TABLE slow_done (x int);` };
  expect(await migrate(db, [slow])).toEqual([1]);
  expect((await db.query('SELECT x FROM slow_done')).rows).toEqual([]);
  // The lift ended with the migration's transaction: the next statement is bounded again.
  await expect(db.query(SLEEP)).rejects.toMatchObject(CANCELED);
});
