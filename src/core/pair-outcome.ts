import { skipKey } from './pair.js';
import { sharedEmptyList } from './empty-list.js';
import type { PlanItem } from './plan.js';
import type { ConflictEntry, SkipEntry } from './ports.js';
import type { SkipReason } from './skip-records.js';

/* What a decision-table action yields for one pair (pair-actions*.ts), and its small builders. */

/** What an action of the decision table yields for one pair. */
export interface Outcome {
  readonly items: readonly PlanItem[];
  readonly conflict: ConflictEntry | null;
  readonly skipped: readonly SkipEntry[];
}

/** Its lists are of the made lists' hidden class (empty-list.ts): a frozen array is a class of its own. */
export const NOTHING: Outcome = Object.freeze({
  items: sharedEmptyList<PlanItem>(),
  conflict: null,
  skipped: sharedEmptyList<SkipEntry>(),
});

export const only = (item: PlanItem): Outcome => ({ items: [item], conflict: null, skipped: [] });

/** A skip of one contact with every reason it has (`reasons` not empty): the first, and the `more`. */
export function skipEntry(
  side: 'bc' | 'outlook',
  who: { bcId: string; bcNumber: string; outlookId: string; displayName: string },
  reasons: readonly [SkipReason, ...SkipReason[]],
): SkipEntry {
  const [reason, ...more] = reasons;
  return {
    key: skipKey(side, side === 'bc' ? who.bcId : who.outlookId),
    record: { side, ...who, reason, ...(more.length > 0 ? { more } : {}) },
  };
}

export const nonEmpty = (list: readonly SkipReason[]): list is readonly [SkipReason, ...SkipReason[]] =>
  list.length > 0;
