import type { SyncStateStore } from './state-store-port.js';
import type { RunError } from './records.js';

/*
 * Where a user's sync state (links, cursor, conflicts, skipped contacts) came from: the Outlook
 * folder (F73) and the Business Central company (F86) of the newest run records that name them.
 * One scan of the recent runs serves both, so a run asks the store once.
 */

/** How many recent runs are searched for the state's folder and company. */
const STATE_SCAN = 20;

/** The folder the sync state belongs to: its id and the settings' name it was synced under. */
export interface StateFolder {
  readonly folderId: string;
  readonly folderName: string;
}

export interface StateOrigin {
  /** The folder of the newest record that names one; null before the first such run. */
  readonly folder: StateFolder | null;
  /** The BC company id of the newest record that names one; null before the first such run. */
  readonly companyId: string | null;
}

/**
 * The state's folder and company, each from the newest of the 20 newest run records that names
 * it (records from before a field existed lack it). Each run carries its folder over until it has
 * found or moved it, and names its company only once it has passed `companyChange`.
 */
export async function stateOrigin(store: SyncStateStore, userId: string): Promise<StateOrigin> {
  let folder: StateFolder | null = null;
  let companyId: string | null = null;
  for (const run of await store.listRuns(userId, STATE_SCAN)) {
    if (folder === null && run.folderId) folder = { folderId: run.folderId, folderName: run.folderName };
    if (companyId === null && run.companyId) companyId = run.companyId;
    if (folder !== null && companyId !== null) break;
  }
  return { folder, companyId };
}

/** A run's company that is not the one its state belongs to. */
export interface CompanyChange {
  readonly from: string;
  readonly to: string;
}

/**
 * The change when the run would sync another company than the state's (F86): its links name the
 * old company's contacts, which the new company's read does not hold, so every synced copy would
 * be planned deleted. Null when they are the same (BC ids compare case-blind) or either is unknown
 * (no run named a company yet; an adapter that does not know its company).
 */
export function companyChange(origin: StateOrigin, companyId: string | undefined): CompanyChange | null {
  if (origin.companyId === null || companyId === undefined) return null;
  if (origin.companyId.toLowerCase() === companyId.toLowerCase()) return null;
  return { from: origin.companyId, to: companyId };
}

/** The run error of a run stopped by `companyChange` before it read or wrote anything. */
export function companyChangedError(runId: string, change: CompanyChange): RunError {
  return { side: 'run', id: runId, code: 'companyChanged', params: { from: change.from, to: change.to } };
}
