import { LIVE_HOLDER_GRACE_MS, leaseKeyOf } from '../core/lease.js';
import type { RunRecord } from '../core/records.js';
import { interruptedRecord } from '../core/run.js';
import type { LocalProcesses } from '../platform/local-process.js';
import type { Db } from './db.js';
import { toIso } from './sql-helpers.js';

/**
 * Runs whose holder died are marked `interrupted` as soon as that is known (issue 9 §4, tester
 * F11), instead of staying `running` until the next run of their folder takes the lease:
 * - a lease whose holder is a dead process of this machine (SIGKILL, crash), or whose holder went
 *   silent past its expiry (a process elsewhere, a closed pane): the lease is removed and its run
 *   (the lease's owner is the run id) marked;
 * - with `orphans` (at start-up): every `running` record whose folder's lease is not held by it —
 *   a run holds its lease from before its record says `running` until after its record ends, so
 *   such a record's holder is gone (its lease was taken over or removed as above).
 * A record is only changed while it still says `running` (a conditional update), so a run that
 * ends meanwhile keeps its own end. Returns the records marked. `now` is ISO UTC.
 */
export async function markDeadRunsInterrupted(
  db: Db,
  local: LocalProcesses | null,
  now: string,
  options: { readonly orphans: boolean },
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
    const deadHere = here && l.holder_pid !== local.self.pid && !local.alive(l.holder_pid!);
    // A live process of this machine (this one too) holds its lease past its TTL for a while:
    // its heartbeat is late, it is not dead (LIVE_HOLDER_GRACE_MS).
    const expired = pastTtlMs >= 0 && (!here || deadHere || pastTtlMs >= LIVE_HOLDER_GRACE_MS);
    if (!expired && !deadHere) continue;
    // Only that lease as read: a live run may have taken the key since.
    const gone = await db.query(
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
  if (options.orphans) {
    const running = await db.query<{ record: RunRecord; owner: string | null }>(
      `SELECT r.record, l.owner FROM sync_runs r
       LEFT JOIN sync_leases l ON l.owner = r.id
       WHERE r.record->>'status' = 'running'`,
    );
    for (const { record, owner } of running.rows)
      if (owner === null && (await mark(db, record, now))) marked.push(record);
  }
  return marked;
}

/** Saves the record as interrupted if it still says running; true when it did. */
async function mark(db: Db, record: RunRecord, now: string): Promise<boolean> {
  const r = await db.query(
    `UPDATE sync_runs SET record = $3::jsonb
     WHERE user_id = $1 AND id = $2 AND record->>'status' = 'running' RETURNING id`,
    [record.userId, record.id, JSON.stringify(interruptedRecord(record, now))],
  );
  return r.rows.length > 0;
}
