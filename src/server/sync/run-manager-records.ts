import type { Clock, Logger, SyncStateStore } from '../../core/ports.js';
import { LEASE_HEARTBEAT_MS } from '../../core/lease.js';
import type { Ticker } from '../../core/lease.js';
import { startingRecord } from '../../core/records.js';
import { withRunErrors } from '../../core/run-error-list.js';
import { cancelledError, interruptedError, runErrorOf } from '../../core/run-errors.js';
import { carriedOrigin, readRecentRuns, stateOriginIn } from '../../core/state-origin.js';
import type { RunRecord } from '../../core/records.js';
import type { RunEnvironmentError } from './run-refusals.js';
import type { Entry, RunEvent, RunView, StartRequest } from './run-manager-types.js';

/* The run records the run manager writes itself (a run's placeholder, a refused run), the
   summary it logs when a run finishes, and what the API and listeners see of a run. */

/** What the API shows of a run in this process: its record, progress per phase, and state. */
export function viewOf(e: Entry): RunView {
  return {
    record: e.record,
    progress: e.progress,
    waiting: e.waiting,
    active: e.active,
    cancelRequested: e.cancelled,
  };
}

/** Tells every listener of `entry`; a listener that throws is logged, and the run goes on. */
export function emitTo(logger: Logger, entry: Entry, event: RunEvent): void {
  for (const l of [...entry.listeners]) {
    try {
      l(event);
    } catch (e) {
      logger.warn({ err: e instanceof Error ? e.message : String(e) }, 'run listener failed');
    }
  }
}

/**
 * A run the environment refused (no company membership, no Graph app access) leaves a failed
 * record with the reason as a code: a scheduled run has no caller to tell, so the pane's history
 * is where the user learns why nothing syncs (issue 10 §2). Holds no lease and touches no side.
 */
export async function recordRefusal(
  { store, clock, logger }: { store: SyncStateStore; clock: Clock; logger: Logger },
  id: string,
  userId: string,
  folderName: string,
  request: StartRequest,
  refusal: RunEnvironmentError,
): Promise<void> {
  const now = clock.now();
  // It carries the state's folder and company over (R2), read as the next run reads them.
  const origin = stateOriginIn(await readRecentRuns(store, userId));
  const record: RunRecord = {
    ...placeholderRecord(id, userId, folderName, request, now),
    ...carriedOrigin(origin),
    status: 'failed',
    finishedAt: now,
    errors: [{ side: 'run', id, message: refusal.message, code: refusal.reason }],
  };
  await store.saveRun(record);
  logger.warn({ runId: id, trigger: request.trigger, reason: refusal.reason }, 'sync run refused');
}

/** Logs a finished run: ids, numbers and error places only (error messages can quote contact data, issue 10 §5). */
export function logFinished(logger: Logger, record: RunRecord): void {
  const summary = {
    runId: record.id,
    mode: record.mode,
    trigger: record.trigger,
    dryRun: record.dryRun,
    status: record.status,
    durationMs: record.durationMs,
    counts: record.counts,
    skipped: record.skipped,
    conflicts: record.conflicts,
    errors: record.errors.map((e) => ({ side: e.side, id: e.id, ...(e.code ? { code: e.code } : {}) })),
  };
  if (record.status === 'failed' || record.errors.length > 0)
    logger.warn(summary, 'sync run finished with errors');
  else logger.info(summary, 'sync run finished');
}

/** The record a run shows until the engine's first one: `running`, nothing counted yet. */
export function placeholderRecord(
  id: string,
  userId: string,
  folderName: string,
  request: StartRequest,
  now: string,
): RunRecord {
  const { mode, trigger } = request;
  return startingRecord({ id, userId, folderName, mode, dryRun: request.dryRun ?? false, trigger }, now);
}

/**
 * The end of a run whose promise rejected while its record still said `running` (review RV8: its
 * end could not be stored, e.g. the database gone for a moment, and the entry kept `running` for
 * good): `by` as the run was stopped (a cancel, a shutdown) else `failed`, with what rejected as
 * a code before the stop's own error, so the last error says why it ended.
 */
export function endOfRejected(
  record: RunRecord,
  e: unknown,
  by: 'failed' | 'cancelled' | 'interrupted',
  now: string,
): RunRecord {
  const error = runErrorOf(e, record.id);
  const stop =
    by === 'interrupted'
      ? [interruptedError(record.id, 'shutdown')]
      : by === 'cancelled'
        ? [cancelledError(record.id)]
        : [];
  return withRunErrors({ ...record, status: by, finishedAt: now }, [error, ...stop]);
}

/**
 * Stores `end` once, outside the lease fence (the run's lease may be gone), and only while the
 * stored record still says `running`, as the reaper marks runs (store/interrupted-runs.ts): an end
 * stored meanwhile (by the run after all, or the reaper's `interrupted`) stays. `stored`, `ended`
 * (another end was there), or `failed` (the store did not answer: worth another try).
 */
export async function storeEndOnce(
  store: SyncStateStore,
  logger: Logger,
  end: RunRecord,
): Promise<'stored' | 'ended' | 'failed'> {
  try {
    const stored = await store.getRun(end.userId, end.id);
    if (stored?.status !== 'running') return 'ended';
    await store.saveRun(end);
    return 'stored';
  } catch (e) {
    logger.warn({ runId: end.id, err: e instanceof Error ? e.message : String(e) }, 'run end not stored');
    return 'failed';
  }
}

/** How many more times an end the store did not take is tried, one heartbeat apart. */
const END_SAVE_RETRIES = 6;

/**
 * `storeEndOnce` again at each of the next END_SAVE_RETRIES beats of `ticker` while the store does
 * not answer (the database back after a moment): the run's own end (failed, cancelled) is stored
 * rather than the reaper's `interrupted`. `onSettled(stored)` once it stops: stored, or found ended,
 * or out of tries (the reaper then marks it at its first sweep with the store back). Returns the stop.
 */
export function retryEndSave(
  store: SyncStateStore,
  logger: Logger,
  end: RunRecord,
  ticker: Ticker,
  onSettled: (stored: boolean) => void,
): () => void {
  let left = END_SAVE_RETRIES;
  let busy = false;
  let stop = (): void => undefined;
  const settle = (stored: boolean) => {
    left = 0;
    stop();
    onSettled(stored);
  };
  stop = ticker(LEASE_HEARTBEAT_MS, async () => {
    if (busy || left <= 0) return;
    busy = true;
    left--;
    const outcome = await storeEndOnce(store, logger, end);
    busy = false;
    if (outcome !== 'failed') settle(outcome === 'stored');
    else if (left <= 0) settle(false);
  });
  return () => {
    left = 0;
    stop();
  };
}

/**
 * The view of a run of this process that ended with an end not known stored: the stored record
 * when it has ended (the reaper's `interrupted`, or the run's own end stored after all), so every
 * process answers the same; else what this process knows.
 */
export function preferStoredEnd(live: RunView, stored: RunRecord | null): RunView {
  return stored && stored.status !== 'running' ? { ...live, record: stored } : live;
}

/**
 * A run this process does not hold in memory, from its stored record: with the progress the record
 * saved (how far a run another process ran, or one whose process died, got: issue 9 §4).
 */
export function storedView(record: RunRecord): RunView {
  const progress = Object.fromEntries((record.progress ?? []).map((p) => [p.phase, p]));
  return { record, progress, waiting: null, active: false, cancelRequested: false };
}
