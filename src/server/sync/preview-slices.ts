import type { CompiledFilter } from '../../core/filter/index.js';
import { previewScope } from '../../core/scope.js';
import type { ScopePreview, ScopeSubject } from '../../core/scope.js';
import { nextTurn } from '../../platform/loop-turns.js';

/**
 * The match preview counted in slices, with a turn of the event loop between them (tester F89):
 * over 15,894 contacts it held the loop 1.25 s in one piece, and /healthz waited 6.3 s while it
 * ran. The turns are the process's one line of bulk slices (loop-turns.ts). Core stays pure (previewScope adds a slice to a preview); the waiting is here, at the edge.
 */

/**
 * Contacts per slice: a few milliseconds of work at the heaviest accepted filter.
 * @internal
 */
export const PREVIEW_SLICE = 250;

export async function previewInSlices(
  contacts: readonly ScopeSubject[],
  filter: CompiledFilter,
  pause: () => Promise<void> = nextTurn,
): Promise<ScopePreview> {
  let preview = previewScope([], filter);
  for (let at = 0; at < contacts.length; at += PREVIEW_SLICE) {
    if (at > 0) await pause();
    preview = previewScope(contacts.slice(at, at + PREVIEW_SLICE), filter, preview);
  }
  return preview;
}
