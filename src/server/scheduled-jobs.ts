import { createHash } from 'node:crypto';
import type { Clock } from '../core/ports.js';

/**
 * The jobs of scheduled runs (issue 12 §3): which job serves a due user, as a pure function of
 * the user's schedule, its runs and the jobs found stranded, so every process's tick and every
 * worker's check agree on it without talking to each other (scheduler.ts asks the database).
 */

export interface Due {
  userId: string;
  minutes: number;
  /** When the user's last scheduled run that counts started (null: never). */
  last: string | null;
  /** When the settings were last saved (null for a user without settings). */
  saved: string | null;
  /** The newest scheduled run that was lost (interrupted, or `running` without a live lease), or null. */
  lost: string | null;
}

/**
 * When the next scheduled run is due: one interval after the last scheduled run started, or — for
 * a user who never had one — one interval after the settings were saved, as a BC job queue entry
 * first runs one interval after it is set up. Due "now" at once would start a server-side sync
 * right after the pane's first settings save, racing the user's own first sync (issue 9).
 */
export function dueAt(d: Due, clock: Clock): string | null {
  if (d.minutes <= 0) return null;
  const from = d.last ?? d.saved;
  return from === null ? null : clock.shift(from, d.minutes * 60_000);
}

/**
 * The one job of a due user's scheduled run: its id is a function of the user, the time the run
 * is due and the run it redoes (if a run was lost), so however many processes tick, one due run is
 * queued once (pg-boss keeps one row per id), and a worker runs a job only while its key is still
 * the user's current one: a retried or expired job of a slot already served does nothing.
 * Null when the user is not due at `now`.
 * @internal
 */
export function scheduledJob(d: Due, clock: Clock, now: string): { id: string; key: string } | null {
  const at = dueAt(d, clock);
  if (at === null || at > now) return null;
  const key = JSON.stringify([d.userId, at, d.lost]);
  const h = createHash('sha256').update(key).digest('hex');
  // pg-boss ids are uuids: the hash's first 128 bits in the uuid layout.
  const id = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
  return { id, key };
}

/**
 * The job that serves a due user now: scheduledJob's, unless that one is stranded (taken by a
 * worker that never started its run, see strandedJobs); then the redo of that job, keyed by it as
 * a lost run's redo is keyed by the run — and so on, should the redo be stranded as well. A job
 * counts as stranded only while the user is still due under its key: a job whose run started made
 * the run count (running under a live lease, or ended), so the user is not due, or the run was
 * lost, which keys the redo by the run. Null when the user is not due.
 */
export function currentJob(
  d: Due,
  clock: Clock,
  now: string,
  stranded: ReadonlySet<string>,
): { id: string; key: string } | null {
  let job = scheduledJob(d, clock, now);
  const passed = new Set<string>();
  while (job !== null && stranded.has(job.id) && !passed.has(job.id)) {
    passed.add(job.id);
    job = scheduledJob({ ...d, lost: `job:${job.id}` }, clock, now);
  }
  return job;
}
