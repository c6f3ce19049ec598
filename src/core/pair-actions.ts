import { makeLink } from './link.js';
import { outlookHolds, outlookToSyncFields } from './mapping.js';
import { bcRefusals } from './bc-refusals.js';
import { holdUnplaced, holdsAny, withWaiting } from './list-room.js';
import { holdsOutlookOnly, outlookOnlyValues } from './outlook-only.js';
import { readOwnedValues } from './owned-values.js';
import type { OutlookOwnValues } from './owned-values.js';
import { mergeFields, nextBase, recordedFields, settledOnCopy } from './merge.js';
import { deletionFields } from './resolve-unseen.js';
import type { DeletionCause, FieldConflict } from './merge.js';
import { pickSyncFields, sameSyncFields } from './model.js';
import type { SyncFieldName, SyncFields } from './model.js';
import type { LinkedView, PairContext } from './pair.js';
import type { PlanItem } from './plan.js';
import type { ConflictEntry, SkipEntry } from './ports.js';
import { NOTHING, nonEmpty, only, skipEntry } from './pair-outcome.js';
import type { Outcome } from './pair-outcome.js';

export { NOTHING } from './pair-outcome.js';
export type { Outcome } from './pair-outcome.js';

/* The decision table's actions for linked pairs (pair-table.ts); unlinked ones: pair-actions-unlinked.ts. */

/** The Outlook values of a linked pair (the base when Outlook did not change). */
export function outlookFieldsOf(v: LinkedView): SyncFields {
  return v.outlook === 'changed' && v.outlookState.kind === 'present'
    ? outlookToSyncFields(v.outlookState.contact, v.link)
    : v.link.base;
}

/**
 * The Outlook-only values of a linked pair now (the link's when Outlook was not read), without BC
 * values waiting for room: whoever stores the link says which still wait (`mergePair`).
 */
// rule values.owned: Outlook's own values are read apart from BC's, so no write moves or drops them.
export function outlookOwnOf(v: LinkedView): OutlookOwnValues | undefined {
  if (v.outlookState.kind === 'present') {
    // Read, it holds no `waiting` (readOwnedValues makes it): withWaiting would copy it as it is.
    const read = readOwnedValues(v.outlookState.contact, v.link).own;
    return { emails: read.emails, phones: read.phones };
  }
  const own = v.link.outlookOwn;
  return own && withWaiting(own, {});
}

/**
 * Whether Outlook at the stored changeKey holds `base` and `own` (Link.outlookHoldsBase): judged on
 * the contact when it was read; when it was not, the link's word carries while neither its changeKey
 * nor its base moved.
 */
function outlookHoldsAt(v: LinkedView, base: SyncFields, own: OutlookOwnValues | undefined): boolean {
  if (v.outlookState.kind === 'present')
    return outlookHolds(v.outlookState.contact, { base, outlookOwn: own });
  return (
    v.link.outlookHoldsBase === true &&
    v.outlookChangeKey === v.link.outlookChangeKey &&
    sameSyncFields(base, v.link.base)
  );
}

// ---- linked pairs ----

export function unlink(v: LinkedView): Outcome {
  return only({ kind: 'unlink', bcId: v.link.bcId });
}

export function removeOutlookCopy(v: LinkedView): Outcome {
  return only({
    kind: 'deleteInOutlook',
    bcId: v.link.bcId,
    outlookId: v.link.outlookId,
    changeKey: v.outlookChangeKey,
    base: v.link.base,
    reason: v.bc === 'deleted' ? 'bcDeleted' : 'outOfScope',
  });
}

/**
 * The Outlook copy holds changes BC never saw, or values BC has no field for: deleting it would
 * lose them (rules deletions.keepOutlookChanges, deletions.keepOutlookOnly). The record names both.
 */
export function deletedInBcConflict(v: LinkedView): Outcome {
  const olFields = outlookFieldsOf(v);
  const only = v.outlookState.kind === 'present' ? outlookOnlyValues(v.outlookState.contact, v.link) : null;
  const base = v.link.base;
  const reason: DeletionCause =
    v.bc === 'deleted' ? { kind: 'bcDeleted' } : { kind: 'outOfScope', reasons: v.scopeReasons };
  // Design §2 Conflicts: base, BC and Outlook values per field. A contact out of scope is still in
  // BC and its values are shown (it was '' as if deleted); a deleted one has none.
  // rule conflicts.settledKept: a settled field the copy still holds the winner of keeps its record
  // (the losing value), in place of the same field's edit (the winner the copy took before its base).
  const bcNow = (f: SyncFieldName) => (v.bc === 'deleted' ? '' : v.bcFields[f]);
  const fields = deletionFields(base, olFields, bcNow, v.recorded, v.bc !== 'deleted');
  const record = {
    kind: 'deletedInBc' as const,
    displayName: olFields.displayName,
    reason,
    fields,
    ...(only && holdsOutlookOnly(only) ? { outlookOnly: only } : {}),
    ...(v.outlookState.kind === 'present' ? { outlookChangeKey: v.outlookChangeKey } : {}),
  };
  return { items: [], conflict: { bcId: v.link.bcId, outlookId: v.link.outlookId, record }, skipped: [] };
}

/** Deleted in Outlook but still in BC's scope: re-created (as BC documents). */
export function recreateInOutlook(v: LinkedView): Outcome {
  const create = {
    kind: 'createInOutlook' as const,
    bcId: v.link.bcId,
    bcEtag: v.bcEtag,
    fields: pickSyncFields(v.bcFields),
  };
  // rule conflicts.settledKept: the copy is made of BC's values, so a settled field whose winner
  // BC holds stands on it as it stood on the copy deleted; its record alone holds the losing value
  // (a BC value Outlook's won over is nowhere else), so it moves to the new copy, not away with the
  // deleted one (the user's delete of the copy decides no field).
  const carried = settledOnCopy(v.recorded, (f) => v.bcFields[f]);
  if (carried.length === 0) return only(create);
  const detectedAt = v.recorded?.detectedAt;
  const settled = {
    kind: 'fields' as const,
    displayName: v.bcFields.displayName,
    fields: carried,
    ...(detectedAt === undefined ? {} : { detectedAt }),
  };
  return {
    items: [{ ...create, settled }],
    conflict: { bcId: v.link.bcId, outlookId: v.link.outlookId, record: settled },
    skipped: [],
  };
}

/**
 * Fields the policy settled earlier stay recorded (with the losing value) until the user accepts
 * or reverts them, or the field changes again on either side (design §2 Conflicts): both sides
 * still hold the base, or both hold the settled value. The second covers a run that stopped after
 * its writes and before its links (F42): the sides agree on the winner while the base is older.
 */
function settledStillStanding(v: LinkedView, olFields: SyncFields): FieldConflict[] {
  // A deletedInBc record carries the settled fields of a contact that left scope: back in scope,
  // they are listed as settled again (its open fields are Outlook's edits, merged as such).
  const base = v.link.base;
  const bothHold = (field: FieldConflict['field'], value: unknown) =>
    v.bcFields[field] === value && olFields[field] === value;
  return recordedFields(v.recorded).filter(
    (f) =>
      f.winner !== 'none' &&
      (bothHold(f.field, base[f.field]) || bothHold(f.field, f.winner === 'bc' ? f.bc : f.outlook)),
  );
}

/**
 * Fields recorded as open (the user's choice pending) whose two values both sides still hold: they
 * stay open under any policy (F63: saving "Business Central wins" had settled 1,500 open conflicts
 * and dropped 1,300 Outlook values past the settled cap, unseen).
 */
function openStillStanding(v: LinkedView, olFields: SyncFields): ReadonlySet<string> {
  if (v.recorded?.kind !== 'fields') return EMPTY;
  const open = v.recorded.fields.filter(
    (f) => f.winner === 'none' && v.bcFields[f.field] === f.bc && olFields[f.field] === f.outlook,
  );
  return open.length === 0 ? EMPTY : new Set(open.map((f) => f.field));
}
const EMPTY: ReadonlySet<string> = new Set();

/** The pair's conflict record: this run's field conflicts, then the settled ones still standing. */
function fieldsConflict(
  v: LinkedView,
  displayName: string,
  found: readonly FieldConflict[],
  olFields: SyncFields,
): ConflictEntry | null {
  if (found.length === 0 && recordedFields(v.recorded).length === 0) return null;
  const fresh = new Set(found.map((f) => f.field));
  const fields = [...found, ...settledStillStanding(v, olFields).filter((f) => !fresh.has(f.field))];
  if (fields.length === 0) return null;
  const detectedAt = v.recorded?.detectedAt;
  return {
    bcId: v.link.bcId,
    outlookId: v.link.outlookId,
    record: { kind: 'fields', displayName, fields, ...(detectedAt ? { detectedAt } : {}) },
  };
}

/** Nothing changed on either side (the common case at scale): at most the stamps moved. */
export function refreshStamps(v: LinkedView): Outcome {
  const conflict = v.recorded ? fieldsConflict(v, v.bcFields.displayName, [], outlookFieldsOf(v)) : null;
  if (v.bcEtag === v.link.bcEtag && v.outlookChangeKey === v.link.outlookChangeKey)
    return conflict ? { ...NOTHING, conflict } : NOTHING;
  const stamps = { bcEtag: v.bcEtag, outlookChangeKey: v.outlookChangeKey };
  const own = outlookOwnOf(v);
  const link = makeLink(v.link, v.link.base, stamps, own, outlookHoldsAt(v, v.link.base, own));
  return {
    items: [{ kind: 'link', link }],
    conflict,
    skipped: [],
  };
}

/**
 * Three-way merge per field; both-side changes follow the policy. BC's update is checked whole
 * (design §2 "Values with no BC home", issue 8 §2): when any value cannot be written (it does not fit,
 * or it would take the contact out of scope) nothing of the contact is written to BC. Outlook still
 * gets BC's changes; the difference stays against the base and is seen, and reported, again.
 */
export function mergePair(v: LinkedView, ctx: PairContext): Outcome {
  const { link, bcFields } = v;
  const olFields = outlookFieldsOf(v);
  // rules changes.bothSides, conflicts.manual, conflicts.keepValues: three-way, the policy, each field's values.
  const merged = mergeFields(link.base, bcFields, olFields, {
    policy: ctx.policy,
    stillOpen: openStillStanding(v, olFields),
  });
  const bcContact = v.bcState.kind === 'present' ? v.bcState.contact : null;
  const olContact = v.outlookState.kind === 'present' ? v.outlookState.contact : null;
  const refusal = bcRefusals(merged.bc, bcFields, bcContact, olContact, ctx);
  const toBc = refusal.fields.length > 0 ? pickSyncFields(bcFields) : merged.bc;
  const skipped: SkipEntry[] = [];
  // BC's No. is known when BC was read for this pair (a delta that read only Outlook leaves it '').
  const bcNumber = bcContact?.number ?? '';
  if (nonEmpty(refusal.reasons)) {
    // rule lengths.refuse / scope.guardOutlookChanges: values BC cannot take are never cut or
    // blanked, and no other value of the contact is written without them.
    const who = { bcId: link.bcId, bcNumber, outlookId: link.outlookId, displayName: olFields.displayName };
    skipped.push(skipEntry('outlook', who, refusal.reasons));
  }
  const own = outlookOwnOf(v);
  const held = holdUnplaced(olFields, merged.outlook, own);
  const toOutlook = held.target;
  if (held.reason) {
    const who = { bcId: link.bcId, bcNumber, outlookId: link.outlookId, displayName: bcFields.displayName };
    skipped.push(skipEntry('bc', who, [held.reason]));
  }
  const outlookOwn = own && withWaiting(own, held.waiting);
  const conflict = fieldsConflict(v, toBc.displayName, merged.conflicts, olFields);
  if (!sameSyncFields(toBc, bcFields) || !sameSyncFields(toOutlook, olFields)) {
    const item: PlanItem = {
      kind: 'update',
      bcId: link.bcId,
      outlookId: link.outlookId,
      base: link.base,
      bc: { stamp: v.bcEtag, current: bcFields, target: toBc },
      outlook: { stamp: v.outlookChangeKey, current: olFields, target: toOutlook },
      existing: v.outlookState.kind === 'present' ? v.outlookState.contact : null,
      outlookOwn,
      stampBcId: false,
    };
    return { items: [item], conflict, skipped };
  }
  // The base the link keeps, made only when no update carries the pair (an update's base is made
  // from what the writes answer, executor): both sides' texts compared, one by one (issue 12 §2).
  const base = nextBase(link.base, toBc, toOutlook);
  const stampsMoved = v.bcEtag !== link.bcEtag || v.outlookChangeKey !== link.outlookChangeKey;
  const waitingBefore = link.outlookOwn?.waiting ?? NONE_WAITING;
  // Nothing waiting before or now (most pairs): the same without writing either out.
  const waitingMoved =
    (holdsAny(waitingBefore) || holdsAny(held.waiting)) &&
    JSON.stringify(waitingBefore) !== JSON.stringify(held.waiting);
  if (stampsMoved || waitingMoved || !sameSyncFields(base, link.base)) {
    const stamps = { bcEtag: v.bcEtag, outlookChangeKey: v.outlookChangeKey };
    return {
      items: [
        { kind: 'link', link: makeLink(link, base, stamps, outlookOwn, outlookHoldsAt(v, base, outlookOwn)) },
      ],
      conflict,
      skipped,
    };
  }
  return { items: [], conflict, skipped };
}

const NONE_WAITING = Object.freeze({});
