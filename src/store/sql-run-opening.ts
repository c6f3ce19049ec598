import { storedSettings } from '../core/stored-values.js';
import type { RunOpening, RunOpeningRequest, SyncCursor } from '../core/ports.js';
import type { RunRecord } from '../core/records.js';
import type { LocalProcesses } from '../platform/local-process.js';
import type { Db } from './db.js';
import { assertStorableText } from './sql-helpers.js';
import { LEASE_TAKEN_OVER, leaseTimes } from './sql-leases.js';
import { RUN_STATEMENTS } from './run-statement-names.js';
import { UNFLUSHED, UNFLUSHED_USE } from './sql-unflushed.js';
import { DRY_RUN_ROW } from './sql-run-records.js';

/**
 * The folder names whose lease key (core/lease.ts leaseKeyOf: trimmed, lower-cased) the statement
 * writes itself: printable ASCII, where JavaScript's trim is a trim of spaces and its toLowerCase
 * maps A-Z alone, whatever the database's locale (`translate`, not `lower`). Any other name takes
 * no lease here: the run asks acquireLease with the key core makes.
 */
const ASCII_NAME = '^[ -~]*$';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';

/**
 * A run's opening (SyncStateStore.openRun) as ONE statement, so one round trip before a delta
 * run's first Graph request (issue 12 §2: settings and runs, then the lease and the cursor, were
 * two one after the other). The lease is the insert an acquire makes (LEASE_TAKEN_OVER, the same
 * placeholders), from the key of the settings read in the same statement; a lease held by another
 * is left as it is (no clamp, no probe of its holder's process): the run then asks acquireLease,
 * which does both. The reads are a snapshot taken as the statement began: the run reads the
 * records and the cursor again under the lease (core/run-start.ts startUnderLease) unless that
 * snapshot held no lease row of the key and the lease was made by the insert, not by its ON
 * CONFLICT update (`xmax = 0`: an inserted row; an updated one carries the updater's id):
 * `readUnderLease` (RunOpening says why that is as good as a read under the lease). Committed
 * without waiting for the disk (sql-unflushed.ts): the run's first record save, which locks the
 * lease's row and waits for the disk, makes the lease durable before any write (core/run.ts).
 */
export async function openRunInOneStatement(
  db: Db,
  local: LocalProcesses | undefined,
  request: RunOpeningRequest,
): Promise<RunOpening> {
  const { userId, owner } = request;
  assertStorableText([userId, owner, request.defaultKey]);
  const { nowIso, expires, graceEnd, far } = leaseTimes(request.now, request.ttlMs);
  const by = request.holder === undefined ? (local?.self ?? null) : request.holder;
  // A create turn's keys (core/lease.ts createTurnKey) are taken by acquireLease alone: its line.
  const mayTake = !userId.startsWith('bc-create:');
  const r = await db.query<{
    settings: unknown;
    runs: RunRecord[];
    cursors: [string, string | null, string | null, string][];
    lease_key: string | null;
    under_lease: boolean;
  }>(
    `WITH ${UNFLUSHED}, s AS (SELECT settings FROM sync_settings WHERE user_id = $1::text),
     k AS (
       SELECT CASE
         WHEN s.settings IS NULL THEN $9::text
         WHEN jsonb_typeof(s.settings->'folderName') = 'string' AND (s.settings->>'folderName') ~ $12::text
           THEN $1::text || '|' || translate(btrim(s.settings->>'folderName', ' '), $14::text, $15::text)
         END AS key
       FROM (SELECT 1) AS one LEFT JOIN s ON true),
     r AS (
       SELECT record, started_at, id FROM sync_runs WHERE user_id = $1::text AND NOT ${DRY_RUN_ROW()}
       ORDER BY started_at DESC, id COLLATE "C" DESC LIMIT $11::int),
     c AS (
       SELECT folder_id, bc_delta_link, delta_link, filter_key FROM sync_cursors
       WHERE user_id = $1::text AND folder_id IN (SELECT record->>'folderId' FROM r)),
     seen AS (SELECT 1 FROM sync_leases WHERE key = (SELECT key FROM k)),
     won AS (
       INSERT INTO sync_leases (key, owner, expires_at, holder_host, holder_pid)
       SELECT k.key, $2::text, $3::timestamptz, $5::text, $6::int FROM k
       WHERE k.key IS NOT NULL AND $13::boolean
       ${LEASE_TAKEN_OVER}
       RETURNING key, xmax = 0 AS made)
     SELECT (SELECT settings FROM s) AS settings,
       (SELECT coalesce(jsonb_agg(record ORDER BY started_at DESC, id COLLATE "C" DESC), '[]'::jsonb) FROM r) AS runs,
       (SELECT coalesce(jsonb_agg(jsonb_build_array(folder_id, bc_delta_link, delta_link, filter_key)), '[]'::jsonb)
          FROM c) AS cursors,
       (SELECT key FROM won) AS lease_key,
       coalesce((SELECT made FROM won), false) AND NOT EXISTS (SELECT 1 FROM seen) AS under_lease,
       ${UNFLUSHED_USE}`,
    [
      userId,
      owner,
      expires,
      nowIso,
      by?.host ?? null,
      by?.pid ?? null,
      local?.self.host ?? null,
      graceEnd,
      request.defaultKey,
      far,
      Math.max(0, Math.floor(request.runs)),
      ASCII_NAME,
      mayTake,
      UPPER,
      LOWER,
    ],
    RUN_STATEMENTS.open,
  );
  const row = r.rows[0];
  const cursors = new Map<string, SyncCursor>();
  for (const [folderId, bcDeltaLink, deltaLink, filterKey] of row?.cursors ?? [])
    cursors.set(folderId, { bcDeltaLink, deltaLink, filterKey });
  return {
    // Not trusted blindly, as getSettings (core/stored-values.ts).
    settings: row?.settings ? storedSettings(row.settings) : null,
    runs: row?.runs ?? [],
    cursors,
    leaseKey: row?.lease_key ?? null,
    readUnderLease: row?.under_lease === true,
  };
}
