import { cancelledError, interruptedError } from './run-errors.js';
import { leaseKeyOf } from './lease.js';
import type { SyncStateStore } from './ports.js';
import { readRecentRuns } from './state-origin.js';
import type { RunRecord, RunStatus } from './records.js';
import type { RunHooks } from './run-types.js';
import { withRunErrors } from './run-error-list.js';

/* How runs end without syncing: stopped by `cancel`, or found interrupted (their holder died). */

/**
 * The end of a run `cancel` stopped: cancelled by the user, or interrupted by a shutdown; either
 * way the last error says which (issue 9: every run that did not sync says why as a code).
 */
export function stopped(
  hooks: RunHooks,
  runId: string,
  patch: Partial<RunRecord>,
): [RunStatus, Partial<RunRecord>] {
  const by = hooks.stoppedAs?.() === 'interrupted' ? 'interrupted' : 'cancelled';
  const end = by === 'interrupted' ? interruptedError(runId, 'shutdown') : cancelledError(runId);
  return [by, { ...patch, errors: [...(patch.errors ?? []), end] }];
}

/**
 * Marks the user's runs under this lease key that are still `running` (other than `runId`) as
 * `interrupted`: when it became known (`now`), with the counts they had saved. Call it only while
 * holding the lease: then no other run of that folder is alive. A store that grants leases over
 * HTTP does this on its side (`marksInterruptedOnLease`), saving the pane a request per run.
 */
export async function markInterrupted(
  store: SyncStateStore,
  userId: string,
  runId: string,
  leaseKey: string,
  now: string,
  /** The user's recent runs as read after the lease was taken (the run's one read); else read here. */
  recent?: readonly RunRecord[],
): Promise<void> {
  const runs = recent ?? (await readRecentRuns(store, userId));
  for (const r of runs) {
    if (r.status !== 'running' || r.id === runId || leaseKeyOf(r.userId, r.folderName) !== leaseKey) continue;
    await store.saveRun(interruptedRecord(r, now));
  }
}

/**
 * A `running` record whose holder died, as `interrupted`: `now` is when that became known; the
 * counts and progress it had saved (how far it got) are kept (issue 9 §4).
 */
export function interruptedRecord(r: RunRecord, now: string): RunRecord {
  return withRunErrors({ ...r, status: 'interrupted', finishedAt: now }, [
    interruptedError(r.id, 'processStopped'),
  ]);
}

/**
 * A run's lease `leaseKey` was let go by `runId` while its record still says `running`: nothing
 * runs it any more (a run holds its lease until after its end is stored), so it is marked
 * `interrupted` now, as the reaper marks a `running` record no lease is its own at its next sweep
 * (the pane closed and let go on its way out; its end's record lost, its release not). Only the
 * run's own folder key, and only while it holds that key no more (an opening that lets another
 * key go runs on). True when marked.
 */
export async function markLetGo(
  store: SyncStateStore,
  userId: string,
  runId: string,
  leaseKey: string,
  now: string,
): Promise<boolean> {
  // The lease first, then the record (audit): a run stores its end and lets go of its lease in one
  // step (endRun), or fenced by the lease; read the other way round, an end stored between the two
  // reads was written over with `interrupted`. Once the lease is seen let go, a record still
  // `running` can no longer get its end from that run.
  if (store.holdsLease === undefined || (await store.holdsLease([leaseKey], runId))) return false;
  const r = await store.getRun(userId, runId);
  if (r?.status !== 'running' || leaseKeyOf(r.userId, r.folderName) !== leaseKey) return false;
  await store.saveRun(interruptedRecord(r, now));
  return true;
}
