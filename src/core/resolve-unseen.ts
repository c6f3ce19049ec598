import type { Link } from './link.js';
import { outlookToSyncFields } from './mapping.js';
import { holdsOutlookOnly, outlookOnlyValues } from './outlook-only.js';
import type { OutlookOnlyValues } from './outlook-only.js';
import { settledOnCopy } from './merge.js';
import type { ConflictRecord, FieldConflict } from './merge.js';
import { SYNC_FIELDS, sameFieldValue } from './model.js';
import type { OutlookContact, SyncFieldName, SyncFields } from './model.js';
import type { ConflictEntry, SyncScope, SyncStateStore } from './ports.js';
import { ResolveError } from './resolve-types.js';
import type { ResolveChoice } from './resolve-types.js';

// F71 (issue 8 §3–4, "every conflict waits until the user has seen it"): a choice is made on the
// values the conflict showed. A value either side took since then was never shown, so writing over
// it would lose it unseen; the resolve is refused and the record shows what each side holds now.

type Side = 'bc' | 'outlook';

/**
 * What the record shows each side holding for a field: an open field each side's own value; a
 * settled one the winner's value on both sides (the policy wrote it to the other side).
 */
function shown(c: FieldConflict, side: Side): string {
  return c.winner === 'none' ? c[side] : c[c.winner];
}

/**
 * The decided fields (`decides(field)` true) whose value on either side differs from what the
 * record showed, compared as the user reads them (`sameFieldValue`). Empty: the choice stands.
 */
function unseenFieldChanges(
  recorded: readonly FieldConflict[],
  decides: (field: SyncFieldName) => boolean,
  bcNow: SyncFields,
  olNow: SyncFields,
): SyncFieldName[] {
  return recorded
    .filter((c) => decides(c.field))
    .filter(
      (c) =>
        !sameFieldValue(c.field, shown(c, 'bc'), bcNow[c.field]) ||
        !sameFieldValue(c.field, shown(c, 'outlook'), olNow[c.field]),
    )
    .map((c) => c.field);
}

/**
 * The record's fields as they must now show, after `changed` were found changed again: an open field
 * shows each side's current value (and leaves when the sides now agree); a settled field that
 * changed again leaves the record, as a run drops it (design §2 Conflicts: kept "until the same
 * field changes again on either side"). Other fields are kept as they were.
 */
function refreshedFields(
  recorded: readonly FieldConflict[],
  changed: readonly SyncFieldName[],
  bcNow: SyncFields,
  olNow: SyncFields,
): FieldConflict[] {
  const out: FieldConflict[] = [];
  for (const c of recorded) {
    if (!changed.includes(c.field)) out.push(c);
    else if (c.winner === 'none' && !sameFieldValue(c.field, bcNow[c.field], olNow[c.field]))
      out.push({ ...c, bc: bcNow[c.field], outlook: olNow[c.field] });
  }
  return out;
}

/**
 * For a contact deleted in BC whose Outlook copy would be removed: the fields whose Outlook value
 * is not what the record showed (a recorded field's Outlook value; any other field the base, as
 * the record lists every field Outlook had changed, pair-actions.ts `deletedInBcConflict`).
 * `base` null (no link left): only the recorded fields are known.
 */
function unseenDeletionEdits(
  recorded: readonly FieldConflict[],
  base: SyncFields | null,
  olNow: SyncFields,
): SyncFieldName[] {
  // A settled field the record carries (conflicts.settledKept) was shown with the winner on the copy.
  const byField = new Map(recorded.map((c) => [c.field, shown(c, 'outlook')]));
  return SYNC_FIELDS.filter((f) => {
    const expected = byField.get(f) ?? base?.[f];
    return expected !== undefined && !sameFieldValue(f, expected, olNow[f]);
  });
}

/**
 * A deletedInBc record's fields: every field the Outlook copy changed since the base, with its
 * BC value (`bcNow`: BC's value of a contact out of scope, which BC still holds; '' when BC deleted
 * it) and its Outlook value (rule deletions.keepOutlookChanges); `deletionFields` adds the settled
 * fields the record carries.
 */
function outlookEditsSinceBase(
  base: SyncFields,
  olNow: SyncFields,
  bcNow: (field: SyncFieldName) => string = () => '',
): FieldConflict[] {
  return SYNC_FIELDS.filter((f) => base[f] !== olNow[f]).map((f) => ({
    field: f,
    base: base[f],
    bc: bcNow(f),
    outlook: olNow[f],
    winner: 'none' as const,
  }));
}

/**
 * The fields a deletedInBc record lists (`outlookEditsSinceBase`), and in place of a field's edit
 * a settled field of `recorded` the copy still holds the winner of: no edit since the base, but
 * its losing value is held by the record alone (rule conflicts.settledKept). The one shape for the
 * run's record (pair-actions.ts) and a refused resolve's refreshed one (soak policy seed 2024
 * follow-up: the refresh dropped it, so an e-mail typed into the copy and Keep BC lost it).
 * `bcRead`: `bcNow` is what BC holds now (a contact out of scope); a settled field BC changed
 * again is over (the rule's "or the field changes again", as for a linked pair): it stayed
 * listed with BC's old winner, and Keep Outlook wrote the losing value over BC's new one, unseen.
 */
export function deletionFields(
  base: SyncFields,
  olNow: SyncFields,
  bcNow: (field: SyncFieldName) => string,
  recorded: ConflictRecord | null | undefined,
  bcRead: boolean,
): FieldConflict[] {
  const carried = settledOnCopy(recorded, (f) => olNow[f]).filter(
    (c) => !bcRead || sameFieldValue(c.field, shown(c, 'bc'), bcNow(c.field)),
  );
  const edits = outlookEditsSinceBase(base, olNow, bcNow);
  return [...edits.filter((e) => !carried.some((c) => c.field === e.field)), ...carried];
}

/** Stores the record with `fields` as it now shows (a field record left with none goes). */
async function showAgain(
  store: SyncStateStore,
  scope: SyncScope,
  entry: ConflictEntry,
  fields: readonly FieldConflict[],
): Promise<void> {
  if (fields.length === 0 && entry.record.kind === 'fields')
    await store.putConflicts(scope, [], [entry.bcId]);
  else await store.putConflicts(scope, [{ ...entry, record: { ...entry.record, fields } }], []);
}

/**
 * Refuses a field choice made on values a side no longer holds, or on a field in conflict now that
 * the record never showed (`found`: the fields changed on both sides as the resolve reads them):
 * stores the refreshed record, with such new fields open, first.
 *
 * @throws ResolveError `changedSinceShown` naming the decided fields the user has not seen as they are.
 */
export async function refuseUnseenChoice(
  store: SyncStateStore,
  scope: SyncScope,
  entry: ConflictEntry,
  choice: ResolveChoice,
  now: { readonly bc: SyncFields; readonly outlook: SyncFields; readonly found: readonly FieldConflict[] },
): Promise<void> {
  const decides = (f: SyncFieldName): boolean => choice.kind === 'all' || choice.fields[f] !== undefined;
  const recorded = entry.record.fields;
  const neverShown = now.found.filter((c) => decides(c.field) && !recorded.some((r) => r.field === c.field));
  const unseen = [
    ...unseenFieldChanges(recorded, decides, now.bc, now.outlook),
    ...neverShown.map((c) => c.field),
  ];
  if (unseen.length === 0) return;
  const fields = [...refreshedFields(recorded, unseen, now.bc, now.outlook), ...neverShown];
  await showAgain(store, scope, entry, fields);
  throw new ResolveError({ kind: 'changedSinceShown', fields: unseen });
}

/**
 * Refuses removing an Outlook copy (deletedInBc, keep BC) that changed since the record showed it:
 * a synced field edited since, or — by its changeKey, or for records stored before by the values
 * it names — values BC has no field for (F76). The record then shows the copy as it is now.
 *
 * @throws ResolveError `changedSinceShown` naming the synced fields edited since (and `outlookOnly`).
 */
export async function refuseUnseenDeletion(
  store: SyncStateStore,
  scope: SyncScope,
  entry: ConflictEntry,
  link: Link | null,
  copy: OutlookContact,
): Promise<void> {
  const record = entry.record;
  if (record.kind !== 'deletedInBc') return;
  const olNow = outlookToSyncFields(copy, link);
  const unseen = unseenDeletionEdits(record.fields, link?.base ?? null, olNow);
  const only = outlookOnlyValues(copy, link);
  const onlyChanged =
    holdsOutlookOnly(only) &&
    (record.outlookChangeKey !== undefined
      ? record.outlookChangeKey !== copy.changeKey
      : !sameOutlookOnly(record.outlookOnly, only));
  if (unseen.length === 0 && !onlyChanged) return;
  // BC's values as the record showed them (a contact out of scope is still in BC, design §2); a
  // field the record did not list was not read from BC here: none shown.
  const recordedBc = new Map(record.fields.map((c) => [c.field, c.bc]));
  const fields = link
    ? deletionFields(link.base, olNow, (f) => recordedBc.get(f) ?? '', record, false)
    : record.fields;
  const shown = {
    kind: record.kind,
    displayName: record.displayName,
    reason: record.reason,
    fields,
    ...(holdsOutlookOnly(only) ? { outlookOnly: only } : {}),
    outlookChangeKey: copy.changeKey,
    ...(record.detectedAt === undefined ? {} : { detectedAt: record.detectedAt }),
  };
  await store.putConflicts(scope, [{ ...entry, record: shown }], []);
  throw new ResolveError({
    kind: 'changedSinceShown',
    fields: unseen,
    ...(onlyChanged ? { outlookOnly: true as const } : {}),
  });
}

/**
 * Refuses keeping Outlook's side of a deletedInBc conflict on values the record did not show. The
 * choice writes the copy's values into BC (the contact that left scope, or a new one for a contact
 * BC deleted), so each must be as shown: the copy's synced fields (`unseenDeletionEdits`: a listed
 * field's Outlook value, any other the base) and, for a contact that only left scope (`bcNow`: BC
 * still holds it, design §2), BC's value of each listed field, which the copy's would overwrite
 * (F71's principle). Keep BC's check (refuseUnseenDeletion) looked at the copy; this one looked
 * only at BC: a copy's e-mail cleared after the conflict was listed emptied the contact's E-Mail,
 * its key in BC, unseen (brief keepempty). The record then shows both sides as they are (a settled
 * field BC changed again leaves it: `deletionFields`).
 *
 * @throws ResolveError `changedSinceShown` naming the fields either side changed since.
 */
export async function refuseUnseenKeep(
  store: SyncStateStore,
  scope: SyncScope,
  entry: ConflictEntry,
  link: Link | null,
  copy: OutlookContact,
  bcNow: SyncFields | null,
): Promise<void> {
  const record = entry.record;
  if (record.kind !== 'deletedInBc') return;
  const olNow = outlookToSyncFields(copy, link);
  const bcMoved = bcNow
    ? record.fields
        .filter((c) => !sameFieldValue(c.field, shown(c, 'bc'), bcNow[c.field]))
        .map((c) => c.field)
    : [];
  const olMoved = unseenDeletionEdits(record.fields, link?.base ?? null, olNow);
  const unseen = SYNC_FIELDS.filter((f) => bcMoved.includes(f) || olMoved.includes(f));
  if (unseen.length === 0) return;
  const recordedBc = new Map(record.fields.map((c) => [c.field, c.bc]));
  const bcOf = (f: SyncFieldName): string => (bcNow ? bcNow[f] : (recordedBc.get(f) ?? ''));
  // Without a link only the listed fields are known: one BC changed goes, one the copy changed opens.
  const fields = link
    ? deletionFields(link.base, olNow, bcOf, record, bcNow !== null)
    : record.fields.flatMap((c) =>
        bcMoved.includes(c.field)
          ? []
          : olMoved.includes(c.field)
            ? [{ ...c, bc: bcOf(c.field), outlook: olNow[c.field], winner: 'none' as const }]
            : [c],
      );
  const only = outlookOnlyValues(copy, link);
  const { outlookOnly: _shownOnly, ...rest } = record;
  const again = {
    ...rest,
    fields,
    ...(holdsOutlookOnly(only) ? { outlookOnly: only } : {}),
    outlookChangeKey: copy.changeKey,
  };
  await store.putConflicts(scope, [{ ...entry, record: again }], []);
  throw new ResolveError({ kind: 'changedSinceShown', fields: unseen });
}

function sameOutlookOnly(shown: OutlookOnlyValues | undefined, now: OutlookOnlyValues): boolean {
  const same = (a: readonly string[] = [], b: readonly string[]) =>
    a.length === b.length && a.every((x) => b.includes(x));
  return (
    same(shown?.properties, now.properties) &&
    same(shown?.emails, now.emails) &&
    same(shown?.phones, now.phones)
  );
}
