import type { SkipReason } from '../../core/records.js';
import type { OutOfScopeReason } from '../../core/scope.js';
import type { I18n, MessageKey } from './index.js';

/**
 * Localized texts built from the structured data the facade and the planner send: why a contact
 * was skipped, how to fix it, and what the filter parser expected. The server's English `text`
 * and `hint` are only the fallback for a kind this pane does not know yet.
 */

type SkipKind = SkipReason['kind'];
type ScopeKind = OutOfScopeReason['kind'];
/** What the texts need of the pane's I18n. */
type Texts = Pick<I18n, 't' | 'field'>;

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
  invalidEmail: true,
  duplicateEmailInOutlook: true,
  duplicateEmailInBc: true,
  writeFailed: true,
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

export const skipTextKey = (kind: SkipKind): MessageKey => `skip_${kind}`;
export const skipHintKey = (kind: SkipKind): MessageKey => `skipHint_${kind}`;
export const scopeReasonKey = (kind: ScopeKind): MessageKey => `reason_${kind}`;
export const scopeHintKey = (kind: ScopeKind): MessageKey => `scopeHint_${kind}`;

function isKnown(reason: { readonly kind: string } | null | undefined): reason is SkipReason {
  return reason != null && Object.hasOwn(SKIP_KIND_SET, reason.kind);
}

function fieldList(i18n: Texts, fields: readonly string[]): string {
  return fields.map(i18n.field).join(', ');
}

/** "no e-mail", "company contact", "excluded by filter: City", in the pane's language. */
export function reasonText(i18n: Texts, reason: OutOfScopeReason): string {
  const text = i18n.t(scopeReasonKey(reason.kind));
  return reason.kind === 'excludedByFilter' ? `${text}: ${fieldList(i18n, reason.fields)}` : text;
}

function scopeHint(i18n: Texts, reason: OutOfScopeReason): string {
  const fields = reason.kind === 'excludedByFilter' ? fieldList(i18n, reason.fields) : '';
  return i18n.t(scopeHintKey(reason.kind), { fields });
}

function params(i18n: Texts, reason: SkipReason): Record<string, string | number> {
  switch (reason.kind) {
    case 'outOfScope':
    case 'wouldLeaveScope':
      return { reasons: reason.reasons.map((r) => reasonText(i18n, r)).join(', ') };
    case 'bcContactOutOfScope':
      return { bcId: reason.bcId, reasons: reason.reasons.map((r) => reasonText(i18n, r)).join(', ') };
    case 'bcContactDeleted':
      return { bcId: reason.bcId };
    case 'duplicateOfLinked':
      return { bcId: reason.bcId, outlookId: reason.linkedOutlookId };
    case 'missingName':
    case 'missingEmail':
      return {};
    case 'tooLong':
      return { field: i18n.field(reason.field), length: reason.length, max: reason.max };
    case 'lineBreak':
    case 'invalidEmail':
      return { field: i18n.field(reason.field) };
    case 'duplicateEmailInOutlook':
      return { email: reason.email, n: reason.outlookIds.length };
    case 'duplicateEmailInBc':
      return { email: reason.email, n: reason.bcIds.length };
    case 'writeFailed':
      return { message: reason.message };
  }
}

/** The skip as the pane shows it; `fallback` is the server's English text. */
export function skipText(
  i18n: Texts,
  reason: { readonly kind: string } | null | undefined,
  fallback: string,
): string {
  if (!isKnown(reason)) return fallback;
  return i18n.t(skipTextKey(reason.kind), params(i18n, reason));
}

/** How to fix the skip; `fallback` is the server's English hint. */
export function skipHintText(
  i18n: Texts,
  reason: { readonly kind: string } | null | undefined,
  fallback: string,
): string {
  if (!isKnown(reason)) return fallback;
  const hints =
    reason.kind === 'outOfScope' || reason.kind === 'bcContactOutOfScope'
      ? reason.reasons.map((r) => scopeHint(i18n, r)).join(' ')
      : '';
  return i18n.t(skipHintKey(reason.kind), { ...params(i18n, reason), hints });
}

/**
 * The distinct `expected` values of src/core/filter/parse.ts. Positions in them are 0-based
 * like the parser's; the pane shows them 1-based, as in filterErrorAt.
 */
export const EXPECTED: ReadonlyArray<{
  readonly pattern: RegExp;
  readonly key: MessageKey;
  readonly params?: (m: RegExpExecArray) => Record<string, string | number>;
}> = [
  { pattern: /^a value$/, key: 'expected_value' },
  {
    pattern: /^a value after ('[^']*')$/,
    key: 'expected_valueAfter',
    params: (m) => ({ token: m[1] ?? '' }),
  },
  { pattern: /^a value without wildcards \(\* or \?\)$/, key: 'expected_noWildcards' },
  { pattern: /^a closing quote \('\)$/, key: 'expected_closingQuote' },
  { pattern: /^'\)'$/, key: 'expected_closeParen' },
  { pattern: /^'\|', '&' or the end of the expression$/, key: 'expected_operatorOrEnd' },
  { pattern: /^'\|', '&', '\)' or the end of the expression$/, key: 'expected_operatorParenOrEnd' },
  {
    pattern: /^'\|', '&' or '\)' to close '\(' at position (\d+)$/,
    key: 'expected_operatorOrClose',
    params: (m) => ({ position: Number(m[1]) + 1 }),
  },
  {
    pattern: /^at most (\d+) nested parentheses$/,
    key: 'expected_maxNesting',
    params: (m) => ({ max: Number(m[1]) }),
  },
];

/** The message key for a parser's `expected`, or null for a value this pane does not know. */
export function expectedMessage(
  expected: string,
): { readonly key: MessageKey; readonly params: Record<string, string | number> } | null {
  for (const entry of EXPECTED) {
    const m = entry.pattern.exec(expected);
    if (m) return { key: entry.key, params: entry.params?.(m) ?? {} };
  }
  return null;
}

/** The `expected` part of a filter syntax error, localized; the parser's English otherwise. */
export function expectedText(i18n: Texts, expected: string): string {
  const message = expectedMessage(expected);
  return message ? i18n.t(message.key, message.params) : expected;
}
