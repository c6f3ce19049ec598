import { settingsInTextForm } from '../core/settings-rules.js';
import { storedSettings } from '../core/stored-values.js';
import type { ConflictRecord } from '../core/merge.js';
import type {
  ConflictEntry,
  LeaseFence,
  RecordCommit,
  RunEnd,
  RunOpening,
  RunOpeningRequest,
  SkipEntry,
  SyncCursor,
  SyncScope,
  SyncStateStore,
} from '../core/ports.js';
import { DEFAULT_WRITE_SETTLE_MS } from '../core/lease.js';
import { fencedWrites, leaseLost } from '../core/lease-fence.js';
import type { Link } from '../core/link.js';
import type { RunRecord, SyncSettings } from '../core/records.js';
import type { SkipRecord } from '../core/skip-records.js';
import type { LocalProcesses } from '../platform/local-process.js';
import { transactionAfter } from './db.js';
import type { Db } from './db.js';
import { SqlLeases } from './sql-leases.js';
import { openRunInOneStatement } from './sql-run-opening.js';
import { FENCED_KEY_WRITES, SqlLinks } from './sql-links.js';
import {
  DRY_RUN_ROW,
  endRunInOneStatement,
  putCursorRow,
  replaceRunIf,
  saveRunFenced,
  saveRunUnfenced,
} from './sql-run-records.js';
import { endRunWithLinks } from './sql-run-end-links.js';
import { assertStorableText } from './sql-helpers.js';
import { STATE_LIMITS } from '../core/state-limits.js';
import type { ScopeCaps } from '../core/state-limits.js';
import { CONFLICTS_TABLE, SKIPPED_TABLE, SqlScopeList } from './sql-scope-lists.js';

/**
 * `SyncStateStore` on the PostgreSQL dialect (PGlite or a server). Every statement is
 * parameterised; batches go in one statement through `unnest` of parallel arrays, so 5,000 links
 * cost one round trip. Refusals use the same messages as `MemorySyncStateStore`. Links and pending
 * creates live in sql-links.ts (SqlLinks, the base class), leases in sql-leases.ts, conflicts and
 * skipped contacts in sql-scope-lists.ts (SqlScopeList); this class holds settings, cursors and runs.
 */
export class SqlSyncStateStore extends SqlLinks implements SyncStateStore {
  /**
   * `local`: this process and its machine's process table, so leases name their holder and one
   * held by a dead process of this machine is taken over at once (absent: leases only expire).
   */
  private readonly leases: SqlLeases;
  // Conflicts and skipped contacts: a keyed list each (sql-scope-lists.ts), behind the port's methods (KeyedListsStore).
  protected readonly conflicts: SqlScopeList<'bcId', ConflictEntry, ConflictRow>;
  protected readonly skipped: SqlScopeList<'key', SkipEntry, SkipRow>;

  /** `caps`: entries per scope and list (default STATE_LIMITS.perScope; tests lower them). */
  constructor(
    db: Db,
    private readonly local?: LocalProcesses,
    protected override readonly caps: ScopeCaps = STATE_LIMITS.perScope,
    /** How long a write sent may take to land (writeSettleMs): a dead local holder's keep (dead-holder-keep.ts). */
    private readonly settleMs: number = DEFAULT_WRITE_SETTLE_MS,
  ) {
    super(db, caps);
    this.leases = new SqlLeases(db, local, settleMs);
    this.conflicts = new SqlScopeList(
      db,
      CONFLICTS_TABLE,
      { ...CONFLICT_ROWS, upsert: upsertConflicts },
      caps.conflicts,
    );
    this.skipped = new SqlScopeList(db, SKIPPED_TABLE, { ...SKIP_ROWS, upsert: upsertSkipped }, caps.skipped);
  }

  // Leases (sql-leases.ts), forwarded with the port's signatures; links are SqlLinks' own methods.
  readonly acquireLease: SyncStateStore['acquireLease'] = (...a) => this.leases.acquireLease(...a);
  readonly renewLease: SyncStateStore['renewLease'] = (...a) => this.leases.renewLease(...a);
  readonly releaseLease: SyncStateStore['releaseLease'] = (...a) => this.leases.releaseLease(...a);
  readonly holdsLease: NonNullable<SyncStateStore['holdsLease']> = (...a) => this.leases.holdsLease(...a);

  /** Settings, recent runs, their folders' cursors and the lease in one statement (sql-run-opening.ts). */
  openRun(request: RunOpeningRequest): Promise<RunOpening> {
    return openRunInOneStatement(this.db, this.local, request);
  }

  /**
   * Each fenced write runs in one transaction that first locks the lease's row (sql-leases.ts
   * `SqlLeases.lockOf`): an acquire by another owner waits for the write to commit, or the write is
   * refused and rolled back.
   */
  fenced(fence: LeaseFence): SyncStateStore {
    // The lock goes out with BEGIN (one round trip less a write on PostgreSQL, issue 12 §2).
    const view = fencedWrites(this, (write) =>
      transactionAfter(this.db, SqlLeases.lockOf(fence), async (tx, held) => {
        if (held.length === 0) throw leaseLost();
        return write(new SqlSyncStateStore(tx, this.local, this.caps, this.settleMs));
      }),
    );
    // The run's record, saved before every write call: one statement, one round trip (issue 12 §2).
    const saveRun = (run: RunRecord, commit?: RecordCommit) => saveRunFenced(this.db, fence, run, commit);
    // A run's links after its writes: one statement too (sql-links.ts), one round trip before its end.
    const upsertLinks = (scope: SyncScope, links: readonly Link[]) =>
      this.upsertLinksFenced(fence, scope, links);
    // Pending creates (beside a create call's announce) and removals: one statement each too.
    const keysWrite =
      (write: keyof typeof FENCED_KEY_WRITES) => (scope: SyncScope, bcIds: readonly string[]) =>
        this.fencedKeysWrite(fence, scope, bcIds, FENCED_KEY_WRITES[write]);
    return Object.assign(view, {
      saveRun,
      upsertLinks,
      addPendingCreates: (scope: SyncScope, bcIds: readonly string[]) =>
        this.addPendingCreatesFenced(fence, scope, bcIds),
      clearPendingCreates: keysWrite('clearPendingCreates'),
      deleteLinks: keysWrite('deleteLinks'),
    });
  }

  async getSettings(userId: string): Promise<SyncSettings | null> {
    const r = await this.db.query<{ settings: unknown }>(
      'SELECT settings FROM sync_settings WHERE user_id = $1',
      [userId],
    );
    // Not trusted blindly (core/stored-values.ts): a field of another shape is the default one.
    return r.rows[0] ? storedSettings(r.rows[0].settings) : null;
  }

  async putSettings(userId: string, settings: SyncSettings): Promise<void> {
    assertStorableText([userId, settings]);
    await this.db.query(
      `INSERT INTO sync_settings (user_id, settings, updated_at) VALUES ($1, $2::jsonb, now())
       ON CONFLICT (user_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
      [userId, JSON.stringify(settingsInTextForm(settings))],
    );
  }

  async getCursor(scope: SyncScope): Promise<SyncCursor | null> {
    const r = await this.db.query<{
      bc_delta_link: string | null;
      delta_link: string | null;
      filter_key: string;
    }>(
      'SELECT bc_delta_link, delta_link, filter_key FROM sync_cursors WHERE user_id = $1 AND folder_id = $2',
      [scope.userId, scope.folderId],
    );
    const row = r.rows[0];
    return row
      ? { bcDeltaLink: row.bc_delta_link, deltaLink: row.delta_link, filterKey: row.filter_key }
      : null;
  }

  async putCursor(scope: SyncScope, cursor: SyncCursor): Promise<void> {
    assertStorableText([scope, cursor]);
    await putCursorRow(this.db, scope, cursor);
  }

  saveRun(run: RunRecord): Promise<void> {
    return saveRunUnfenced(this.db, run);
  }

  async endRun(end: RunEnd): Promise<void> {
    const { links } = end;
    if (!links) return endRunInOneStatement(this.db, end);
    // Links that only replace the scope's (a delta's updates): with the end in one statement.
    const ended = await this.takenAsRefusal(links.scope, links.upserts, () =>
      endRunWithLinks(this.db, { ...end, links }),
    );
    if (ended) return;
    // Links new to the scope: through the fenced upsert first (its cap check under the lease
    // row's lock; a refusal stores nothing of the end), then the end with the rest of them.
    await this.upsertLinksFenced(end.fence, links.scope, links.upserts);
    await endRunWithLinks(this.db, { ...end, links: { ...links, upserts: [] } });
  }

  /** Claimed by the first record naming a company (migration 020's trigger, on every save path). */
  async getStateCompany(userId: string): Promise<string | null> {
    const r = await this.db.query<{ company_id: string }>(
      'SELECT company_id FROM sync_state_companies WHERE user_id = $1',
      [userId],
    );
    return r.rows[0]?.company_id ?? null;
  }

  replaceRun(expected: RunRecord, next: RunRecord): Promise<boolean> {
    return replaceRunIf(this.db, expected, next);
  }

  async getRun(userId: string, runId: string): Promise<RunRecord | null> {
    const r = await this.db.query<{ record: RunRecord }>(
      'SELECT record FROM sync_runs WHERE id = $1 AND user_id = $2',
      [runId, userId],
    );
    return r.rows[0]?.record ?? null;
  }

  async listRuns(userId: string, limit: number): Promise<RunRecord[]> {
    const r = await this.db.query<{ record: RunRecord }>(
      `SELECT record FROM sync_runs WHERE user_id = $1 AND NOT ${DRY_RUN_ROW()}
       ORDER BY started_at DESC, id COLLATE "C" DESC LIMIT $2`,
      [userId, Math.max(0, Math.floor(limit))],
    );
    return r.rows.map((row) => row.record);
  }
}

type ConflictRow = { bc_id: string; outlook_id: string; record: ConflictRecord };

function conflictOf(row: ConflictRow): ConflictEntry {
  return { bcId: row.bc_id, outlookId: row.outlook_id, record: row.record };
}

const CONFLICT_ROWS = { columns: 'bc_id, outlook_id, record', keyField: 'bcId', toItem: conflictOf } as const;

/** One statement for a batch of conflicts: parallel arrays through `unnest`. */
function upsertConflicts(tx: Db, scope: SyncScope, upserts: readonly ConflictEntry[]) {
  return tx.query(
    `INSERT INTO sync_conflicts (user_id, folder_id, bc_id, outlook_id, record)
     SELECT $1, $2, b, o, r::jsonb FROM unnest($3::text[], $4::text[], $5::text[]) AS t(b, o, r)
     ON CONFLICT (user_id, folder_id, bc_id) DO UPDATE SET outlook_id = excluded.outlook_id,
       record = excluded.record`,
    [
      scope.userId,
      scope.folderId,
      upserts.map((c) => c.bcId),
      upserts.map((c) => c.outlookId),
      upserts.map((c) => JSON.stringify(c.record)),
    ],
  );
}

type SkipRow = { key: string; record: Omit<SkipRecord, 'bcNumber'> & { bcNumber?: string } };

/** Records stored before skip records carried BC's No. read as "not known". */
function skipOf(row: SkipRow): SkipEntry {
  return { key: row.key, record: { ...row.record, bcNumber: row.record.bcNumber ?? '' } };
}

const SKIP_ROWS = { columns: 'key, record', keyField: 'key', toItem: skipOf } as const;

/** One statement for a batch of skipped contacts: parallel arrays through `unnest`. */
function upsertSkipped(tx: Db, scope: SyncScope, entries: readonly SkipEntry[]) {
  return tx.query(
    `INSERT INTO sync_skipped (user_id, folder_id, key, record)
     SELECT $1, $2, k, r::jsonb FROM unnest($3::text[], $4::text[]) AS t(k, r)
     ON CONFLICT (user_id, folder_id, key) DO UPDATE SET record = excluded.record`,
    [scope.userId, scope.folderId, entries.map((e) => e.key), entries.map((e) => JSON.stringify(e.record))],
  );
}
