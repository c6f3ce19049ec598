import type { SyncStateStore } from '../../core/ports.js';
import type { RunRecord } from '../../core/records.js';
import { readRecentRuns, stateCompany, stateOriginIn } from '../../core/state-origin.js';
import { trackedCompanyOf } from '../../bc/delta-link.js';

/**
 * The BC company a user's sync state belongs to, for the server's choice of a run's company and
 * `GET /sync/v1/me` (F86): the one the newest run records name, else the one the state's BC delta
 * link tracks (a state saved before records named it, F95); null when neither names one.
 */
export async function stateCompanyOf(store: SyncStateStore, userId: string): Promise<string | null> {
  return stateCompanyIn(store, userId, await readRecentRuns(store, userId));
}

/** `stateCompanyOf` from run records read already (newest first, as `readRecentRuns` reads them). */
export function stateCompanyIn(
  store: SyncStateStore,
  userId: string,
  runs: readonly RunRecord[],
): Promise<string | null> {
  return stateCompany(store, userId, stateOriginIn(runs), {
    trackedCompany: (link) => trackedCompanyOf(link)?.companyId ?? null,
  });
}
