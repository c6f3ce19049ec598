import { holdsOutlookOnly, outlookOnlyValues } from './outlook-only.js';
import type { MailFolder, Mailbox, SyncScope, SyncStateStore } from './ports.js';
import { zeroCounts } from './records.js';
import type { RunError } from './records.js';
import { sending } from './uncertain-writes.js';
import type { UncertainLedger } from './uncertain-writes.js';
import { stateOrigin } from './state-origin.js';
import type { StateFolder } from './state-origin.js';

/*
 * The sync folder's move, a step of every run (F73, design §2 "Folder" as changed in
 * docs/sync-rules.md). The settings name a folder; the sync state (links, conflicts, skipped
 * contacts, cursor) belongs to the folder the newest run record names. When the two differ the run
 * moves first, whichever host runs it (server schedule, CLI, the pane's engine): a PUT of the
 * settings only names the folder and can never leave a half move.
 */

export type { StateFolder } from './state-origin.js';

/**
 * The folder of the newest run record that names one, or null (see stateOrigin).
 * @internal Test seam: the folder-move model test reads which folder the state follows.
 */
export async function stateFolder(store: SyncStateStore, userId: string): Promise<StateFolder | null> {
  return (await stateOrigin(store, userId)).folder;
}

/**
 * The state's folder when the settings name another one (a move is due), else null. The run
 * then moves the sync to the folder of the new name (rule folder.rename). A change of case only
 * ("Business Central" to "business central") is a move too — a rename of the same folder (Graph
 * finds folders by name case-insensitively, so planMove answers `rename`): the folder's name in
 * Outlook follows what the user set (trust item 2: compared case-folded, as lease keys are, it
 * never renamed). The lease key stays one (leaseKeyOf case-folds), so no second lease is held.
 */
export function moveDue(state: StateFolder | null, folderName: string): StateFolder | null {
  if (!state || state.folderName.trim() === folderName.trim()) return null;
  return state;
}

/**
 * What a due move does, read from the mailbox (writes nothing):
 * - `gone`: the old folder no longer exists: no copy to move; the run syncs the new folder as a
 *   first sync (as after a folder the user deleted);
 * - `rename`: no other folder has the new name: the old folder takes it, its contacts and links stay;
 * - `switch`: another folder has the name: the old folder is synced, its copies are removed (those
 *   holding values BC has no field for stay, unlinked), and the run syncs the other folder.
 */
export type MovePlan =
  | { readonly kind: 'gone' }
  | { readonly kind: 'rename'; readonly from: MailFolder }
  | { readonly kind: 'switch'; readonly from: MailFolder; readonly to: MailFolder };

/**
 * Whether a rename of `folder` to `toName` changes its name in Outlook: not when the user already
 * gave it that name there (F103); a change of case is a rename.
 */
export function renames(folder: MailFolder, toName: string): boolean {
  return folder.displayName !== toName;
}

/** @throws PortFailure a folder read failed. */
export async function planMove(mailbox: Mailbox, from: StateFolder, toName: string): Promise<MovePlan> {
  const old = await mailbox.folderById(from.folderId);
  if (!old) return { kind: 'gone' };
  const target = await mailbox.findFolder(toName);
  if (!target || target.id === old.id) return { kind: 'rename', from: old };
  return { kind: 'switch', from: old, to: target };
}

/**
 * The outcome of removing the old folder's copies: `held` counts the synced contacts whose values
 * BC does not hold (an open or settled conflict, a skipped change, an Outlook change not synced
 * yet, a copy that changed while being removed): nothing of the state moved, the old folder stays
 * the sync folder until they are resolved. `moved`: the old copies are removed (`kept` stay in
 * the old folder whole, unlinked) and the old folder's state is cleared.
 */
export type CopiesOutcome =
  | { readonly kind: 'held'; readonly held: number }
  | { readonly kind: 'moved'; readonly removed: number; readonly kept: number };

/**
 * Removes the old folder's synced copies and then its state, the rules the pane applied (F54, F60):
 * held contacts stop the move; copies holding Outlook-only values stay. Idempotent and resumable:
 * copies are removed before their links, so a run that stops in between leaves links whose copies
 * are gone, which the old folder's next sync re-creates (design §2) before this runs again.
 * @throws PortFailure a read failed. @throws StateStoreRefusal the store refused.
 */
export async function removeOldCopies(
  mailbox: Mailbox,
  store: SyncStateStore,
  scope: SyncScope,
  ledger: UncertainLedger = { uncertain: zeroCounts() },
): Promise<CopiesOutcome> {
  const [links, conflicts, skipped] = await Promise.all([
    store.listLinks(scope),
    store.listConflicts(scope),
    store.listSkipped(scope),
  ]);
  const pendingBc = new Set([...conflicts.map((c) => c.bcId), ...skipped.map((s) => s.record.bcId)]);
  const pendingOutlook = new Set([
    ...conflicts.map((c) => c.outlookId),
    ...skipped.map((s) => s.record.outlookId),
  ]);
  pendingBc.delete('');
  pendingOutlook.delete('');
  const linked = new Set(links.map((l) => l.bcId));
  const copies = await mailbox.getMany(
    scope.folderId,
    links.map((l) => l.outlookId),
  );
  const copyOf = new Map(copies.map((c) => [c.id, c]));
  // An Outlook change the link has not seen is not in BC yet: removing the copy would lose it.
  const unsynced = (outlookId: string, stamp: string) => {
    const copy = copyOf.get(outlookId);
    return copy !== undefined && stamp !== '' && copy.changeKey !== stamp;
  };
  const held =
    links.filter(
      (l) =>
        pendingBc.has(l.bcId) || pendingOutlook.has(l.outlookId) || unsynced(l.outlookId, l.outlookChangeKey),
    ).length + conflicts.filter((c) => !linked.has(c.bcId)).length;
  if (held > 0) return { kind: 'held', held };
  const linkOf = new Map(links.map((l) => [l.outlookId, l]));
  const kept = copies.filter((c) => holdsOutlookOnly(outlookOnlyValues(c, linkOf.get(c.id) ?? null)));
  const keptIds = new Set(kept.map((c) => c.id));
  const doomed = copies.filter((c) => !keptIds.has(c.id));
  let removed = 0;
  let refused = 0;
  for (let i = 0; i < doomed.length; i += mailbox.maxBatch) {
    const chunk = doomed.slice(i, i + mailbox.maxBatch);
    // Counted uncertain while out, in the record saved before it goes (F114), as the executor's.
    const outcomes = await sending(ledger, 'outlook', 'deleted', chunk, () =>
      mailbox.delete(
        scope.folderId,
        chunk.map((c) => ({ id: c.id, changeKey: c.changeKey })),
      ),
    );
    const lost = chunk.filter((_, n) => {
      const o = outcomes[n];
      return o !== undefined && !o.ok && o.error.kind === 'unknownOutcome';
    });
    const unknown = await stillThere(mailbox, scope.folderId, lost);
    // A copy already gone (a repeat after a lost answer) is as good as removed.
    outcomes.forEach((o, n) => {
      const id = chunk[n]?.id ?? '';
      if (o.ok || o.error.kind === 'notFound' || (o.error.kind === 'unknownOutcome' && unknown.gone.has(id)))
        removed++;
      else refused++;
    });
    // Not known either way (the read failed too): it stays counted in the run's record.
    ledger.uncertain.outlook.deleted += unknown.unread;
  }
  // A copy that changed meanwhile (or a delete that failed) keeps every link: the next run syncs
  // the old folder again (re-creating the removed copies) and tries the move again.
  if (refused > 0) return { kind: 'held', held: refused };
  await store.deleteLinks(
    scope,
    links.map((l) => l.bcId),
  );
  await store.putSkipped(scope, [], { replace: true });
  await store.putCursor(scope, { bcDeltaLink: null, deltaLink: null, filterKey: '' });
  return { kind: 'moved', removed, kept: kept.length };
}

/**
 * Of copies whose delete's answer was lost, those gone now (the delete landed): checked by one read
 * before anything is done again (trust lead 2: a lost answer counted as refused held the move, and
 * the old folder's next sync re-created the copy the delete had removed). `unread`: how many could
 * not be read (their outcome stays unknown).
 */
async function stillThere(
  mailbox: Mailbox,
  folderId: string,
  lost: readonly { readonly id: string }[],
): Promise<{ gone: Set<string>; unread: number }> {
  if (lost.length === 0) return { gone: new Set(), unread: 0 };
  try {
    const present = new Set(
      (
        await mailbox.getMany(
          folderId,
          lost.map((c) => c.id),
        )
      ).map((c) => c.id),
    );
    return { gone: new Set(lost.filter((c) => !present.has(c.id)).map((c) => c.id)), unread: 0 };
  } catch {
    return { gone: new Set(), unread: lost.length };
  }
}

/**
 * The run error of a move held by contacts whose values BC does not hold: the sync stays in the
 * old folder (`from`) until they are resolved; `to` is the folder the settings name.
 */
export function folderMoveHeldError(runId: string, held: number, from: string, to: string): RunError {
  return { side: 'run', id: runId, code: 'folderMoveHeld', params: { held, from, to } };
}
