import type { RunRecord, RunTrigger } from '../../core/records.js';
import { ApiError } from '../api/http.js';

/**
 * A choice on a conflict the sync API no longer has (ConflictNotFound), as the pane says it: `by` is
 * the trigger of a run that ended since the pane loaded the list (that run settled it), null when
 * none did (it was resolved in another window). The pane has reloaded the lists by then, so it
 * names the contact and what happened instead of asking the user to refresh.
 */
export class ConflictGoneError extends Error {
  override readonly name = 'ConflictGoneError';
  constructor(readonly by: RunTrigger | null) {
    super('conflictGone');
  }
}

/**
 * The refusal of a choice, read against the runs the pane had (`before`) and has reloaded
 * (`after`, null: the reload failed): ConflictNotFound becomes a ConflictGoneError; any other
 * failure is returned as it is.
 */
export function whyRefused(
  e: unknown,
  before: readonly RunRecord[],
  after: readonly RunRecord[] | null,
): unknown {
  if (!(e instanceof ApiError) || e.code !== 'ConflictNotFound') return e;
  const known = new Map(before.map((r) => [r.id, r.status]));
  // A real run that ended since: new to the list, or running then and ended now.
  const ended = (after ?? []).find(
    (r) => !r.dryRun && r.status !== 'running' && known.get(r.id) !== r.status,
  );
  return new ConflictGoneError(ended?.trigger ?? null);
}
