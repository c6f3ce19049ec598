import type { FilterExpected, FilterSyntaxError } from '../core/filter/index.js';
import { CONTACT_PROPERTY } from '../core/filter/index.js';
import { SYNC_FIELDS } from '../core/model.js';
import type { DeletionCause } from '../core/merge.js';
import type { RunError, SkipReason } from '../core/records.js';
import type { BcContacts, Mailbox, PortErrorKind } from '../core/ports.js';
import type { ResolveFailure } from '../core/resolve.js';
import type { OutOfScopeReason } from '../core/scope.js';
import type { SettingsProblem } from '../core/settings-rules.js';
import type { CodeKey } from './catalogs/en.js';

/**
 * Codes with parameters (what core returns) into words, in whichever language `Words` speaks:
 * the one place that knows which catalog key and values each code takes. The HTTP edge uses it with
 * English (src/messages/english.ts), the pane with the user's language (react-intl).
 */

export type MessageValues = Readonly<Record<string, string | number>>;

export interface Words {
  /** The catalog's ICU message for `key`, formatted with `values`. */
  text(key: CodeKey, values?: MessageValues): string;
  /** "a, b and c" in the language. */
  list(items: readonly string[]): string;
}

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
  outlookListFull: true,
  unknownCountry: true,
  duplicateEmailInOutlook: true,
  duplicateEmailInBc: true,
  writeFailed: true,
  unstorableText: true,
};
export const SKIP_KINDS = Object.keys(SKIP_KIND_SET) as readonly SkipKind[];

const SCOPE_KIND_SET: Readonly<Record<ScopeKind, true>> = {
  noEmail: true,
  noName: true,
  companyContact: true,
  privacyBlocked: true,
  excludedByFilter: true,
};
export const SCOPE_KINDS = Object.keys(SCOPE_KIND_SET) as readonly ScopeKind[];

/** Every cause of a `deletedInBc` conflict; a cause added in core breaks the build here until it has texts. */
const DELETION_KIND_SET: Readonly<Record<DeletionCause['kind'], true>> = {
  bcDeleted: true,
  outOfScope: true,
};
export const DELETION_KINDS = Object.keys(DELETION_KIND_SET) as readonly DeletionCause['kind'][];

/** The fields with a BC caption in the catalogs (`field_<property>`): synced and filterable ones. */
export const CAPTIONED_FIELDS: ReadonlySet<string> = new Set([
  ...SYNC_FIELDS,
  ...Object.values(CONTACT_PROPERTY),
]);

/** BC's caption of a contact field: an API property (`jobTitle`) or a filter field (`name`). */
export function fieldCaption(words: Words, field: string): string {
  const property = (CONTACT_PROPERTY as Readonly<Record<string, string>>)[field] ?? field;
  return CAPTIONED_FIELDS.has(property) ? words.text(`field_${property}` as CodeKey) : field;
}

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
  contactMissing: true,
  wholeContactOnly: true,
  notInConflict: true,
  notSettled: true,
  nothingSettled: true,
  invalidForBc: true,
  stale: true,
  writeFailed: true,
};
type ResolveFailureCode =
  | Exclude<ResolveFailure['kind'], 'invalidChoice'>
  | Extract<ResolveFailure, { kind: 'invalidChoice' }>['problem'];
export const RESOLVE_FAILURE_CODES = Object.keys(RESOLVE_KIND_SET) as readonly ResolveFailureCode[];

/** Why resolving or dismissing a conflict was refused or failed ("These fields are not in conflict: City."). */
export function resolveFailureText(words: Words, failure: ResolveFailure): string {
  switch (failure.kind) {
    case 'conflictNotFound':
      return words.text('resolve_conflictNotFound', { bcId: failure.bcId });
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
    case 'writeFailed':
      return words.text('resolve_writeFailed', {
        side: failure.side,
        message: portErrorText(words, failure.error),
      });
  }
}

function fieldList(words: Words, fields: readonly string[]): string {
  return words.list(fields.map((f) => fieldCaption(words, f)));
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

/**
 * Why a write or read of BC or Outlook failed, by the port's kind, with the HTTP status and the
 * service's own error code after it ("(HTTP 400 BadRequest_InvalidValue)"): the service's message is
 * its own words, in its own language, and goes to the log only.
 */
function portErrorText(
  words: Words,
  error: { readonly kind: PortErrorKind; readonly status?: number; readonly serviceCode?: string },
): string {
  const parts = [error.status ? `HTTP ${error.status}` : '', error.serviceCode ?? ''].filter((p) => p !== '');
  const detail = parts.length > 0 ? ` (${parts.join(' ')})` : '';
  return words.text('portError', { error: error.kind, detail });
}

/**
 * What each port method does, as a failed run says it (F51): every method of both ports, so a
 * method added to a port breaks the build here until the run can word its failure.
 */
const OPERATION_WHAT: Readonly<
  Record<
    Exclude<keyof BcContacts | keyof Mailbox, 'maxBatch' | 'stats' | 'companyId'>,
    'read' | 'write' | 'folder' | 'countries'
  >
> = {
  listAll: 'read',
  readChanges: 'read',
  getMany: 'read',
  findByEmails: 'read',
  findByBcIds: 'read',
  listContacts: 'read',
  create: 'write',
  update: 'write',
  delete: 'write',
  ensureFolder: 'folder',
  findFolder: 'folder',
  folderById: 'folder',
  countriesRegions: 'countries',
};
export const PORT_OPERATIONS = Object.keys(OPERATION_WHAT) as readonly (keyof typeof OPERATION_WHAT)[];

/** `read` for an operation a record does not name (records before F51) or one this table lacks. */
const whatOf = (operation: string): string =>
  (OPERATION_WHAT as Readonly<Record<string, string>>)[operation] ?? 'read';

const num = (v: string | number | undefined): number | undefined => (typeof v === 'number' ? v : undefined);
const str = (v: string | number | undefined): string => (v === undefined ? '' : String(v));

/**
 * A run error in words: by its code and parameters (core/records.ts RunError). Refusals the facade
 * words itself (graphAppMissing…) and records stored before codes carry their message.
 */
export function runErrorText(words: Words, error: RunError): string {
  const p = error.params ?? {};
  const port = () =>
    portErrorText(words, {
      kind: str(p.error) as PortErrorKind,
      status: num(p.status),
      serviceCode: str(p.serviceCode) || undefined,
    });
  switch (error.code) {
    case 'writeFailed':
      return words.text('runError_writeFailed', { side: error.side, reason: port() });
    case 'readFailed':
      return words.text('runError_readFailed', {
        port: str(p.port) || 'unknown',
        what: whatOf(str(p.operation)),
        reason: port(),
      });
    case 'storeRefused':
      return words.text('runError_storeRefused', {
        refusal: str(p.refusal),
        list: str(p.list),
        max: Number(p.max ?? 0),
      });
    case 'leaseLost':
      return words.text('runError_leaseLost');
    case 'held': {
      // `share` is the user's threshold; the text also says the share the run would delete.
      const deletes = num(p.deletes) ?? 0;
      const folderSize = num(p.folderSize) ?? 0;
      // `folderSize` counts the contacts synced to the folder (its links), as the pane says (F50).
      return words.text('runError_held', {
        kind: str(p.kind),
        deletes,
        synced: folderSize,
        share: deletes / Math.max(1, folderSize),
        limit: num(p.share) ?? 0,
      });
    }
    case 'cancelled':
      return words.text('runError_cancelled');
    case 'interrupted':
      return words.text('runError_interrupted', { by: str(p.by) });
    case 'unexpected':
      return words.text('runError_unexpected', {
        name: p.bug === undefined ? str(p.name) : `${str(p.name)} ${str(p.bug)}`,
      });
    default:
      return error.message ?? error.code ?? '';
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

/** What the filter parser wanted, in words. */
export function filterExpectedText(words: Words, expected: FilterExpected): string {
  switch (expected.kind) {
    case 'value':
      return expected.after === null
        ? words.text('expected_value')
        : words.text('expected_valueAfter', { token: `'${expected.after}'` });
    case 'valueWithoutWildcards':
      return words.text('expected_noWildcards');
    case 'closingQuote':
      return words.text('expected_closingQuote');
    case 'closeParen':
      return words.text('expected_closeParen');
    case 'operatorOrEnd':
      return words.text(expected.orCloseParen ? 'expected_operatorParenOrEnd' : 'expected_operatorOrEnd');
    case 'operatorOrClose':
      return words.text('expected_operatorOrClose', { position: expected.open + 1 });
    case 'nestingAtMost':
      return words.text('expected_maxNesting', { max: expected.max });
    case 'lengthAtMost':
      return words.text('expected_maxLength', { max: expected.max });
    case 'valuesAtMost':
      return words.text('expected_maxValues', { max: expected.max });
    case 'workAtMost':
      return words.text('expected_maxWork', { max: expected.max });
    case 'filterField':
      return words.text('expected_filterField', { fields: fieldList(words, expected.fields) });
    case 'text':
      return words.text('expected_text');
  }
}

/** "Position 8: expected a value after '|'" (positions 1-based, as people count). */
export function filterErrorText(words: Words, error: FilterSyntaxError): string {
  // The whole filter's work has no position: it is said of the field that costs the most.
  if (error.expected.kind === 'workAtMost')
    return words.text('filterTooCostly', { estimate: error.expected.estimate, max: error.expected.max });
  return words.text('filterErrorAt', {
    position: error.position + 1,
    expected: filterExpectedText(words, error.expected),
  });
}

/** What is wrong with a settings field, saying the rule ("0 = off, or 5 to 43,200 minutes"). */
export function problemText(words: Words, problem: SettingsProblem): string {
  switch (problem.kind) {
    case 'blank':
      return words.text('problem_blank');
    case 'tooLong':
      return words.text('problem_tooLong', { max: problem.max });
    case 'invisibleCharacter':
      return words.text('problem_invisibleCharacter', { codePoint: problem.codePoint });
    case 'scheduleRange':
      return words.text('problem_scheduleRange', { min: problem.min, max: problem.max });
    case 'shareRange':
      return words.text('problem_shareRange', { min: problem.min, max: problem.max });
    case 'filterSyntax':
      return filterErrorText(words, problem.error);
  }
}
