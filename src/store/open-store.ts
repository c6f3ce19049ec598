import type { SyncStateStore } from '../core/ports.js';
import type { Db } from './db.js';
import { openPglite, openPostgres, touchWarmConnections } from './db.js';
import { acquireDataDirLock } from './lock.js';
import { migrate } from './migrations/index.js';
import { SqlSyncStateStore } from './sql-state-store.js';
import { localProcesses } from '../platform/local-process.js';

export interface OpenStoreOptions {
  /** A PostgreSQL connection string (DATABASE_URL); PGlite is used when absent. */
  readonly databaseUrl?: string;
  /** PGlite data directory, default `./data`. */
  readonly dataDir?: string;
  /**
   * How long a write sent may take to land (core/lease.ts writeSettleMs of the host's timeouts;
   * default DEFAULT_WRITE_SETTLE_MS): a dead holder's lease is kept that long past its last
   * checkpoint while writes it sent are unanswered (dead-holder-keep.ts).
   */
  readonly writeSettleMs?: number;
}

export interface Store {
  readonly db: Db;
  readonly stateStore: SyncStateStore;
  readonly kind: 'postgres' | 'pglite';
  /** Closes the database, then releases the data dir lock. */
  close(): Promise<void>;
}

const DEFAULT_DATA_DIR = './data';

/** Names every table a sync run reads or writes (touchWarmConnections), reading no row. */
const TOUCH_RUN_TABLES = `SELECT ${[
  'sync_settings',
  'sync_runs',
  'sync_run_items',
  'sync_cursors',
  'sync_leases',
  'sync_links',
  'sync_conflicts',
  'sync_skipped',
  'sync_pending_creates',
]
  .map((t) => `(SELECT 1 FROM ${t} LIMIT 0)`)
  .join(', ')}`;

/**
 * The embedded store's folder could not be opened as a store (damaged, not a store, a file where
 * the folder goes): `dir` and PGlite's own message, for the edge to say which folder to move away.
 */
export class PgliteOpenError extends Error {
  override readonly name = 'PgliteOpenError';
  constructor(
    readonly dir: string,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/** Opens the database, takes the data dir lock for PGlite, and applies pending migrations. */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  if (options.databaseUrl !== undefined && options.databaseUrl !== '') {
    const db = await openPostgres(options.databaseUrl);
    const store = await ready(db, 'postgres', () => undefined, options.writeSettleMs);
    await touchWarmConnections(db.pool, TOUCH_RUN_TABLES);
    return store;
  }
  const lock = acquireDataDirLock(options.dataDir ?? DEFAULT_DATA_DIR);
  let db: Db;
  try {
    db = await openPglite({ dataDir: options.dataDir ?? DEFAULT_DATA_DIR });
  } catch (err) {
    lock.release();
    throw new PgliteOpenError(options.dataDir ?? DEFAULT_DATA_DIR, err);
  }
  return ready(db, 'pglite', () => lock.release(), options.writeSettleMs);
}

async function ready(
  db: Db,
  kind: Store['kind'],
  release: () => void,
  settleMs: number | undefined,
): Promise<Store> {
  try {
    await migrate(db);
  } catch (err) {
    await db.close().catch(() => undefined);
    release();
    throw err;
  }
  let closed = false;
  return {
    db,
    kind,
    stateStore: new SqlSyncStateStore(db, localProcesses(), undefined, settleMs),
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await db.close();
      } finally {
        release();
      }
    },
  };
}
