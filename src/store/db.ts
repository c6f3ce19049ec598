import { ensurePrivateDir } from '../platform/private-dir.js';
import { PGlite } from '@electric-sql/pglite';
import type { Transaction } from '@electric-sql/pglite';
import pg from 'pg';
import { probePostgres } from './postgres-connect.js';

/**
 * The smallest database surface the store needs, so one PostgreSQL dialect runs on two engines:
 * PGlite (embedded, WASM) and a PostgreSQL server through `pg`.
 *
 * Values: parameters are plain JS values (strings, numbers, booleans, null, arrays of those);
 * pass JSON as a string and cast it (`$1::jsonb`) because the two drivers encode objects differently.
 * Results: both engines parse jsonb to objects and timestamptz to `Date`; int8 differs (avoid it in
 * results, or cast to text).
 */
export interface Db {
  /**
   * `name`: the statement is prepared once per connection under that name and only bound and run
   * after (PostgreSQL's parse and plan of a long statement, ~1-2 ms on a loaded machine, once, not
   * per call): for the statements on a run's critical path (run-statement-names.ts). The same
   * name must always carry the same text. Engines without the distinction (PGlite) ignore it.
   */
  query<T>(sql: string, params?: readonly unknown[], name?: string): Promise<{ rows: T[] }>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `fn` in one transaction; a nested call joins the outer transaction. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /**
   * `transaction`, whose first statement `first` (no parameters: values spliced with `sqlLiteral`)
   * goes out with BEGIN in one round trip; `fn` gets its rows. Where absent, `transactionAfter`
   * (below) runs it as the transaction's first query.
   */
  transactionAfter?<T, R>(first: string, fn: (tx: Db, rows: R[]) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * `value` as an SQL string literal (pg's own escaping: quotes doubled, an E'' string when it holds
 * a backslash), for a statement that cannot take parameters (`transactionAfter`'s first).
 */
export function sqlLiteral(value: string): string {
  return pg.escapeLiteral(value);
}

/**
 * Runs `fn` in one transaction of `db` that starts with `first` (Db.transactionAfter): one round
 * trip for BEGIN and `first` on a PostgreSQL server; elsewhere (PGlite, in process) two queries.
 */
export function transactionAfter<T, R>(
  db: Db,
  first: string,
  fn: (tx: Db, rows: R[]) => Promise<T>,
): Promise<T> {
  if (db.transactionAfter) return db.transactionAfter(first, fn);
  return db.transaction(async (tx) => fn(tx, (await tx.query<R>(first)).rows));
}

export interface PgliteOptions {
  /** A directory on disk; in memory when absent. */
  readonly dataDir?: string;
  /** A `dumpDataDir()` tarball to start from (tests load one migrated template instead of initdb). */
  readonly loadDataDir?: Blob | File;
}

export async function openPglite(options: PgliteOptions = {}): Promise<Db & { readonly pglite: PGlite }> {
  if (options.dataDir !== undefined) ensurePrivateDir(options.dataDir);
  const pglite = await PGlite.create({
    ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir !== undefined ? { loadDataDir: options.loadDataDir } : {}),
  });
  const txDb = (tx: Transaction): Db => ({
    query: async <T>(sql: string, params?: readonly unknown[]) => {
      const r = await tx.query<T>(sql, params ? [...params] : undefined);
      return { rows: r.rows };
    },
    exec: async (sql: string) => {
      await tx.exec(sql);
    },
    transaction: (fn) => fn(txDb(tx)),
    close: () => Promise.reject(new Error('close() inside a transaction')),
  });
  return {
    pglite,
    query: async <T>(sql: string, params?: readonly unknown[]) => {
      const r = await pglite.query<T>(sql, params ? [...params] : undefined);
      return { rows: r.rows };
    },
    exec: async (sql: string) => {
      await pglite.exec(sql);
    },
    transaction: (fn) => pglite.transaction((tx) => fn(txDb(tx))),
    close: async () => {
      if (!pglite.closed) await pglite.close();
    },
  };
}

type Queryable = pg.Pool | pg.PoolClient;

function pgQuery(q: Queryable) {
  return async <T>(sql: string, params?: readonly unknown[], name?: string) => {
    const values = params ? [...params] : undefined;
    const r = await (name === undefined ? q.query(sql, values) : q.query({ name, text: sql, values }));
    return { rows: r.rows as T[] };
  };
}

function clientDb(client: pg.PoolClient): Db {
  return {
    query: pgQuery(client),
    exec: async (sql) => {
      await client.query(sql);
    },
    transaction: (fn) => fn(clientDb(client)),
    close: () => Promise.reject(new Error('close() inside a transaction')),
  };
}

/**
 * `fn` on one pooled client between `begin` (BEGIN, and what goes out with it) and COMMIT; rolled
 * back when anything throws.
 */
async function inTransaction<T>(
  pool: pg.Pool,
  begin: string,
  fn: (client: pg.PoolClient, began: pg.QueryResult) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    const began = await client.query(begin);
    const result = await fn(client, began);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** How long opening PostgreSQL waits for the server's first answer (milliseconds). */
export const CONNECT_TIMEOUT_MS = 10_000;

/**
 * The longest one statement of the store may run on PostgreSQL (milliseconds) before the server
 * cancels it (SQLSTATE 57014, thrown to the caller): a statement stuck on a lock or a runaway plan
 * then ends and frees what it holds, instead of holding a request or a run for ever. Two minutes
 * is far above the longest ordinary statement (one upsert of a 10,001-item batch), so it only
 * ends what is stuck. Migrations are exempt (they may take minutes on a large table, and so may
 * another process's wait for them): `migrate` lifts the limit for its own transaction. It is the
 * server's `statement_timeout`, not pg's client-side `query_timeout`: that one leaves the statement
 * running on the server, holding its locks, and cannot be lifted for one transaction.
 */
const STATEMENT_TIMEOUT_MS = 120_000;

/**
 * Connections the pool opens at once and keeps while idle: a run's reads and its record's save go
 * out together (links, conflicts, skipped contacts, pending creates, the record: five), and each
 * connection the pool opened for them cost 20–90 ms under load — more than the reads (issue 12 §2,
 * bench trace: a delta's list reads took 76–98 ms for 3 ms of work, after the pool had closed its
 * idle connections, 10 s after the run before). The rest (up to `max`) still close when idle.
 */
const WARM_CONNECTIONS = 5;

/**
 * Runs `sql` once on each of the pool's WARM_CONNECTIONS connections, all checked out at once so
 * each runs it. For a statement naming the tables a run reads first (after migrations): a backend's
 * first statement on a table loads its catalog entries, and a run's five first reads, side by side
 * on five such connections, took 9–13 ms each on a quiet machine against 1.5–4.4 ms once the
 * connections had named the tables (lead's measurement, 2026-12-05; issue 12 §2: every run of a
 * fresh process — a first scheduled run, the bench's runs — paid it before its first Graph call).
 * Failures are left to the work that follows: a connection that cannot run it fails there too.
 * `sql` null: the connections are only opened (openPostgres, before migrations). Every client
 * that connected goes back to the pool, whichever others failed.
 */
export async function touchWarmConnections(pool: pg.Pool, sql: string | null): Promise<void> {
  const settled = await Promise.allSettled(Array.from({ length: WARM_CONNECTIONS }, () => pool.connect()));
  const clients = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  if (sql !== null) await Promise.allSettled(clients.map((c) => c.query(sql)));
  for (const c of clients) c.release();
}

/**
 * A pool on a PostgreSQL server, proven to answer at open (not at the first request). Every
 * statement is bounded by `statementTimeoutMs` (default STATEMENT_TIMEOUT_MS; above).
 * @throws PostgresConnectError why it cannot be used (unreachable, no such database, refused login…).
 */
export async function openPostgres(
  connectionString: string,
  options: { readonly connectTimeoutMs?: number; readonly statementTimeoutMs?: number } = {},
): Promise<Db & { readonly pool: pg.Pool }> {
  const timeoutMs = options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    connectionTimeoutMillis: timeoutMs + 2_000,
    statement_timeout: options.statementTimeoutMs ?? STATEMENT_TIMEOUT_MS,
    min: WARM_CONNECTIONS,
  });
  // An idle client losing its connection (server restart) must not crash the process.
  pool.on('error', () => undefined);
  try {
    await probePostgres(connectionString, timeoutMs, () => pool.query('SELECT 1'));
  } catch (err) {
    void pool.end().catch(() => undefined);
    throw err;
  }
  // Opened beside the caller's first work, not before it (a CLI run's start waits for none of them).
  // Every client that connected goes back to the pool, whichever others failed (a server that
  // refuses some connections must not leave the ones it took checked out for ever).
  const warming = touchWarmConnections(pool, null);
  let closed = false;
  return {
    pool,
    query: pgQuery(pool),
    exec: async (sql) => {
      await pool.query(sql);
    },
    transaction: (fn) => inTransaction(pool, 'BEGIN', (client) => fn(clientDb(client))),
    // One simple-protocol query for both (it takes several statements, and no parameters).
    transactionAfter: <T, R>(first: string, fn: (tx: Db, rows: R[]) => Promise<T>) =>
      inTransaction(pool, `BEGIN; ${first}`, (client, began) => {
        const results = began as unknown as readonly pg.QueryResult[];
        return fn(clientDb(client), (results[1]?.rows ?? []) as R[]);
      }),
    close: async () => {
      if (closed) return;
      closed = true;
      await warming;
      await pool.end();
    },
  };
}
