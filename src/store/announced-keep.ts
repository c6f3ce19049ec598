import { announcedKeepMs } from '../core/lease.js';
import type { RunRecord } from '../core/records.js';
import { uncertainTotal } from '../core/uncertain-writes.js';

/**
 * The one rule of how long a running run's lease outlives a save of its record (brief leasecrash
 * item 1). A run saves its record before each write call goes out, counting the call's writes as
 * sent without an answer (F114, run-leased.ts beforeSend); such a write goes out up to
 * IN_TURN_FRESH_MS after that save and lands within the write settle of going out (lease.ts
 * announcedKeepMs of writeSettleMs) or never. So the save keeps the lease until then,
 * whoever may take it next: a holder that dies with the call out — its process killed, its machine
 * gone, the pane closed, with no stop handler to say so — leaves the folder kept until its writes
 * can no longer land, not LEASE_TTL_MS past its last heartbeat (30 s, while the write could land up
 * to 65 s after it went out, and the next run wrote the same contact again).
 *
 * The save's time is the record's own (`startedAt` + `durationMs`, as the run measures it); a
 * record of a run that ended, or that counts no write out, keeps nothing (its lease is kept by the
 * run's end, RunEnd.keepMs, or expires by its heartbeats as before). Returns the keep's end in
 * epoch ms, or null.
 */
export function announcedKeepEndMs(run: RunRecord, settleMs: number): number | null {
  if (run.status !== 'running' || uncertainTotal(run.uncertain) === 0 || !(settleMs > 0)) return null;
  const end = Date.parse(run.startedAt) + run.durationMs + announcedKeepMs(settleMs);
  return Number.isFinite(end) ? end : null;
}

/**
 * The keep a save gives the company's create turn its run holds (LeaseFence.turn): the lease's own
 * (announcedKeepEndMs) while the record counts BC creates sent without an answer — a create lands
 * within the settle of the save that announced it or never, and until then a colleague's creator
 * under the turn would find no contact of that address in BC and make it too. Writes of other kinds
 * keep no turn (it orders BC creates only). Epoch ms, or null.
 */
export function announcedTurnKeepEndMs(run: RunRecord, settleMs: number): number | null {
  return bcCreatesOut(run) ? announcedKeepEndMs(run, settleMs) : null;
}

/** Whether a running record counts BC creates sent without an answer (what keeps its create turn). */
export function bcCreatesOut(run: RunRecord): boolean {
  return run.status === 'running' && (run.uncertain?.bc.created ?? 0) > 0;
}
