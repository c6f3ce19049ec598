import { waitsForChoice } from '../../../core/views.js';
import { useState } from 'react';
import type { PaneApi } from '../../api/types.js';
import type { Translate } from '../../i18n/index.js';
import { useFailureText, useServices } from '../../services.js';

/**
 * What saving a new folder name does to the synced contacts, asked before anything is written:
 * - `rename`: no folder has the new name, so the Outlook folder is renamed and its contacts move with it;
 * - `switch`: a folder of that name exists, so the copies the sync made in the old folder are removed
 *   (after a sync has saved their Outlook changes to BC) and the next sync brings them to the other one;
 * - `blocked`: the old folder holds copies with values BC does not have (open conflicts, skipped
 *   changes): removing them would lose those values, keeping them would leave two copies.
 * Never two copies of a contact, never a lost value.
 */
export type FolderPrompt =
  | { readonly kind: 'rename' }
  | { readonly kind: 'switch'; readonly copies: number }
  | { readonly kind: 'blocked'; readonly held: number };

/** Why a folder change stopped, in the pane's words: nothing was saved. */
export class FolderMoveError extends Error {
  override readonly name = 'FolderMoveError';
}

/** A step of the move that stopped, already in the pane's words. */
class FolderStepError extends Error {
  override readonly name = 'FolderStepError';
}

/** The sync's copies in the current folder, and how many hold values BC does not have yet. */
async function copiesOf(api: PaneApi): Promise<{ ids: string[]; held: number }> {
  const [links, skipped, conflicts] = await Promise.all([
    api.listLinks(),
    api.listSkipped(),
    api.listConflicts(),
  ]);
  const pending = new Set([
    ...skipped.map((s) => s.outlookId),
    ...conflicts.filter(waitsForChoice).map((c) => c.outlookId),
  ]);
  const ids = links.map((l) => l.outlookId);
  return { ids, held: ids.filter((id) => pending.has(id)).length };
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
    const { ids, held } = await copiesOf(api);
    setPrompt(held > 0 ? { kind: 'blocked', held } : { kind: 'switch', copies: ids.length });
  };

  const switchFolder = async (): Promise<string> => {
    // A sync of the old folder first: Outlook changes made there reach BC before their copies go.
    const { record } = await runner.start({ mode: 'delta', dryRun: false }, () => undefined).done;
    if (record.status !== 'succeeded') throw new FolderStepError(t(`status_${record.status}`));
    const { ids, held } = await copiesOf(api);
    if (held > 0) {
      setPrompt({ kind: 'blocked', held });
      throw new FolderMoveError(t('folderSwitchBlocked', { n: held, from }));
    }
    const removed = await api.removeCopies(from, ids);
    // A copy changed meanwhile stays; the old folder's next sync brings back the removed ones.
    if (removed < ids.length) throw new FolderStepError(t('folderCopiesLeft', { n: ids.length - removed }));
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
