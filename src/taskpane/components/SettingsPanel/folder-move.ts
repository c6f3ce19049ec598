import { useState } from 'react';
import type { FolderPreview } from '../../api/types.js';
import { useServices } from '../../services.js';

/**
 * What the next run does when the settings name another folder (F73: the move is a step of every
 * run, in core; saving only stores the name), said before saving:
 * - `rename`: no folder has the new name, so the run renames the sync folder and its contacts
 *   move with it;
 * - `switch`: a folder of that name exists: the run syncs the old folder, removes its copies and
 *   syncs the other one; `preview` says what that first sync does with the contacts the folder
 *   already holds, as the server plans it (F60);
 * - `into`: nothing to move (no sync yet, or the old folder is gone), but the folder holds contacts
 *   of its own: what the first sync there does with them (F60).
 * Conflicts and skipped changes in the old folder hold either move: the run says so
 * (`folderMoveHeld`), and the pane shows that run's outcome (FolderMoveStatus).
 */
export type FolderPrompt =
  | { readonly kind: 'rename'; readonly from: string | null }
  | { readonly kind: 'switch' | 'into'; readonly preview: FolderPreview };

/** The prompt before saving a new folder name: asks the server what the next run will do there. */
export function useFolderPrompt(to: string) {
  const { api } = useServices();
  const [prompt, setPrompt] = useState<FolderPrompt | null>(null);

  /**
   * Plans (writes nothing) the next run into `to`, then asks; resolves false when there is nothing
   * to say (no move, and no contact there the first sync would import).
   */
  const ask = async (): Promise<boolean> => {
    const preview = await api.folderPreview(to);
    const next: FolderPrompt | null =
      preview.move === 'rename'
        ? { kind: 'rename', from: preview.from }
        : preview.move === 'switch'
          ? { kind: 'switch', preview }
          : preview.contacts > preview.linked
            ? { kind: 'into', preview }
            : null;
    setPrompt(next);
    return next !== null;
  };

  return { prompt, setPrompt, ask };
}
