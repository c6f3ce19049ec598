import { DEFAULT_WRITE_SETTLE_MS, LIVE_HOLDER_GRACE_MS, leaseKeyOf } from '../core/lease.js';
import type { RunRecord } from '../core/records.js';
import { interruptedRecord } from '../core/run.js';
import type { LocalProcesses } from '../platform/local-process.js';
import type { Db } from './db.js';
import { keepDeadHoldersLease } from './dead-holder-keep.js';
import { toIso } from './sql-helpers.js';

/**
 * Runs whose holder died are marked `interrupted` as soon as that is known (issue 9 §4, tester
 * F11), instead of staying `running` until the next run of their folder takes the lease:
 * - a lease whose holder is a dead process of this machine (SIGKILL, crash), this very process for
 *   a run it ran and that is over (`endedHere`), or whose holder went
 *   silent past its expiry (a process elsewhere, a closed pane): the lease is removed and its run
 *   (the lease's owner is the run id) marked;
 * - every `running` record no lease belongs to (no row of `sync_leases` whose owner is its id, of
 *   any key, expired or not): a run holds its lease from before its record says `running` until
 *   after its record ends, so nothing runs such a record — its lease was taken over, let go
 *   without its end stored, or removed as above, or it never had one (a PUT over the state API
 *   without a fence, review V7). At every sweep, not only at start-up: "running" with nothing
 *   running it lasted until a restart, with event streams following it and cancels answered 202.
 * A record is only changed while it still says `running` (a conditional update; an orphan's only
 * while still no lease is its own), so a run that ends meanwhile keeps its own end. Returns the
 * records marked. `now` is ISO UTC.
 */
export async function markDeadRunsInterrupted(
  db: Db,
  local: LocalProcesses | null,
  now: string,
  /**
   * Whether this process ran the run `owner` names and it is over (its run manager knows at once):
   * a lease this very process holds for such a run is dead whatever its age (an end whose save
   * and release both failed kept its record `running` for LIVE_HOLDER_GRACE_MS, 10 min).
   */
  endedHere?: (owner: string) => boolean,
  /** How long a write sent may take to land (writeSettleMs): a dead holder's keep (dead-holder-keep.ts). */
  settleMs: number = DEFAULT_WRITE_SETTLE_MS,
): Promise<RunRecord[]> {
  const marked: RunRecord[] = [];
  const leases = await db.query<{
    key: string;
    owner: string;
    expires_at: string | Date;
    holder_host: string | null;
    holder_pid: number | null;
  }>(
    `SELECT key, owner, expires_at, holder_host, holder_pid FROM sync_leases
     WHERE expires_at <= $1::timestamptz OR holder_host = $2`,
    [now, local?.self.host ?? null],
  );
  for (const l of leases.rows) {
    const pastTtlMs = Date.parse(now) - Date.parse(toIso(l.expires_at));
    const here = local !== null && l.holder_host === local.self.host && l.holder_pid !== null;
    const deadHere =
      here && (l.holder_pid === local.self.pid ? endedHere?.(l.owner) === true : !local.alive(l.holder_pid!));
    // A live process of this machine (this one too) holds its lease past its TTL for a while:
    // its heartbeat is late, it is not dead (LIVE_HOLDER_GRACE_MS).
    const expired = pastTtlMs >= 0 && (!here || deadHere || pastTtlMs >= LIVE_HOLDER_GRACE_MS);
    if (!expired && !deadHere) continue;
    // A dead process's lease is not freed before its writes can no more land (a stop's keep, a
    // crash mid-write, dead-holder-keep.ts): a restart's first sweep freed a kept lease, and a
    // late create made a second copy (audit 1). Its run is marked all the same: nothing runs it.
    // This process's own ended runs are kept by their manager (RunManager.endedHere: keptUntilMs).
    const kept =
      deadHere &&
      l.holder_pid !== local.self.pid &&
      (await keepDeadHoldersLease(
        db,
        { key: l.key, owner: l.owner, expiresAt: toIso(l.expires_at) },
        now,
        settleMs,
      )) !== null;
    // Only that lease as read: a live run may have taken the key since.
    const gone = kept
      ? { rows: [l] }
      : await db.query(
          'DELETE FROM sync_leases WHERE key = $1 AND owner = $2 AND expires_at = $3::timestamptz RETURNING key',
          [l.key, l.owner, toIso(l.expires_at)],
        );
    if (gone.rows.length === 0) continue;
    const runs = await db.query<{ record: RunRecord }>(
      `SELECT record FROM sync_runs WHERE id = $1 AND record->>'status' = 'running'`,
      [l.owner],
    );
    for (const { record } of runs.rows)
      if (leaseKeyOf(record.userId, record.folderName) === l.key && (await mark(db, record, now)))
        marked.push(record);
  }
  // The `running` records only (index sync_runs_running, migration 019) that no lease is owned by.
  const orphans = await db.query<{ record: RunRecord }>(
    `SELECT r.record FROM sync_runs r
     WHERE r.record->>'status' = 'running'
       AND NOT EXISTS (SELECT 1 FROM sync_leases l WHERE l.owner = r.id)`,
  );
  for (const { record } of orphans.rows)
    if (await mark(db, record, now, { unleased: true })) marked.push(record);
  return marked;
}

/**
 * Saves the record as interrupted if it still says running (and, `unleased`, no lease is its own
 * still: a run that holds one is alive); true when it did.
 */
async function mark(
  db: Db,
  record: RunRecord,
  now: string,
  { unleased }: { readonly unleased: boolean } = { unleased: false },
): Promise<boolean> {
  const r = await db.query(
    `UPDATE sync_runs SET record = $3::jsonb
     WHERE user_id = $1 AND id = $2 AND record->>'status' = 'running'
       AND NOT ($4::boolean AND EXISTS (SELECT 1 FROM sync_leases WHERE owner = $2)) RETURNING id`,
    [record.userId, record.id, JSON.stringify(interruptedRecord(record, now)), unleased],
  );
  return r.rows.length > 0;
}
