import type { SyncCursor, SyncStateStore } from '../../core/ports.js';
import type { RunRecord } from '../../core/records.js';
import { companyChange, readRecentRuns, stateCompany, stateOriginIn } from '../../core/state-origin.js';
import { trackedCompanyOf } from '../../bc/delta-link.js';
import { quotedRefusal } from '../quoted-refusal.js';

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

/**
 * The cursor a client PUTs, refused (400) when its BC delta link tracks another company than the
 * state's. For a state whose run records name no company (saved before F95) the state's company IS
 * the one its cursor's delta link tracks (`stateCompanyOf`), so storing any link let a client move
 * the state to another company of theirs with one PUT and read the old company's stored contacts
 * again (review RV1). The engine never does so: a run for another company stops `companyChanged`
 * before its cursor is stored (run.ts), as state-runs.ts refuses a record naming another company.
 */
export async function assertCursorOfStateCompany(
  store: SyncStateStore,
  userId: string,
  cursor: SyncCursor,
): Promise<void> {
  const tracked = cursor.bcDeltaLink === null ? null : trackedCompanyOf(cursor.bcDeltaLink);
  if (tracked === null) return;
  const own = await stateCompanyOf(store, userId);
  if (companyChange(own, tracked.companyId) === null) return;
  throw quotedRefusal(
    400,
    'BadRequest_InvalidValue',
    { name: 'companyId', value: tracked.companyId },
    (shown) => `The cursor's BC delta link tracks company ${shown}; the user's sync state belongs to ${own}.`,
    { target: 'bcDeltaLink', kind: 'otherCompany', message: "not the company of the user's sync state" },
  );
}
