import pg from 'pg';
import { openPostgres } from '../../src/store/db.js';
import { openEmptyPglite } from '../store/pglite-template.js';
import type { Db } from '../../src/store/db.js';

/** The local PostgreSQL server tests run on (trust auth); TEST_POSTGRES_URL overrides it. */
const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/**
 * A throwaway database with a unique name. A server that is down fails the caller (it does not
 * skip): what runs on PostgreSQL must be proven there.
 */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5_000 });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(`PostgreSQL is not reachable at ${ADMIN_URL} (${String(err)}); set TEST_POSTGRES_URL.`);
  }
  // The name is ours (no user input), so it can be spliced; identifiers cannot be parameters.
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}

/** A database a test opened; `close` also drops a PostgreSQL test database. */
export type TestDb = Db & { close(): Promise<void> };

/**
 * The two engines the store runs on, for `describe.each`: the embedded default (PGlite, in memory)
 * and a throwaway database on the local PostgreSQL server.
 */
export const STORE_ENGINES: readonly (readonly [string, () => Promise<TestDb>])[] = [
  ['PGlite (the embedded default)', () => openEmptyPglite()],
  [
    'PostgreSQL',
    async () => {
      const created = await createTestDatabase('bcsync_engine');
      const db = await openPostgres(created.url);
      return {
        ...db,
        close: async () => {
          await db.close();
          await created.drop();
        },
      };
    },
  ],
];
