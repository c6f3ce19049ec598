import { nfc } from '../model.js';
import { foldEmailCase } from '../../pure/email-fold.js';
import type { FilterExpr, FilterLeaf, PatternSegment } from './types.js';

/**
 * The work one filter costs per contact, estimated where filters compile, so a filter whose
 * evaluation would hold the server is refused before it is saved or run (issue 10 §3, tester F30).
 * The limits on one expression (FILTER_LIMITS: length, values, nesting) bound each field alone, but
 * 13 fields of 100 `?`-heavy wildcards each still took 4,659 ms; this bounds the filter as a whole.
 *
 * Unit: character comparisons for one contact, an upper bound of what evaluate.ts does (it counts
 * them in a StepMeter; a property test holds the count to this estimate):
 * - per value: the NFC pass — n; the case fold when a term has `@` — n; the split into characters
 *   for case-sensitive wildcards — n, and for case-insensitive ones — n;
 * - a literal (`Helsinki`, `<>x`): min(n, m) + 1;
 * - a wildcard: m, plus 2·n + n·q when it has chunks between stars (wildcardCost);
 * - an ordering bound (`<a`, each end of `a..b`): 2·(n + m) (the number check of both sides, then
 *   the comparison);
 * where m is the term's length (code points for a wildcard, UTF-16 units otherwise, after the
 * fold when it has `@`) and n the value's work length: its UTF-16 units before and after NFC and
 * the fold, whichever is most (valueWorkLength). The limit below is checked with n = the field's
 * length in Business Central; a longer value costs in proportion (the estimate is linear in n),
 * and a fold can double a value (`İ` lower-cases to two characters).
 * Every leaf counts, as if `|` and `&` never cut evaluation short (a contact can make them not).
 */
export const FILTER_WORK_LIMIT = 20_000;

/**
 * The longest value Business Central keeps in each filterable field, in characters: n above.
 * Source: ../shared/reference/bc-contact-sync.md §5 (APIV2 contact fields, sizes from the Contact
 * table): Name and Company Name Text[100], No., Company No. and Post Code Code[20], City and County
 * Text[30], Country/Region Code Code[10], E-Mail Text[80]; Job Title Text[30], Territory Code
 * Code[10], Salesperson Code Code[20] (Contact table); `type` is the option Company|Person.
 */
export const FILTER_FIELD_LENGTH = {
  name: 100,
  type: 7,
  companyName: 100,
  companyNumber: 20,
  city: 30,
  state: 30,
  postalCode: 20,
  country: 10,
  territoryCode: 10,
  salespersonCode: 20,
  jobTitle: 30,
  number: 20,
  email: 80,
} as const;

const length = (text: string): number => Array.from(text).length;

/**
 * n of the estimate for one value: its UTF-16 length before and after NFC and the fold, the most.
 * @internal n of the model: work-meter.test.ts holds evaluation's counted steps to expressionCost(expr, n).
 */
export function valueWorkLength(value: string): number {
  const normal = nfc(value);
  return Math.max(value.length, normal.length, foldEmailCase(normal).length);
}

/** Character comparisons to evaluate `expr` against one value of work length `n`. */
export function expressionCost(expr: FilterExpr, n: number): number {
  const leaves: FilterLeaf[] = [];
  collectLeaves(expr, leaves);
  const wildcards = leaves.filter((leaf) => leaf.kind === 'equals' && leaf.value.kind === 'pattern');
  const passes =
    1 +
    (leaves.some((leaf) => leaf.caseInsensitive) ? 1 : 0) +
    (wildcards.some((leaf) => !leaf.caseInsensitive) ? 1 : 0) +
    (wildcards.some((leaf) => leaf.caseInsensitive) ? 1 : 0);
  return passes * n + leaves.reduce((sum, leaf) => sum + leafCost(leaf, n), 0);
}

function collectLeaves(expr: FilterExpr, into: FilterLeaf[]): void {
  if (expr.kind === 'or' || expr.kind === 'and')
    for (const operand of expr.operands) collectLeaves(operand, into);
  else into.push(expr);
}

/** A literal or bound as compared: UTF-16 units, lower-cased under `@` (which can lengthen it). */
function termLength(text: string, caseInsensitive: boolean): number {
  return caseInsensitive ? Math.max(text.length, foldEmailCase(text).length) : text.length;
}

function leafCost(leaf: FilterLeaf, n: number): number {
  const ordering = (bound: string | null) =>
    bound === null ? 0 : 2 * (n + termLength(bound, leaf.caseInsensitive));
  switch (leaf.kind) {
    case 'equals':
      if (leaf.value.kind === 'literal')
        return Math.min(n, termLength(leaf.value.text, leaf.caseInsensitive)) + 1;
      return wildcardCost(leaf.caseInsensitive ? foldSegments(leaf.value.segments) : leaf.value.segments, n);
    case 'compare':
      return ordering(leaf.bound);
    case 'range':
      return ordering(leaf.from) + ordering(leaf.to);
  }
}

/** The segments as a case-insensitive wildcard compares them (evaluate.ts folds them the same way). */
export function foldSegments(segments: readonly PatternSegment[]): readonly PatternSegment[] {
  return segments.map((s) =>
    s.kind === 'text' ? { kind: 'text' as const, text: foldEmailCase(s.text) } : s,
  );
}

/**
 * What matchesWildcard compares for one value (wildcard.ts): the first and the last chunk once each
 * (≤ m); when there are chunks between stars, Knuth–Morris–Pratt over the value (≤ 2·n) and, for
 * chunks holding a `?`, each place tried (≤ n·q, q the longest such chunk; none longer than the
 * value is tried). So `Smith*` costs 6 whatever the value, `*smith*` 2·n + 7.
 * @internal
 */
export function wildcardCost(segments: readonly PatternSegment[], n: number): number {
  let m = 0;
  const chunks: Array<{ length: number; hasAny: boolean }> = [{ length: 0, hasAny: false }];
  for (const segment of segments) {
    const chunk = chunks[chunks.length - 1]!;
    if (segment.kind === 'anyRun') {
      m++;
      chunks.push({ length: 0, hasAny: false });
    } else if (segment.kind === 'anyChar') {
      m++;
      chunk.length++;
      chunk.hasAny = true;
    } else {
      const k = length(segment.text);
      m += k;
      chunk.length += k;
    }
  }
  const middle = chunks.slice(1, -1).filter((c) => c.length > 0);
  if (middle.length === 0) return m;
  const q = Math.max(0, ...middle.filter((c) => c.hasAny).map((c) => Math.min(c.length, n)));
  return m + 2 * n + n * q;
}
