import type { SyncStateStore } from './state-store-port.js';
import type { BcContacts } from './ports.js';
import type { RunError, RunRecord } from './records.js';

/*
 * Where a user's sync state (links, cursor, conflicts, skipped contacts) came from: the Outlook
 * folder (F73) and the Business Central company (F86) of the newest run records that name them.
 * One scan of the recent runs serves both, so a run asks the store once.
 */

/**
 * How many recent runs a run reads (once, issue 12): the state's folder and company, the folder id
 * of the settings' folder and the records left `running` by a dead holder are all found among them.
 */
export const RECENT_RUNS = 20;

/** The user's newest run records, the one read of them a run makes (issue 12: it made four). */
export function readRecentRuns(
  store: Pick<SyncStateStore, 'listRuns'>,
  userId: string,
): Promise<RunRecord[]> {
  return store.listRuns(userId, RECENT_RUNS);
}

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
  /** That record's company name (F104); null when it names none (records from before it). */
  readonly companyName: string | null;
}

/**
 * The state's folder and company, each from the newest of the 20 newest run records that names
 * it (records from before a field existed lack it). Each run carries its folder over until it has
 * found or moved it. A run names its company once it has passed `companyChange` against a known
 * state company, or when it succeeds (F95: a held or failed first run claims nothing).
 */
export async function stateOrigin(store: SyncStateStore, userId: string): Promise<StateOrigin> {
  return stateOriginIn(await readRecentRuns(store, userId));
}

/** `stateOrigin` of run records read already (newest first). */
export function stateOriginIn(runs: readonly RunRecord[]): StateOrigin {
  let folder: StateFolder | null = null;
  let companyId: string | null = null;
  let companyName: string | null = null;
  for (const run of runs) {
    if (folder === null && run.folderId) folder = { folderId: run.folderId, folderName: run.folderName };
    if (companyId === null && run.companyId) {
      companyId = run.companyId;
      companyName = run.companyName ?? null;
    }
    if (folder !== null && companyId !== null) break;
  }
  return { folder, companyId, companyName };
}

/**
 * The state's origin as fields of a record that syncs nothing (a run stopped by the company check,
 * run.ts; a run the environment refused before it started, run-manager-records.ts): the folder,
 * under the name it was synced under, and the company. Such a record carries the state over as
 * every run's does (review R2: 20 records naming neither hid both from the RECENT_RUNS a run reads,
 * and the next run for another company synced against the old one's links). Empty where the
 * origin names nothing.
 */
export function carriedOrigin(
  origin: StateOrigin,
): Partial<Pick<RunRecord, 'folderId' | 'folderName' | 'companyId' | 'companyName'>> {
  return {
    ...(origin.folder ? { folderId: origin.folder.folderId, folderName: origin.folder.folderName } : {}),
    ...(origin.companyId !== null ? { companyId: origin.companyId } : {}),
    ...(origin.companyId !== null && origin.companyName !== null ? { companyName: origin.companyName } : {}),
  };
}

/** A run's company that is not the one its state belongs to. */
export interface CompanyChange {
  readonly from: string;
  readonly to: string;
  /** The companies' names where known (F104: the words name them, an id means nothing to a user). */
  readonly fromName?: string;
  readonly toName?: string;
}

/**
 * The company the state belongs to: the one the newest records name, else the store's row of it
 * (`getStateCompany`: a state whose records name none, kept from a delta link when the row was
 * made, migration 020), else — a store with no such row (the sync API's client) — the one its BC
 * delta link tracks, as `bc` reads its own links (one cursor read, only then). Null for a state
 * that names none (no run synced BC yet). The records first: the row is claimed by the first
 * record naming a company and the state's writes refuse a record naming another (state-runs.ts),
 * so they name the same, and a run reads the row only for a state whose records name none.
 */
export async function stateCompany(
  store: SyncStateStore,
  userId: string,
  origin: StateOrigin,
  bc: Pick<BcContacts, 'trackedCompany'>,
): Promise<string | null> {
  if (origin.companyId !== null) return origin.companyId;
  // No record names a folder: no run of the user's found its folder yet, so none stored state (a
  // new user's first run asks nothing more of the store, test/core/first-full-rounds).
  // A BC port that cannot read its links cannot tell its company either (a fake): nothing read.
  if (origin.folder === null || bc.trackedCompany === undefined) return null;
  if (store.getStateCompany !== undefined) return store.getStateCompany(userId);
  const cursor = await store.getCursor({ userId, folderId: origin.folder.folderId });
  return cursor?.bcDeltaLink ? bc.trackedCompany(cursor.bcDeltaLink) : null;
}

/**
 * The change when the run would sync another company than the state's (F86): its links name the
 * old company's contacts, which the new company's read does not hold, so every synced copy would
 * be planned deleted. Null when they are the same (BC ids compare case-blind) or either is unknown
 * (no run named a company yet; an adapter that does not know its company).
 */
export function companyChange(
  state: string | null,
  companyId: string | undefined,
  names: { readonly from?: string | null; readonly to?: string | undefined } = {},
): CompanyChange | null {
  if (state === null || companyId === undefined) return null;
  if (sameBcId(state, companyId)) return null;
  return {
    from: state,
    to: companyId,
    ...(names.from ? { fromName: names.from } : {}),
    ...(names.to ? { toName: names.to } : {}),
  };
}

/**
 * The name of the state's company `state` as the newest record naming it saved it (F104); null
 * when that record has none or names another company (the state's company came from a delta link).
 */
export function stateCompanyName(origin: StateOrigin, state: string | null): string | null {
  return state !== null && origin.companyId !== null && sameBcId(origin.companyId, state)
    ? origin.companyName
    : null;
}

/** The record fields that name a run's company (F86, F104): none when the adapter does not know it. */
export function companyNamed(bc: Pick<BcContacts, 'companyId' | 'companyName'>): {
  companyId?: string;
  companyName?: string;
} {
  if (bc.companyId === undefined) return {};
  return { companyId: bc.companyId, ...(bc.companyName ? { companyName: bc.companyName } : {}) };
}

/** BC ids are GUIDs and compare case-blind. */
function sameBcId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * The company a run should sync among `ids` (those the user may use, in BC's order): the state's
 * while it is listed, else the first (F86); undefined when `ids` is empty.
 */
export function runCompanyAmong(ids: readonly string[], state: string | null): string | undefined {
  return (state === null ? undefined : ids.find((id) => sameBcId(id, state))) ?? ids[0];
}

/**
 * The name BC lists company `id` under among `companies` (a host's list of the user's companies,
 * BC's `displayName`), for `BcContacts.nameOf` (F104): every host that lists the companies — the
 * server, the CLI and the pane — names a state's company the same way. Undefined when the list
 * does not hold it or gives no name.
 */
export function companyNameAmong(
  companies: readonly { readonly id: string; readonly displayName?: string }[],
  id: string,
): string | undefined {
  return companies.find((c) => sameBcId(c.id, id))?.displayName || undefined;
}

/**
 * The adapter a run uses for the company its state belongs to (F86): an adapter made for a run
 * lists the user's companies (`companies`, BC's order) and opens another (`forCompany`), so the
 * host need not read the run records before the run does (issue 12: one read per run). Null when
 * the adapter given is the one (or cannot say).
 */
export function stateCompanyAdapter(bc: BcContacts, state: string | null): BcContacts | null {
  if (bc.companies === undefined || bc.forCompany === undefined) return null;
  const id = runCompanyAmong(bc.companies, state);
  if (id === undefined || (bc.companyId !== undefined && sameBcId(id, bc.companyId))) return null;
  return bc.forCompany(id);
}

/** The run error of a run stopped by `companyChange` before it read or wrote anything. */
export function companyChangedError(runId: string, change: CompanyChange): RunError {
  const params: Record<string, string> = { from: change.from, to: change.to };
  if (change.fromName) params.fromName = change.fromName;
  if (change.toName) params.toName = change.toName;
  return { side: 'run', id: runId, code: 'companyChanged', params };
}
