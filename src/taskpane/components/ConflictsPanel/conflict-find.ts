import type { ConflictView } from '../../api/types.js';
import { matchesText } from '../../layout/find-text.js';

/**
 * Whether a conflict answers the find box (F62), by the pane's one find rule (`matchesText`, as the
 * preview and the skipped list find): the text is in the contact's name, a conflicting field's
 * its e-mail as last synced, a conflicting field's caption as the pane shows it (`caption`), or one
 * of that field's three values (last synced, Business Central, Outlook).
 */
export function findsConflict(
  conflict: ConflictView,
  query: string,
  caption: (field: string) => string,
): boolean {
  return matchesText(
    [
      conflict.displayName,
      conflict.email ?? '',
      ...conflict.fields.flatMap((f) => [caption(f.field), f.base, f.bc, f.outlook]),
    ],
    query,
  );
}
