import { join } from 'node:path';
import pg from 'pg';
import { CONNECT_TIMEOUT_MS } from '../../store/db.js';
import { DataDirLockedError, acquireDataDirLock } from '../../store/lock.js';
import { ConfigError } from '../announce.js';

// Any constant works; it only has to be the same in every process serving this database.
const EMBEDDED_GRAPH_LOCK_ID = 727_311_004;

/**
 * The embedded Graph emulator keeps its mailboxes in this process's memory (and DATA_DIR). Two
 * processes each serving one would give a user two Outlooks: each run through another process
 * re-creates every contact (tester F22). So one process owns it: per DATA_DIR (a lock file beside
 * its journal) and, with DATABASE_URL, per database (a PostgreSQL session advisory lock, released
 * when the process or its connection ends). A second process is refused at start with the fix:
 * several processes on one database share one Graph through GRAPH_BASE_URL.
 *
 * @param connectTimeoutMs how long opening the database and the lock query may take (milliseconds).
 * @returns the release of both locks (shutdown).
 * @throws ConfigError another process owns the embedded Graph of this DATA_DIR or database.
 * @throws Error from pg when the database cannot be reached or does not answer in time.
 */
export async function ownEmbeddedGraph(
  dataDir: string,
  databaseUrl: string | null,
  connectTimeoutMs: number = CONNECT_TIMEOUT_MS,
): Promise<() => Promise<void>> {
  const shareHint =
    'one process serves the embedded Graph emulator; several processes on one database need one shared Graph: set GRAPH_BASE_URL (README "Configuration").';
  let file;
  try {
    file = acquireDataDirLock(join(dataDir, 'graph-emulator'));
  } catch (e) {
    if (!(e instanceof DataDirLockedError)) throw e;
    const by = e.holderPid === null ? 'another process' : `process ${e.holderPid}`;
    throw new ConfigError([`DATA_DIR=${dataDir}: its Graph mailboxes are in use by ${by}; ${shareHint}`]);
  }
  if (databaseUrl === null) return async () => file.release();
  // Opening and the one lock query wait no longer than the store's own open does (store/db.ts);
  // pg sets no limit itself. The lock is tried, never waited for.
  const client = new pg.Client({
    connectionString: databaseUrl,
    connectionTimeoutMillis: connectTimeoutMs,
    query_timeout: connectTimeoutMs,
  });
  // A lost connection ends the ownership; it must not crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [
      EMBEDDED_GRAPH_LOCK_ID,
    ]);
    if (rows[0]?.ok !== true)
      throw new ConfigError([
        `DATABASE_URL: another process on this database already serves the embedded Graph emulator; ${shareHint}`,
      ]);
  } catch (e) {
    await client.end().catch(() => undefined);
    file.release();
    throw e;
  }
  return async () => {
    await client.end().catch(() => undefined);
    file.release();
  };
}
