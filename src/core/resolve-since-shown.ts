import { bcPatch } from './mapping.js';
import type { ConflictRecord, MergedSinceShown } from './merge.js';
import { sameFieldValue } from './model.js';
import type { SyncFieldName, SyncFields } from './model.js';
import type { ConflictEntry, SyncScope, SyncStateStore } from './ports.js';
import { ResolveError } from './resolve-types.js';

// Attack F2: Keep Outlook on a field record also wrote Outlook edits made after the conflict was
// shown, to fields not on the card (a resolve merges one-sided changes as a sync does). A sync
// would write them too, but a choice is the user's word on what the card showed: nothing the user
// did not see is written by it (F71's principle, resolve-unseen.ts). Refused once, the record
// names them (`sinceShown`) and the card says so; the next choice on the same values writes them.
// Holding them back instead was not an option: the resolve stamps the link with the copy's
// changeKey, so a delta run would not read the held edit again.

type Side = 'bc' | 'outlook';

/**
 * What a field record's choice writes beside the fields it decides (`decided`): each field of
 * `to[side]` that differs from what `side` holds now, with the side it came from.
 */
export function mergedBeside(
  now: { readonly bc: SyncFields; readonly outlook: SyncFields },
  to: { readonly bc: SyncFields; readonly outlook: SyncFields },
  decided: (field: SyncFieldName) => boolean,
): MergedSinceShown[] {
  const into = (side: Side, from: Side): MergedSinceShown[] =>
    (Object.keys(bcPatch(now[side], to[side])) as SyncFieldName[])
      .filter((f) => !decided(f))
      .map((field) => ({ field, from, value: to[side][field] }));
  return [...into('bc', 'outlook'), ...into('outlook', 'bc')];
}

/** `record` without the changes a refused resolve named: a choice went through, or a run wrote them. */
export function withoutSinceShown(record: ConflictRecord): ConflictRecord {
  if (record.kind !== 'fields' || record.sinceShown === undefined) return record;
  const { sinceShown: _written, ...rest } = record;
  return rest;
}

/**
 * Refuses a field record's choice that would write a change (`merged`, mergedBeside) the record
 * does not name with that value: stores the record naming every one of `merged` first.
 * @throws ResolveError `changedSinceShown` naming the fields of the changes not shown.
 */
export async function refuseUnseenMerged(
  store: SyncStateStore,
  scope: SyncScope,
  entry: ConflictEntry,
  merged: readonly MergedSinceShown[],
): Promise<void> {
  const record = entry.record;
  if (record.kind !== 'fields') return;
  const shown = record.sinceShown ?? [];
  const unseen = merged.filter(
    (m) =>
      !shown.some(
        (s) => s.field === m.field && s.from === m.from && sameFieldValue(m.field, s.value, m.value),
      ),
  );
  if (unseen.length === 0) return;
  await store.putConflicts(scope, [{ ...entry, record: { ...record, sinceShown: merged } }], []);
  throw new ResolveError({ kind: 'changedSinceShown', fields: [...new Set(unseen.map((m) => m.field))] });
}
