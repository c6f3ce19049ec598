import { LEASE_TTL_MS, leaseKeyOf } from './lease.js';
import { DEFAULT_SETTINGS } from './records.js';
import type { LeaseHolder, LeaseResult, Logger, SyncStateStore } from './ports.js';
import { RunInProgressError } from './run-types.js';

/**
 * Takes a folder lease `key` for run `runId`. A take that threw may have landed (its answer lost,
 * the store gone after it wrote): the run, answered with the error, would not know it holds the
 * folder, and the folder's next run would be refused until the lease ran out (LEASE_TTL_MS). It
 * is let go then, as the lease route lets go of a user's lease whose answer was lost.
 */
export async function takeRunLease(
  store: SyncStateStore,
  key: string,
  runId: string,
  now: string,
  holder: LeaseHolder | null | undefined,
): Promise<LeaseResult> {
  try {
    return await store.acquireLease(key, runId, now, LEASE_TTL_MS, holder);
  } catch (e) {
    await store.releaseLease(key, runId).catch(() => undefined);
    throw e;
  }
}

/**
 * An opening that threw may have landed (its answer lost: the connection dropped after the commit),
 * holding the lease of the key it read the settings for, which the run, answered with the error,
 * does not know: let go, as takeRunLease lets an acquire's go, so the folder's next run is not
 * refused until it runs out. The key is the default folder's, or the settings' as read again now
 * (a read that fails too leaves it to run out). A release names the run as owner: a key the
 * opening did not take stays as it is.
 */
export async function giveBackOpening(
  store: SyncStateStore,
  req: { userId: string; runId: string },
  defaultKey: string,
): Promise<void> {
  const settings = await store.getSettings(req.userId).catch(() => null);
  const keys = new Set([defaultKey, leaseKeyOf(req.userId, (settings ?? DEFAULT_SETTINGS).folderName)]);
  await Promise.allSettled([...keys].map((key) => store.releaseLease(key, req.runId)));
}

/**
 * Lets every one of a run's `keys` go, each even when letting another go throws; never throws: a
 * release that failed (the store down) runs out, and the run's own ending or error is what its
 * caller is told (a failed release replaced it, and skipped the keys after it).
 */
export async function releaseRunLeases(
  store: SyncStateStore,
  keys: readonly string[],
  runId: string,
  logger: Logger,
  /**
   * Writes the run sent may still land (RunEnd.keepMs): each key is kept `ms` from `now` instead
   * (renewLease: a key the run no longer holds stays as it is), so no other run writes the same
   * contact again before they can no longer land.
   */
  keep?: { readonly now: string; readonly ms: number },
): Promise<void> {
  const results = await Promise.allSettled(
    keys.map((key) =>
      keep ? store.renewLease(key, runId, keep.now, keep.ms) : store.releaseLease(key, runId),
    ),
  );
  for (const [i, r] of results.entries())
    if (r.status === 'rejected')
      logger.warn({ runId, key: keys[i], err: String(r.reason) }, 'run.releaseFailed');
}

/**
 * The refusal of a folder whose lease `heldBy` holds: `settling` when the holder's run has ended
 * (its record says so), so its lease is kept only while writes it sent may land (RunEnd.keepMs);
 * a record unread (another user's holder is never named here, a failed read) says running.
 */
export async function heldRefusal(
  store: SyncStateStore,
  userId: string,
  heldBy: { owner: string; expiresAt: string },
): Promise<RunInProgressError> {
  const holder = await store.getRun(userId, heldBy.owner).catch(() => null);
  return new RunInProgressError(heldBy, holder !== null && holder.status !== 'running');
}
