import { evaluateFilter } from './filter/index.js';
import { sharedEmptyList } from './empty-list.js';
import type { CompiledFilter, FilterableField } from './filter/index.js';
import type { BcContact } from './model.js';

export type OutOfScopeReason =
  | { readonly kind: 'noEmail' }
  | { readonly kind: 'noName' }
  | { readonly kind: 'companyContact' }
  | { readonly kind: 'privacyBlocked' }
  | { readonly kind: 'excludedByFilter'; readonly fields: readonly FilterableField[] };

/** Every kind of OutOfScopeReason, for the state API's schema of a stored reason (record-schemas.ts). */
export const OUT_OF_SCOPE_KINDS = [
  'noEmail',
  'noName',
  'companyContact',
  'privacyBlocked',
  'excludedByFilter',
] as const satisfies readonly OutOfScopeReason['kind'][];

/** The subset of a BC contact the scope rules read. */
export type ScopeSubject = Pick<BcContact, 'type' | 'displayName' | 'email' | 'privacyBlocked'> & object;

/** Design §2: Person, non-empty name and e-mail, not privacy blocked, and matching the filter. */
// Of the reason lists' hidden class (empty-list.ts): the planner asks the scope of linked contacts
// first, all in scope at scale, then of unlinked ones, out of scope for a reason or more.
const IN_SCOPE: readonly OutOfScopeReason[] = sharedEmptyList();

export function outOfScopeReasons(
  contact: ScopeSubject,
  filter: CompiledFilter,
): readonly OutOfScopeReason[] {
  // The filter reads fields by name; any other property is simply not a filter field.
  const verdict = evaluateFilter(filter, contact as unknown as Record<string, unknown>);
  if (
    verdict.matches &&
    contact.type === 'Person' &&
    !contact.privacyBlocked &&
    contact.displayName.trim() !== '' &&
    contact.email.trim() !== ''
  ) {
    return IN_SCOPE;
  }
  const reasons: OutOfScopeReason[] = [];
  if (!verdict.matches) reasons.push({ kind: 'excludedByFilter', fields: verdict.failedFields });
  if (contact.type !== 'Person') reasons.push({ kind: 'companyContact' });
  if (contact.displayName.trim() === '') reasons.push({ kind: 'noName' });
  if (contact.email.trim() === '') reasons.push({ kind: 'noEmail' });
  if (contact.privacyBlocked) reasons.push({ kind: 'privacyBlocked' });
  return reasons;
}

/** rule scope.inScope: matches the filter and has none of the reasons above. */
export function isInScope(contact: ScopeSubject, filter: CompiledFilter): boolean {
  return outOfScopeReasons(contact, filter).length === 0;
}

/**
 * The one reason an out-of-scope contact is counted under: the first of these it has. Reasons a
 * filter change cannot fix come first, so "excluded by filter" counts only contacts the filter alone
 * keeps out of this list's earlier reasons.
 */
const COUNT_ORDER: readonly OutOfScopeReason['kind'][] = [
  'companyContact',
  'privacyBlocked',
  'noName',
  'noEmail',
  'excludedByFilter',
];

/**
 * The reason a contact out of scope for several reasons is counted under (the settings preview) and
 * grouped under (the skipped list): the first of COUNT_ORDER it has; `undefined` for none. One rule,
 * so the two counts on one screen agree (F78).
 */
export function countedReason<R extends OutOfScopeReason>(reasons: readonly R[]): R | undefined {
  for (const kind of COUNT_ORDER) {
    const reason = reasons.find((r) => r.kind === kind);
    if (reason) return reason;
  }
  return undefined;
}

/** How many BC contacts a filter brings into scope, and why the others stay out (the settings preview). */
export interface ScopePreview {
  readonly total: number;
  readonly matching: number;
  /**
   * Contacts per reason, a partition of the `total - matching` out of scope: a contact with several
   * reasons counts once, under the first in `COUNT_ORDER` (the parts never sum past the total).
   */
  readonly outOfScope: Readonly<Record<OutOfScopeReason['kind'], number>>;
  /**
   * Of the contacts counted under `excludedByFilter`, how many each filter field left out; a contact
   * failing two fields counts under both, so these are each at most `excludedByFilter`.
   */
  readonly byField: Readonly<Record<string, number>>;
}

/**
 * The preview of `contacts`, added to `from` (the preview of contacts before them): the server
 * counts a large company in slices and serves other requests between them (F89); the result is
 * the same as one call over all of them.
 */
export function previewScope(
  contacts: readonly ScopeSubject[],
  filter: CompiledFilter,
  from: ScopePreview = EMPTY_PREVIEW,
): ScopePreview {
  const outOfScope = { ...from.outOfScope };
  const byField: Record<string, number> = { ...from.byField };
  let matching = from.matching;
  for (const c of contacts) {
    const reasons = outOfScopeReasons(c, filter);
    if (reasons.length === 0) {
      matching++;
      continue;
    }
    const counted = countedReason(reasons)!;
    outOfScope[counted.kind]++;
    if (counted.kind === 'excludedByFilter')
      for (const f of counted.fields) byField[f] = (byField[f] ?? 0) + 1;
  }
  return { total: from.total + contacts.length, matching, outOfScope, byField };
}

/** The preview of no contacts. */
const EMPTY_PREVIEW: ScopePreview = {
  total: 0,
  matching: 0,
  outOfScope: { noEmail: 0, noName: 0, companyContact: 0, privacyBlocked: 0, excludedByFilter: 0 },
  byField: {},
};
