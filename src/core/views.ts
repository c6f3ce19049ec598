import { describeSkipReason, fieldLabel } from './describe.js';
import { conflictStatus } from './merge.js';
import type { SyncFieldName, SyncFields } from './model.js';
import { SYNC_FIELDS } from './model.js';
import { summarizePlan } from './plan.js';
import type { Plan, PlanItem } from './plan.js';
import type { ConflictEntry, SkipEntry } from './ports.js';
import type { SkipReason } from './records.js';
import type { OutOfScopeReason } from './scope.js';

/** The JSON shapes the pane reads: plain data, with text a user can act on. */

/**
 * A conflict as the pane lists it. `status`: `open` (the user must choose) or `settled` (the policy
 * chose; per field, `winner` names the side whose value both sides got, and the other side's value
 * is the losing one the user may revert to). `detectedAt`: when it was first recorded.
 */
export function conflictView(entry: ConflictEntry) {
  const r = entry.record;
  return {
    bcId: entry.bcId,
    outlookId: entry.outlookId,
    displayName: r.displayName,
    kind: r.kind,
    status: conflictStatus(r),
    detectedAt: r.detectedAt ?? null,
    ...(r.kind === 'deletedInBc' ? { reason: r.reason } : {}),
    fields: r.fields.map((f) => ({ ...f, label: fieldLabel(f.field) })),
  };
}

export function skipView(entry: SkipEntry) {
  const r = entry.record;
  return {
    key: entry.key,
    side: r.side,
    bcId: r.bcId,
    outlookId: r.outlookId,
    displayName: r.displayName,
    reason: r.reason,
    text: describeSkipReason(r.reason),
    hint: skipHint(r.reason),
  };
}

function scopeHint(reason: OutOfScopeReason): string {
  switch (reason.kind) {
    case 'noEmail':
      return 'Add an e-mail address to the contact in Business Central.';
    case 'noName':
      return 'Give the contact a name in Business Central.';
    case 'companyContact':
      return 'Only contacts of type Person are synced; company contacts stay in Business Central.';
    case 'privacyBlocked':
      return 'Clear Privacy Blocked on the contact in Business Central if it may be shared.';
    case 'excludedByFilter':
      return `Change the contact, or the sync filter in the settings (${reason.fields.join(', ')}).`;
  }
}

/** How the user fixes a skipped contact. */
export function skipHint(reason: SkipReason): string {
  switch (reason.kind) {
    case 'outOfScope':
      return reason.reasons.map(scopeHint).join(' ');
    case 'bcContactOutOfScope':
      return `${reason.reasons.map(scopeHint).join(' ')} Or delete the Outlook contact.`;
    case 'bcContactDeleted':
      return 'Its Business Central contact was deleted: delete the Outlook contact, or remove its link and run a full sync to add it to Business Central again.';
    case 'duplicateOfLinked':
      return 'Delete this Outlook contact: another copy of it is already synced.';
    case 'wouldLeaveScope':
      return 'Undo that change in Outlook, or make it in Business Central if the contact should stop syncing.';
    case 'missingName':
      return 'Give the Outlook contact a name.';
    case 'missingEmail':
      return 'Add an e-mail address to the Outlook contact.';
    case 'tooLong':
      return `Shorten ${fieldLabel(reason.field)} to at most ${reason.max} characters.`;
    case 'lineBreak':
      return `Remove the line break from ${fieldLabel(reason.field)}.`;
    case 'invalidEmail':
      return `Correct ${fieldLabel(reason.field)} to a valid e-mail address.`;
    case 'duplicateEmailInOutlook':
      return 'Give each Outlook contact its own e-mail address, or merge the duplicates.';
    case 'duplicateEmailInBc':
      return 'Make the e-mail address unique in Business Central so the Outlook contact can be matched.';
    case 'writeFailed':
      return 'It is tried again at the next sync; if it keeps failing, check the values of the contact.';
  }
}

function changes(current: SyncFields, target: SyncFields) {
  return SYNC_FIELDS.filter((f: SyncFieldName) => current[f] !== target[f]).map((f) => ({
    field: f,
    from: current[f],
    to: target[f],
  }));
}

function itemView(item: PlanItem) {
  switch (item.kind) {
    case 'createInOutlook':
      return { kind: item.kind, bcId: item.bcId, displayName: item.fields.displayName };
    case 'createInBc':
      return { kind: item.kind, outlookId: item.outlookId, displayName: item.fields.displayName };
    case 'update':
      return {
        kind: item.kind,
        bcId: item.bcId,
        outlookId: item.outlookId,
        displayName: item.bc.target.displayName,
        bc: changes(item.bc.current, item.bc.target),
        outlook: changes(item.outlook.current, item.outlook.target),
        stampBcId: item.stampBcId,
      };
    case 'deleteInOutlook':
      return {
        kind: item.kind,
        bcId: item.bcId,
        outlookId: item.outlookId,
        displayName: item.base.displayName,
        reason: item.reason,
      };
    case 'link':
      return { kind: item.kind, bcId: item.link.bcId, outlookId: item.link.outlookId };
    case 'unlink':
      return { kind: item.kind, bcId: item.bcId };
  }
}

/** A dry run's plan for the preview. */
export function planView(plan: Plan) {
  return {
    mode: plan.mode,
    summary: summarizePlan(plan),
    guard: plan.guard,
    excludedByFilter: plan.excludedByFilter,
    items: plan.items.map(itemView),
    conflicts: plan.conflicts.map(conflictView),
    skipped: plan.skipped.map(skipView),
  };
}
