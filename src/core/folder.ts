import { moveDue } from './folder-move.js';
import { leaseKeyOf } from './lease.js';
import type { MailFolder, Mailbox, SyncStateStore } from './ports.js';
import type { RunRecord } from './records.js';
import { readRecentRuns, stateOriginIn } from './state-origin.js';
import type { StateFolder } from './state-origin.js';

/**
 * Where the sync folder's id is kept (design §2 "its id is stored"; issue 9 §2): in the run records,
 * never in a process's memory — so every host (pane, schedule, CLI, the sync API) reads the same
 * fact, and a run that changed the folder (made a new one after the user deleted it) changes it for
 * all of them at once.
 */

/** What the run records say of the sync folder under a folder name. */
export interface RecordedFolder {
  /** The state's folder when the settings name another one: a move is due (`moveDue`). */
  readonly moving: StateFolder | null;
  /** The folder id the newest run under this name recorded (`lastFolderIdIn`). */
  readonly storedId: string | null;
}

/** Both from one read of the recent runs (issue 12), for the readers that ask both. */
export async function recordedFolder(
  store: SyncStateStore,
  userId: string,
  folderName: string,
): Promise<RecordedFolder> {
  return recordedFolderIn(await readRecentRuns(store, userId), userId, folderName);
}

/** `recordedFolder` of run records read already (newest first, as `readRecentRuns` reads them). */
export function recordedFolderIn(
  runs: readonly RunRecord[],
  userId: string,
  folderName: string,
): RecordedFolder {
  return {
    moving: moveDue(stateOriginIn(runs).folder, folderName),
    storedId: lastFolderIdIn(runs, userId, folderName),
  };
}

/**
 * The folder id the newest run under this folder name recorded among run records read already
 * (newest first; each run carries the id over), or null (no run yet, or only runs from before
 * records carried it). A name changed in the settings matches no older run: the sync moves to the
 * folder of the new name (design §2).
 */
export function lastFolderIdIn(
  runs: readonly RunRecord[],
  userId: string,
  folderName: string,
): string | null {
  const key = leaseKeyOf(userId, folderName);
  for (const run of runs)
    if (run.folderId && leaseKeyOf(run.userId, run.folderName) === key) return run.folderId;
  return null;
}

/**
 * The folder a run syncs (rule folder.default): the stored one while it exists, whatever the user
 * renamed it to in Outlook (no second folder of the old name); otherwise the folder of
 * `folderName`, else null: nothing is made here (a run makes its folder once it may write,
 * run-folder-made.ts; a dry run plans against an empty one).
 * @throws PortFailure a folder read failed.
 */
export async function syncFolder(
  mailbox: Mailbox,
  storedId: string | null,
  folderName: string,
): Promise<MailFolder | null> {
  const stored = storedId === null ? null : await mailbox.folderById(storedId);
  if (stored) return stored;
  return mailbox.findFolder(folderName);
}

/**
 * The folder a run under `folderName` would sync now, found without creating anything: the one
 * the newest such run used (`recorded.storedId`) while it exists (under whatever name the user
 * gave it in Outlook), else the folder of that name, else null. Every reader that must say what a
 * run will do (the folder preview, dry runs) asks this, so none resolves the sync folder by name
 * alone (F121).
 * @throws PortFailure a folder read failed.
 */
export async function runFolder(
  mailbox: Mailbox,
  recorded: RecordedFolder,
  folderName: string,
): Promise<MailFolder | null> {
  return syncFolder(mailbox, recorded.storedId, folderName);
}
