import { leaseLost } from '../core/lease-fence.js';
import { announcedKeepMs } from '../core/lease.js';
import { CancelRequestedError } from '../core/run-errors.js';
import type { LeaseFence, RecordCommit, RunEnd, SyncCursor, SyncScope } from '../core/ports.js';
import type { RunRecord } from '../core/records.js';
import { STATE_LIMITS } from '../core/state-limits.js';
import type { Db } from './db.js';
import { assertStorableText, toIso } from './sql-helpers.js';
import { RUN_STATEMENTS } from './run-statement-names.js';
import { leaseEndPart } from './sql-run-end-lease.js';
import { leaseTimes, neverEarlierSql } from './sql-leases.js';
import { announcedKeepEndMs, announcedTurnKeepEndMs } from './announced-keep.js';
import { UNFLUSHED, UNFLUSHED_USE } from './sql-unflushed.js';

/** The columns a run record is stored in, and its upsert (`inserted`: the row is new). */
export const RUN_COLUMNS = 'sync_runs (id, user_id, started_at, record)';
export const RUN_UPSERT = `ON CONFLICT (user_id, id) DO UPDATE SET started_at = excluded.started_at, record = excluded.record
       RETURNING (xmax = 0) AS inserted`;
/** The columns a cursor is stored in, and its upsert. */
export const CURSOR_COLUMNS = 'sync_cursors (user_id, folder_id, bc_delta_link, delta_link, filter_key)';
export const CURSOR_UPSERT = `ON CONFLICT (user_id, folder_id) DO UPDATE SET bc_delta_link = excluded.bc_delta_link,
         delta_link = excluded.delta_link, filter_key = excluded.filter_key`;

/** A run record's values in RUN_COLUMNS order (started_at as ISO text, record as JSON text). */
export function runValues(run: RunRecord): [string, string, string, string] {
  return [run.id, run.userId, toIso(run.startedAt), JSON.stringify(run)];
}

/**
 * The head of a record save's statement for its RecordCommit, and the FROM item that runs it: a
 * CTE no part of the statement reads is not run (sql-unflushed.ts).
 */
function commitOf(commit: RecordCommit): { readonly cte: string; readonly from: string } {
  return commit === 'unflushed' ? { cte: `${UNFLUSHED}, `, from: ', unflushed' } : { cte: '', from: '' };
}

/**
 * A run record upserted without a fence (`SyncStateStore.saveRun`): flushed whatever RecordCommit
 * it is asked (no run's checkpoint is saved unfenced).
 */
export async function saveRunUnfenced(db: Db, run: RunRecord): Promise<void> {
  assertStorableText(run);
  // Keyed (user_id, id) since migration 006: another user's run id is simply unknown here.
  const saved = await db.query<{ inserted: boolean }>(
    `INSERT INTO ${RUN_COLUMNS} VALUES ($1, $2, $3::timestamptz, $4::jsonb)
     ${RUN_UPSERT}`,
    runValues(run),
  );
  await afterRunSaved(db, run.userId, saved.rows[0]?.inserted, run.dryRun);
}

/**
 * A run record's compare-and-set (`SyncStateStore.replaceRun`): one UPDATE whose WHERE is the
 * stored record (jsonb equality: key order does not count), so of two hosts that read it only one
 * writes, and a record written since the read is kept.
 */
export async function replaceRunIf(db: Db, expected: RunRecord, next: RunRecord): Promise<boolean> {
  assertStorableText(next);
  if (expected.id !== next.id || expected.userId !== next.userId) return false;
  const r = await db.query(
    `UPDATE sync_runs SET started_at = $3::timestamptz, record = $4::jsonb
     WHERE id = $1 AND user_id = $2 AND record = $5::jsonb
     RETURNING id`,
    [...runValues(next), JSON.stringify(expected)],
  );
  return r.rows.length > 0;
}

/** A cursor upserted (`SyncStateStore.putCursor`; its fenced view runs it under the lease row's lock). */
export async function putCursorRow(db: Db, scope: SyncScope, cursor: SyncCursor): Promise<void> {
  await db.query(
    `INSERT INTO ${CURSOR_COLUMNS} VALUES ($1, $2, $3, $4, $5)
     ${CURSOR_UPSERT}`,
    [scope.userId, scope.folderId, cursor.bcDeltaLink, cursor.deltaLink, cursor.filterKey],
  );
}

/**
 * A run's end (SyncStateStore.endRun) as ONE statement, so one round trip (issue 12 §2: the cursor,
 * the record and the release were three fenced calls of four to six round trips each, one after
 * another after the run's last write). The lease row's DELETE is the fence: it takes the row only
 * while the fence's owner holds it (as `SqlLeases.lockOf`, past its expiry too while nobody took it
 * over), locking it until the statement commits, and the cursor and the record are written from
 * what it returned — no row, nothing written. An acquire by another owner waits on that row lock
 * and then finds the key free. Committed without waiting for the disk (sql-unflushed.ts).
 */
export async function endRunInOneStatement(db: Db, end: RunEnd): Promise<void> {
  const { fence, run } = end;
  const scope = end.cursor?.scope ?? null;
  const cursor = end.cursor?.next ?? null;
  assertStorableText([fence, end.cursor ?? null, run]);
  const lease = leaseEndPart(end, { key: '$1', owner: '$2', next: 13 });
  const r = await db.query<{ held: number; inserted: boolean | null }>(
    `WITH ${UNFLUSHED}, released AS (
       ${lease.cte}
     ), moved AS (
       INSERT INTO ${CURSOR_COLUMNS}
       SELECT $3, $4, $5, $6, $7 FROM released WHERE $8::boolean
       ${CURSOR_UPSERT}
     ), saved AS (
       INSERT INTO ${RUN_COLUMNS}
       SELECT $9, $10, $11::timestamptz, $12::jsonb FROM released
       ${RUN_UPSERT}
     )
     SELECT (SELECT count(*) FROM released)::int AS held, (SELECT inserted FROM saved) AS inserted,
       ${UNFLUSHED_USE}`,
    [
      fence.key,
      fence.owner,
      scope?.userId ?? null,
      scope?.folderId ?? null,
      cursor?.bcDeltaLink ?? null,
      cursor?.deltaLink ?? null,
      cursor?.filterKey ?? '',
      cursor !== null,
      ...runValues(run),
      ...lease.params,
    ],
    lease.kept ? RUN_STATEMENTS.endKept : RUN_STATEMENTS.end,
  );
  const row = r.rows[0];
  if (!row || row.held === 0) throw leaseLost();
  // A record new at its end (a run's start is normally saved) drops its user's oldest past the cap.
  await afterRunSaved(db, run.userId, row.inserted, run.dryRun);
}

/**
 * A fenced saveRun (the record's saves: its start, and its checkpoints, one before every write
 * call of a run, F114; `unflushed` per RecordCommit) as ONE statement instead of a transaction of
 * four round trips (BEGIN, the lease row's lock, the upsert, COMMIT): the lease row is locked FOR UPDATE in the statement, which writes only from it — no
 * row, the owner does not hold the lease (as `SqlLeases.lockOf`), nothing written. A `running`
 * record of a run whose cancel was asked (`sync_runs.cancel_requested_at`, sql-run-cancel.ts) is
 * not written either: the run's next write call, which this save announces, does not go out
 * (CancelRequestedError; the run ends `cancelled`, and its end, not `running`, is stored). Nor a
 * `running` record over one stored `interrupted` (`ended`): its lease was let go and is only kept
 * while its sent writes may land (core letGoOrKeep); a checkpoint handled late does not revive it.
 * @throws LeaseLostError the fence's owner does not hold its key, or its run was let go (`ended`).
 * @throws CancelRequestedError
 */
export async function saveRunFenced(
  db: Db,
  fence: LeaseFence,
  run: RunRecord,
  commit: RecordCommit = 'flushed',
): Promise<void> {
  assertStorableText([fence, run]);
  const { cte, from } = commitOf(commit);
  const [until, trusted] = announcedKeepTimes(run, fence.settleMs);
  // The create turn kept as far (LeaseFence.turn), while the record counts BC creates out; null: none.
  const turn = fence.turn && announcedTurnKeepEndMs(run, fence.settleMs ?? 0) !== null ? fence.turn : null;
  // `kept`: the lease moved out to the keep of the writes this save announces (announced-keep.ts),
  // only where the record is saved, never earlier (a later expiry stays unless past the furthest
  // trusted, as SqlLeases.renewLease); no keep ($8 null), nothing updated.
  const r = await db.query<{ held: number; asked: boolean; ended: boolean; inserted: boolean | null }>(
    `WITH ${cte}held AS (SELECT key FROM sync_leases WHERE key = $1 AND owner = $2 FOR UPDATE),
     asked AS (
       SELECT 1 FROM sync_runs WHERE user_id = $4 AND id = $3 AND $7::boolean AND cancel_requested_at IS NOT NULL
     ), ended AS (
       SELECT 1 FROM sync_runs WHERE user_id = $4 AND id = $3 AND $7::boolean AND record->>'status' = 'interrupted'
     ), saved AS (
       INSERT INTO ${RUN_COLUMNS}
       SELECT $3, $4, $5::timestamptz, $6::jsonb FROM held${from}
       WHERE NOT EXISTS (SELECT 1 FROM asked) AND NOT EXISTS (SELECT 1 FROM ended)
       ${RUN_UPSERT}
     ), kept AS (
       UPDATE sync_leases SET expires_at = ${neverEarlierSql('expires_at', '$8::timestamptz', '$9::timestamptz')}
       WHERE key = $1 AND owner = $2 AND $8::timestamptz IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM asked) AND NOT EXISTS (SELECT 1 FROM ended)
       RETURNING key
     ), turn_kept AS (
       UPDATE sync_leases SET expires_at = ${neverEarlierSql('expires_at', '$8::timestamptz', '$9::timestamptz')}
       WHERE key = $10 AND owner = $11 AND $8::timestamptz IS NOT NULL AND EXISTS (SELECT 1 FROM held)
         AND NOT EXISTS (SELECT 1 FROM asked) AND NOT EXISTS (SELECT 1 FROM ended)
       RETURNING key
     )
     SELECT (SELECT count(*) FROM held)::int AS held, EXISTS (SELECT 1 FROM asked) AS asked,
       EXISTS (SELECT 1 FROM ended) AS ended, (SELECT inserted FROM saved) AS inserted,
       (SELECT count(*) FROM kept)::int AS kept, (SELECT count(*) FROM turn_kept)::int AS turn_kept`,
    [
      fence.key,
      fence.owner,
      ...runValues(run),
      run.status === 'running',
      until,
      trusted,
      turn?.key ?? null,
      turn?.owner ?? null,
    ],
    commit === 'unflushed' ? RUN_STATEMENTS.saveUnflushed : RUN_STATEMENTS.saveFlushed,
  );
  const row = r.rows[0];
  if (!row || row.held === 0 || row.ended) throw leaseLost();
  if (row.asked) throw new CancelRequestedError();
  await afterRunSaved(db, run.userId, row.inserted, run.dryRun);
}

/**
 * The expiry a fenced save keeps its lease to (announced-keep.ts) and the furthest expiry trusted
 * beside it (sql-leases.ts leaseTimes); both null when the save keeps nothing.
 */
function announcedKeepTimes(run: RunRecord, settleMs = 0): [string | null, string | null] {
  const end = announcedKeepEndMs(run, settleMs);
  if (end === null) return [null, null];
  const keepMs = announcedKeepMs(settleMs);
  const { expires, far } = leaseTimes(new Date(end - keepMs).toISOString(), keepMs);
  return [expires, far];
}

/**
 * A run record's row is a dry run's (review V3: stored so every process answers for it, and read
 * by no reader of "the user's runs": listRuns, a run's opening, the scheduler). SQL of the row's
 * `record` column, usable with any alias `r` of sync_runs as `${DRY_RUN_ROW('r')}`.
 */
export const DRY_RUN_ROW = (alias = ''): string =>
  `coalesce((${alias ? `${alias}.` : ''}record->>'dryRun') = 'true', false)`;

/** After a record's upsert: a new one past its user's cap drops their oldest of its kind (F122, V3). */
export async function afterRunSaved(
  db: Db,
  userId: string,
  inserted: boolean | null | undefined,
  dryRun = false,
): Promise<void> {
  if (inserted === true) await dropRunsPastCap(db, userId, dryRun);
}

/**
 * Drops a user's oldest run records past STATE_LIMITS.perUser.runs (dry runs' past `dryRuns`,
 * counted apart), in listRuns' order (F122).
 */
async function dropRunsPastCap(db: Db, userId: string, dryRun: boolean): Promise<void> {
  const { runs, dryRuns } = STATE_LIMITS.perUser;
  await db.query(
    `DELETE FROM sync_runs WHERE user_id = $1 AND id IN (
       SELECT id FROM sync_runs WHERE user_id = $1 AND ${DRY_RUN_ROW()} = $3
       ORDER BY started_at DESC, id COLLATE "C" DESC OFFSET $2)`,
    [userId, dryRun ? dryRuns : runs, dryRun],
  );
}
