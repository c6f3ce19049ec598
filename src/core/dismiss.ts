import type { FieldConflict } from './merge.js';
import type { SyncFieldName } from './model.js';
import type { SyncScope, SyncStateStore } from './ports.js';
import { ResolveError } from './resolve-types.js';

/* Dismissing what a policy settled (the other half of conflict handling: resolve.ts). */

export interface DismissResult {
  readonly bcId: string;
  /** The settled fields accepted as the policy left them. */
  readonly dismissed: readonly SyncFieldName[];
  /** What stays recorded (open fields, and settled ones not named). */
  readonly remaining: readonly FieldConflict[];
}

/**
 * Accepts what the policy settled (design §2 Conflicts): the named settled fields (all of them when
 * `fields` is absent) leave the record; nothing is written to either side. Open fields are
 * decided with `resolveConflict`, never dismissed.
 *
 * @throws ResolveError `conflictNotFound`; `invalidChoice` when a named field is not recorded or
 *   still open, or when nothing settled is left to dismiss.
 */
export async function dismissConflict(
  store: SyncStateStore,
  scope: SyncScope,
  bcId: string,
  fields?: readonly SyncFieldName[],
): Promise<DismissResult> {
  const entry = (await store.listConflicts(scope)).find((c) => c.bcId === bcId);
  if (!entry) throw new ResolveError({ kind: 'conflictNotFound', bcId });
  const settled =
    entry.record.kind === 'fields' ? entry.record.fields.filter((f) => f.winner !== 'none') : [];
  const named = fields ?? settled.map((f) => f.field);
  const notSettled = named.filter((f) => !settled.some((s) => s.field === f));
  if (named.length === 0) throw new ResolveError({ kind: 'invalidChoice', problem: 'nothingSettled' });
  if (notSettled.length > 0)
    throw new ResolveError({ kind: 'invalidChoice', problem: 'notSettled', fields: notSettled });
  const remaining = entry.record.fields.filter((f) => !named.includes(f.field));
  if (remaining.length === 0) await store.putConflicts(scope, [], [bcId]);
  else await store.putConflicts(scope, [{ ...entry, record: { ...entry.record, fields: remaining } }], []);
  return { bcId, dismissed: named, remaining };
}
