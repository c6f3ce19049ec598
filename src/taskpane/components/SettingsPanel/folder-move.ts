import { useState } from 'react';
import type { FolderPreview, LinkView, PaneApi } from '../../api/types.js';
import type { Translate } from '../../i18n/index.js';
import { useFailureText, useServices } from '../../services.js';

/**
 * What saving a new folder name does to the synced contacts, asked before anything is written:
 * - `rename`: no folder has the new name, so the Outlook folder is renamed and its contacts move with it;
 * - `switch`: a folder of that name exists, so the copies the sync made in the old folder are removed
 *   (after a sync has saved their Outlook changes to BC) and the next sync brings them to the other one;
 * - `blocked`: the old folder holds copies with values BC does not have (open or settled conflicts,
 *   skipped changes): removing them would lose those values, keeping them would leave two copies.
 * A `switch` also says what the first sync there does with the contacts the folder already holds
 * (`held`: linked by e-mail, added to BC as new persons, skipped), as the server plans it (F60).
 * Copies holding values BC has no field for (a note, a birthday, …) are never removed: they stay in
 * the old folder, whole, and the pane says so (F54).
 * Never two copies of a contact, never a lost value.
 */
export type FolderPrompt =
  | { readonly kind: 'rename' }
  | { readonly kind: 'switch'; readonly copies: number; readonly held: FolderPreview }
  | { readonly kind: 'blocked'; readonly held: number };

/** Why a folder change stopped, in the pane's words: nothing was saved. */
export class FolderMoveError extends Error {
  override readonly name = 'FolderMoveError';
}

/** A step of the move that stopped, already in the pane's words. */
class FolderStepError extends Error {
  override readonly name = 'FolderStepError';
}

/**
 * The sync's copies in the current folder, and how many hold values BC does not have yet: skipped
 * changes, and conflicts open or settled (a settled conflict's losing value lives only in the old
 * folder's record, which the move would leave behind: F54).
 */
async function copiesOf(api: PaneApi): Promise<{ links: LinkView[]; held: number }> {
  const [links, skipped, conflicts] = await Promise.all([
    api.listLinks(),
    api.listSkipped(),
    api.listConflicts(),
  ]);
  const pending = new Set([...skipped.map((s) => s.outlookId), ...conflicts.map((c) => c.outlookId)]);
  return { links, held: links.filter((l) => pending.has(l.outlookId)).length };
}

/** The prompt before a folder change, and the change itself (rename, or sync and remove copies). */
export function useFolderMove(from: string, to: string, t: Translate) {
  const { api, runner } = useServices();
  const describe = useFailureText();
  const [prompt, setPrompt] = useState<FolderPrompt | null>(null);

  /** Looks at the mailbox and the old folder's state, then asks. */
  const ask = async (): Promise<void> => {
    const exists = await api.folderExists(to).catch(() => false);
    if (!exists) return setPrompt({ kind: 'rename' });
    const [{ links, held }, preview] = await Promise.all([copiesOf(api), api.folderPreview(to)]);
    setPrompt(held > 0 ? { kind: 'blocked', held } : { kind: 'switch', copies: links.length, held: preview });
  };

  const switchFolder = async (): Promise<string> => {
    // A sync of the old folder first: Outlook changes made there reach BC before their copies go.
    const { record } = await runner.start({ mode: 'delta', dryRun: false }, () => undefined).done;
    if (record.status !== 'succeeded') throw new FolderStepError(t(`status_${record.status}`));
    const { links, held } = await copiesOf(api);
    if (held > 0) {
      setPrompt({ kind: 'blocked', held });
      throw new FolderMoveError(t('folderSwitchBlocked', { n: held, from }));
    }
    const { removed, kept } = await api.removeCopies(from, links);
    // A copy changed meanwhile stays; the old folder's next sync brings back the removed ones.
    const left = links.length - removed - kept;
    if (left > 0) throw new FolderStepError(t('folderCopiesLeft', { n: left }));
    // Copies holding values BC has no field for stay in the old folder, whole (F54).
    if (kept > 0) return t('folderSwitchedKept', { removed, kept, from, to });
    return t('folderSwitched', { removed, from, to });
  };

  /**
   * Moves the sync's contacts as the prompt said. Resolves with the words of what was done (null:
   * nothing to add to "saved"); throws a FolderMoveError whose message says why nothing was saved.
   */
  const move = async (kind: 'rename' | 'switch'): Promise<string | null> => {
    setPrompt(null);
    const failed = kind === 'rename' ? 'folderRenameFailed' : 'folderSwitchFailed';
    try {
      if (kind === 'rename') {
        await api.renameFolder(from, to);
        return null;
      }
      return await switchFolder();
    } catch (e) {
      if (e instanceof FolderMoveError) throw e;
      throw new FolderMoveError(
        t(failed, { message: e instanceof FolderStepError ? e.message : describe(e) }),
      );
    }
  };

  return { prompt, setPrompt, ask, move };
}
