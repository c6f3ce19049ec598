import type { OutlookView } from './plan.js';
import { RunLinks } from './run-links.js';
import type {
  KnownVersions,
  MailFolder,
  PageBeat,
  Mailbox,
  MailboxChanges,
  SyncCursor,
  SyncScope,
  SyncStateStore,
} from './ports.js';

/* How a run reads the sync folder (in full or its changes), and the store a dry run sees for a
   folder that does not exist yet. */

/**
 * A full read of the folder that also leaves a fresh delta link, so the next delta starts here
 * (issue 12 §2). With a stored link, one round from it yields the fresh link at the cost of the
 * changes since (nothing is read by id: every reported contact is "known", the list below has
 * them all); without one (or a forgotten one) the mailbox's first round does. The round comes
 * before the list: anything changed in between is also reported by the next round.
 */
export async function readFolderInFull(
  mailbox: Mailbox,
  folderId: string,
  stored: string | null,
  onPage?: PageBeat,
): Promise<{ view: OutlookView; deltaLink: string }> {
  const all: KnownVersions = async (reported) => new Set(reported.map((r) => r.id));
  const round = await mailbox.readChanges(folderId, stored, all, onPage);
  if (round.kind === 'snapshot')
    return { view: { kind: 'snapshot', contacts: round.contacts }, deltaLink: round.deltaLink };
  return {
    view: { kind: 'snapshot', contacts: await mailbox.listContacts(folderId, onPage) },
    deltaLink: round.deltaLink,
  };
}

/** The folder's changes since the stored link (a snapshot when there is none or it was forgotten). */
export async function readFolderChanges(
  mailbox: Mailbox,
  folderId: string,
  stored: string | null,
  known: KnownVersions,
  onPage?: PageBeat,
): Promise<{ view: OutlookView; deltaLink: string }> {
  return viewOf(await mailbox.readChanges(folderId, stored, known, onPage));
}

/** A mailbox read as the planner's view, with the link the next delta starts from. */
export function viewOf(changes: MailboxChanges): { view: OutlookView; deltaLink: string } {
  return {
    view:
      changes.kind === 'snapshot'
        ? { kind: 'snapshot', contacts: changes.contacts }
        : { kind: 'changes', changed: changes.changed, removedIds: changes.removedIds },
    deltaLink: changes.deltaLink,
  };
}

/**
 * The store as a dry run sees a folder that does not exist yet: no cursor, links, pending creates,
 * conflicts or skipped contacts. Only reads are answered here; a dry run writes nothing, and a real run creates the
 * folder first, so it never gets this view.
 */
export function stateOfMissingFolder(store: SyncStateStore): SyncStateStore {
  const none: Partial<SyncStateStore> = {
    getCursor: async () => null,
    listLinks: async () => [],
    findLinks: async () => [],
    countLinks: async () => 0,
    listPendingCreates: async () => [],
    listConflicts: async () => [],
    listSkipped: async () => [],
  };
  return Object.assign(Object.create(store) as SyncStateStore, none);
}

/**
 * Of the contacts a delta reports, those whose changeKey a link holds: our own writes echoed back,
 * not read again (issue 12 §2). Looks up only the reported ids' links.
 */
export function knownBy(links: RunLinks): KnownVersions {
  return async (reported) => {
    await links.lookUp(
      [],
      reported.map((r) => r.id),
    );
    const held = reported.filter(
      (r) => r.changeKey !== '' && links.outlookLink(r.id)?.outlookChangeKey === r.changeKey,
    );
    return new Set(held.map((r) => r.id));
  };
}

/**
 * A delta run's first read of the folder it synced last (`storedId`): its cursor, then the folder
 * and its changes in one mailbox call. `read` is null when there is no link to go on (nothing was
 * asked of the mailbox) or the folder is gone (`attempted`: the caller finds or makes it by name).
 */
export async function readStoredFolder(
  deps: { store: SyncStateStore },
  userId: string,
  storedId: string,
  mailbox: Mailbox,
  onPage?: PageBeat,
): Promise<{
  cursor: SyncCursor | null;
  links: RunLinks;
  read: { folder: MailFolder; changes: MailboxChanges } | null;
} | null> {
  const scope: SyncScope = { userId, folderId: storedId };
  const cursor = await deps.store.getCursor(scope);
  if (!cursor?.deltaLink) return null;
  const links = RunLinks.partial(deps.store, scope);
  const read = await mailbox.folderWithChanges(storedId, cursor.deltaLink, knownBy(links), onPage);
  return { cursor, links, read };
}
