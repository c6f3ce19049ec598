import type { DeletionCause } from '../core/merge.js';
import type { SkipReason } from '../core/skip-records.js';
import type { ResolveFailure } from '../core/resolve.js';
import type { OutOfScopeReason } from '../core/scope.js';
import { fieldCaption, fieldList } from './field-words.js';
import type { MessageValues, Words } from './field-words.js';
import { portErrorText } from './run-error-words.js';

/**
 * Codes with parameters (what core returns) into words, in whichever language `Words` speaks:
 * the one place that knows which catalog key and values each code takes. The HTTP edge uses it with
 * English (src/messages/english.ts), the pane with the user's language (react-intl). Field captions
 * live in field-words.ts, run errors in run-error-words.ts, filter and settings problems in
 * filter-words.ts; this module names them all.
 */

export type { MessageValues, Words } from './field-words.js';
export { fieldCaption } from './field-words.js';
export { deferredTexts, runErrorText, uncertainTexts } from './run-error-words.js';
/** @internal Test seam: read-failed-side checks a failed call names one of these operations. */
export { PORT_OPERATIONS } from './run-error-words.js';
export { filterErrorText, problemText } from './filter-words.js';

type SkipKind = SkipReason['kind'];
type ScopeKind = OutOfScopeReason['kind'];

/** Every skip kind; a kind added in core breaks the build here until it has texts. */
const SKIP_KIND_SET: Readonly<Record<SkipKind, true>> = {
  outOfScope: true,
  bcContactOutOfScope: true,
  bcContactDeleted: true,
  duplicateOfLinked: true,
  wouldLeaveScope: true,
  missingName: true,
  missingEmail: true,
  tooLong: true,
  lineBreak: true,
  streetLines: true,
  invalidEmail: true,
  phoneLetters: true,
  outlookListFull: true,
  unknownCountry: true,
  duplicateEmailInOutlook: true,
  duplicateEmailInBc: true,
  emailInConflict: true,
  writeFailed: true,
  unstorableText: true,
};
/** @internal Test seam: skip-hint and reason-code tests go over every skip kind. */
export const SKIP_KINDS = Object.keys(SKIP_KIND_SET) as readonly SkipKind[];

const SCOPE_KIND_SET: Readonly<Record<ScopeKind, true>> = {
  noEmail: true,
  noName: true,
  companyContact: true,
  privacyBlocked: true,
  excludedByFilter: true,
};
/** @internal Test seam: tests go over every kind this table words (none left unworded). */
export const SCOPE_KINDS = Object.keys(SCOPE_KIND_SET) as readonly ScopeKind[];

/** Every cause of a `deletedInBc` conflict; a cause added in core breaks the build here until it has texts. */
const DELETION_KIND_SET: Readonly<Record<DeletionCause['kind'], true>> = {
  bcDeleted: true,
  outOfScope: true,
};
/** @internal Test seam: tests go over every kind this table words (none left unworded). */
export const DELETION_KINDS = Object.keys(DELETION_KIND_SET) as readonly DeletionCause['kind'][];

/** "no e-mail", "company contact", "excluded by filter: City". */
export function scopeReasonText(words: Words, reason: OutOfScopeReason): string {
  if (reason.kind === 'excludedByFilter')
    return words.text('reason_excludedByFilter', { fields: fieldList(words, reason.fields) });
  return words.text(`reason_${reason.kind}`);
}

/** Why a conflict's contact is gone from BC: "Deleted in Business Central, changed in Outlook". */
export function deletionCauseText(words: Words, cause: DeletionCause): string {
  if (cause.kind === 'bcDeleted') return words.text('deletion_bcDeleted');
  return words.text('deletion_outOfScope', {
    reasons: words.list(cause.reasons.map((r) => scopeReasonText(words, r))),
  });
}

/** Every way a resolve fails or is refused; a kind added in core breaks the build here until it has texts. */
const RESOLVE_KIND_SET: Readonly<Record<ResolveFailureCode, true>> = {
  conflictNotFound: true,
  alreadyResolved: true,
  contactMissing: true,
  wholeContactOnly: true,
  notInConflict: true,
  notSettled: true,
  nothingSettled: true,
  invalidForBc: true,
  stale: true,
  changedSinceShown: true,
  writeFailed: true,
};
type ResolveFailureCode =
  | Exclude<ResolveFailure['kind'], 'invalidChoice'>
  | Extract<ResolveFailure, { kind: 'invalidChoice' }>['problem'];
/** @internal Test seam: tests go over every kind this table words (none left unworded). */
export const RESOLVE_FAILURE_CODES = Object.keys(RESOLVE_KIND_SET) as readonly ResolveFailureCode[];

/** Why resolving or dismissing a conflict was refused or failed ("These fields are not in conflict: City."). */
export function resolveFailureText(words: Words, failure: ResolveFailure): string {
  switch (failure.kind) {
    case 'conflictNotFound':
      return words.text('resolve_conflictNotFound', { bcId: failure.bcId });
    case 'alreadyResolved':
      return words.text('resolve_alreadyResolved', { bcId: failure.bcId, by: failure.by });
    case 'contactMissing':
      return words.text('resolve_contactMissing', { side: failure.side, id: failure.id });
    case 'invalidChoice':
      return words.text(`resolve_${failure.problem}`, { fields: fieldList(words, failure.fields ?? []) });
    case 'invalidForBc':
      return words.text('resolve_invalidForBc', {
        reasons: words.list(failure.reasons.map((r) => skipReasonText(words, r))),
      });
    case 'stale':
      return words.text('resolve_stale', { side: failure.side });
    case 'changedSinceShown':
      return failure.fields.length > 0
        ? words.text('resolve_changedSinceShown', { fields: fieldList(words, failure.fields) })
        : words.text('resolve_changedSinceShownOutlookOnly', {});
    case 'writeFailed':
      return words.text('resolve_writeFailed', {
        side: failure.side,
        message: portErrorText(words, failure.error),
      });
  }
}

function scopeHint(words: Words, reason: OutOfScopeReason): string {
  const fields = reason.kind === 'excludedByFilter' ? fieldList(words, reason.fields) : '';
  return words.text(`scopeHint_${reason.kind}`, { fields });
}

/**
 * A BC contact as a salesperson finds it in BC: "Ann Smith (No. KT000123)". Records stored before
 * reasons carried the No. and Name fall back to what they have (at worst the BC id, as before).
 */
function bcContactRef(
  words: Words,
  r: { readonly bcId: string; readonly bcNumber?: string; readonly bcName?: string },
): string {
  const number = r.bcNumber ?? '';
  const name = r.bcName ?? '';
  if (number !== '' && name !== '') return words.text('bcContactRef', { number, name });
  return number || name || r.bcId;
}

function skipValues(words: Words, reason: SkipReason): MessageValues {
  const reasons = (rs: readonly OutOfScopeReason[]): string =>
    words.list(rs.map((r) => scopeReasonText(words, r)));
  switch (reason.kind) {
    case 'outOfScope':
    case 'wouldLeaveScope':
      return { reasons: reasons(reason.reasons) };
    case 'bcContactOutOfScope':
      return { contact: bcContactRef(words, reason), reasons: reasons(reason.reasons) };
    case 'bcContactDeleted':
      return {};
    case 'duplicateOfLinked':
      return { contact: bcContactRef(words, reason) };
    case 'missingName':
    case 'missingEmail':
      return {};
    case 'tooLong':
      return { field: fieldCaption(words, reason.field), length: reason.length, max: reason.max };
    case 'lineBreak':
    case 'invalidEmail':
    case 'phoneLetters':
      return { field: fieldCaption(words, reason.field) };
    case 'unknownCountry':
      return { field: fieldCaption(words, reason.field), value: reason.value };
    case 'outlookListFull':
      return {
        field: fieldCaption(words, reason.field),
        value: reason.value,
        list: reason.list,
        max: reason.max,
      };
    case 'streetLines':
      return {
        lines: reason.lines,
        max: reason.max,
        address: fieldCaption(words, 'addressLine1'),
        address2: fieldCaption(words, 'addressLine2'),
      };
    case 'duplicateEmailInOutlook':
      return { email: reason.email, n: reason.outlookIds.length };
    case 'duplicateEmailInBc':
      return { email: reason.email, n: reason.bcIds.length };
    case 'emailInConflict':
      return { email: reason.email, held: reason.held ?? 'deleted' };
    case 'writeFailed':
      // Records stored before codes hold only the service's message.
      return {
        message: reason.error
          ? portErrorText(words, { ...reason, kind: reason.error })
          : (reason.message ?? ''),
      };
    case 'unstorableText':
      return { property: reason.property, side: reason.side };
  }
}

/** Why a contact was skipped. */
export function skipReasonText(words: Words, reason: SkipReason): string {
  return words.text(`skip_${reason.kind}`, skipValues(words, reason));
}

/** How the user fixes a skipped contact. */
export function skipHintText(words: Words, reason: SkipReason): string {
  const hints =
    reason.kind === 'outOfScope' || reason.kind === 'bcContactOutOfScope'
      ? reason.reasons.map((r) => scopeHint(words, r)).join(' ')
      : '';
  return words.text(`skipHint_${reason.kind}`, { ...skipValues(words, reason), hints });
}
