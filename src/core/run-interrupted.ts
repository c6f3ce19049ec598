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
  return markOnce(store, r, now);
}

/**
 * `r`, read `running`, stored `interrupted` in one conditional write (the store's compare-and-set,
 * replaceRun): of two hosts that both read it (two releases of one lease, each on its own host),
 * one marks it, and a record written since the read (the run's end, stored before its lease was
 * let go) is never written over with `interrupted`. True when this call marked it. A store without
 * replaceRun (the sync API's client, which never hosts a release) saves as before.
 */
async function markOnce(store: SyncStateStore, r: RunRecord, now: string): Promise<boolean> {
  const marked = interruptedRecord(r, now);
  if (store.replaceRun) return store.replaceRun(r, marked);
  await store.saveRun(marked);
  return true;
}

/** A release as its holder asked it (the sync API's release route). */
export interface LetGo {
  readonly userId: string;
  /** The holder: a run's id. */
  readonly runId: string;
  readonly leaseKey: string;
  readonly take?: string;
  /** The holder says writes it sent may be unanswered (the pane's `pagehide`: its calls aborted). */
  readonly inFlight: boolean;
  /** A company's create turn (no run record of its own to read). */
  readonly shared: boolean;
  readonly now: string;
  /** lease.ts writeSettleMs at this host's timeouts. */
  readonly settleMs: number;
}

/**
 * Lets go of a lease as asked, unless its holder may still have writes in flight: then the lease is
 * kept, expiring `settleMs` from now, so no other run takes the key (a scheduled run, the CLI,
 * another pane) and writes the same contact again before the holder's last write landed — one
 * released at once let a run in that found the pane's create not landed yet and created it again.
 * In flight: the holder says so (`inFlight`), or it is the run's folder key and its record did not
 * end on its own — still `running` (the pane closed, its end never sent or lost) or `interrupted`
 * (stopped mid-call, as the facade marks a closed pane's run: a late release of that pane is no
 * end). A record still `running` is marked `interrupted` at once all the same (the pane and GET
 * runs show it; the lease's expiry frees the folder). 'released' when let go as asked.
 */
export async function letGoOrKeep(store: SyncStateStore, g: LetGo): Promise<'released' | 'kept'> {
  const r = g.shared ? null : await store.getRun(g.userId, g.runId);
  const own = r !== null && leaseKeyOf(r.userId, r.folderName) === g.leaseKey;
  const unended = own && (r.status === 'running' || r.status === 'interrupted');
  if (!g.inFlight && !unended) {
    await store.releaseLease(g.leaseKey, g.runId, g.take);
    return 'released';
  }
  // Not held (let go before, taken over), or held by another take of the owner than the one named
  // (this release sent again, or landing late: the owner's next take holds it, its own to keep or
  // let go): nothing to keep, and the record is the reaper's to mark. One conditional step: a
  // read of the take, then a renewal of whichever take the owner held by then, kept a take the
  // release did not name (brief leasegaps item 3).
  if (!(await store.renewLease(g.leaseKey, g.runId, g.now, g.settleMs, g.take))) return 'released';
  // Read again under the kept lease: a run ends by storing its end before it lets go.
  const now = own ? await store.getRun(g.userId, g.runId) : null;
  if (now?.status === 'running') await markOnce(store, now, g.now);
  return 'kept';
}
