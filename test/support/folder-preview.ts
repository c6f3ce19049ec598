import type { FolderPreview } from '../../src/core/views.js';

/**
 * A folder preview (POST /sync/v1/folder-preview) for tests: a free name after a sync, where the
 * next run renames the sync folder and nothing is imported, with `patch`'s counts and move on top.
 * The server's tests expect it, the pane's tests answer with it.
 */
export function folderPreview(patch: Partial<FolderPreview> = {}): FolderPreview {
  return {
    move: 'rename',
    from: null,
    exists: false,
    contacts: 0,
    linked: 0,
    matched: 0,
    toBc: 0,
    skipped: 0,
    ...patch,
  };
}
