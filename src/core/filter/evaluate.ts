import { nfc } from '../model.js';
import type { FilterExpr, FilterLeaf, PatternSegment } from './types.js';
import { compileWildcard, matchesWildcard } from './wildcard.js';
import type { CompiledWildcard } from './wildcard.js';

export type FilterSubjectValue = string | boolean | undefined | null;

/**
 * Does `value` satisfy the expression? Like Business Central: case-sensitive unless `@`,
 * a missing value is the empty value, and ordering is numeric when both sides are numbers
 * (so the postal code range `1000..1999` does not let `150` in).
 */
export function matchesExpression(expr: FilterExpr, value: FilterSubjectValue): boolean {
  if (typeof value === 'boolean') return evaluate(expr, (leaf) => matchesBoolean(leaf, value));
  // Compared in NFC, the form compiled expressions hold (issue 8 §5).
  return evaluateText(expr, new Subject(nfc(value ?? '')));
}

function evaluate(expr: FilterExpr, leafMatches: (leaf: FilterLeaf) => boolean): boolean {
  switch (expr.kind) {
    case 'or':
      return expr.operands.some((operand) => evaluate(operand, leafMatches));
    case 'and':
      return expr.operands.every((operand) => evaluate(operand, leafMatches));
    default:
      return leafMatches(expr);
  }
}

/**
 * One value as every leaf of an expression compares it: case-folded and split into characters at
 * most once per value, not once per leaf (a filter of 100 wildcards split a name 100 times; the
 * work bound of cost.ts counts these once per field).
 */
class Subject {
  private lowerText: string | undefined;
  private chars: readonly string[] | undefined;
  private lowerChars: readonly string[] | undefined;

  constructor(readonly text: string) {}

  folded(caseInsensitive: boolean): string {
    return caseInsensitive ? (this.lowerText ??= this.text.toLowerCase()) : this.text;
  }

  characters(caseInsensitive: boolean): readonly string[] {
    if (caseInsensitive) return (this.lowerChars ??= Array.from(this.folded(true)));
    return (this.chars ??= Array.from(this.text));
  }
}

/** `evaluate` for text, without a closure per value: the planner filters every contact (issue 12 §2). */
function evaluateText(expr: FilterExpr, subject: Subject): boolean {
  switch (expr.kind) {
    case 'or':
      for (const operand of expr.operands) if (evaluateText(operand, subject)) return true;
      return false;
    case 'and':
      for (const operand of expr.operands) if (!evaluateText(operand, subject)) return false;
      return true;
    default:
      return matchesText(expr, subject);
  }
}

const same = (s: string) => s;
const lower = (s: string) => s.toLowerCase();

function matchesText(leaf: FilterLeaf, value: Subject): boolean {
  const fold = leaf.caseInsensitive ? lower : same;
  const subject = value.folded(leaf.caseInsensitive);
  switch (leaf.kind) {
    case 'equals': {
      const equal =
        leaf.value.kind === 'literal'
          ? subject === fold(leaf.value.text)
          : matchesWildcard(
              compiledPattern(leaf.value.segments, leaf.caseInsensitive),
              value.characters(leaf.caseInsensitive),
            );
      return leaf.op === 'eq' ? equal : !equal;
    }
    case 'compare': {
      const order = compareFilterValues(subject, fold(leaf.bound));
      if (leaf.op === 'lt') return order < 0;
      if (leaf.op === 'le') return order <= 0;
      if (leaf.op === 'gt') return order > 0;
      return order >= 0;
    }
    case 'range':
      return (
        (leaf.from === null || compareFilterValues(subject, fold(leaf.from)) >= 0) &&
        (leaf.to === null || compareFilterValues(subject, fold(leaf.to)) <= 0)
      );
  }
}

const BOOLEAN_WORDS: ReadonlyMap<string, '0' | '1'> = new Map([
  ['yes', '1'],
  ['true', '1'],
  ['1', '1'],
  ['no', '0'],
  ['false', '0'],
  ['0', '0'],
]);

/**
 * Booleans (e.g. privacyBlocked) arrive as JSON booleans but users filter them as BC shows
 * them: `Yes`/`No`, or `true`/`false`. When every value in the leaf is such a word the leaf
 * compares truth values (No < Yes); otherwise it matches the displayed `Yes`/`No` text.
 */
function matchesBoolean(leaf: FilterLeaf, value: boolean): boolean {
  const asBit = (text: string) => BOOLEAN_WORDS.get(text.trim().toLowerCase());
  const bit = value ? '1' : '0';
  switch (leaf.kind) {
    case 'equals': {
      const word = leaf.value.kind === 'literal' ? asBit(leaf.value.text) : undefined;
      if (word !== undefined)
        return matchesText({ ...leaf, value: { kind: 'literal', text: word } }, new Subject(bit));
      break;
    }
    case 'compare': {
      const word = asBit(leaf.bound);
      if (word !== undefined) return matchesText({ ...leaf, bound: word }, new Subject(bit));
      break;
    }
    case 'range': {
      const from = leaf.from === null ? null : asBit(leaf.from);
      const to = leaf.to === null ? null : asBit(leaf.to);
      if (from !== undefined && to !== undefined) return matchesText({ ...leaf, from, to }, new Subject(bit));
      break;
    }
  }
  return matchesText({ ...leaf, caseInsensitive: true }, new Subject(value ? 'Yes' : 'No'));
}

const NUMBER = /^[+-]?(\d+)(?:\.(\d+))?$/;

/**
 * Orders two filter values: numerically when both are decimal numbers, else by UTF-16 code
 * units (what OData string comparison does on an ordinal collation). Numbers are compared
 * digit by digit so long codes never lose precision.
 */
export function compareFilterValues(a: string, b: string): number {
  const na = NUMBER.exec(a);
  const nb = NUMBER.exec(b);
  if (!na || !nb) return a < b ? -1 : a > b ? 1 : 0;
  const x = toDecimal(a.startsWith('-'), na[1] ?? '', na[2] ?? '');
  const y = toDecimal(b.startsWith('-'), nb[1] ?? '', nb[2] ?? '');
  if (x.sign !== y.sign) return x.sign < y.sign ? -1 : 1;
  return x.sign * compareMagnitude(x, y);
}

export function isNumericFilterValue(text: string): boolean {
  return NUMBER.test(text);
}

type Decimal = { sign: 1 | -1; whole: string; fraction: string };

function toDecimal(negative: boolean, whole: string, fraction: string): Decimal {
  const w = whole.replace(/^0+/, '');
  const f = fraction.replace(/0+$/, '');
  // -0 and 0 must compare equal, so zero is always positive.
  const sign = negative && (w !== '' || f !== '') ? -1 : 1;
  return { sign, whole: w, fraction: f };
}

function compareMagnitude(x: Decimal, y: Decimal): number {
  if (x.whole.length !== y.whole.length) return x.whole.length < y.whole.length ? -1 : 1;
  if (x.whole !== y.whole) return x.whole < y.whole ? -1 : 1;
  // Without trailing zeros, fractions of different lengths order correctly as plain strings.
  if (x.fraction !== y.fraction) return x.fraction < y.fraction ? -1 : 1;
  return 0;
}

/** Compiled patterns per segment list: a sync evaluates the same filter against thousands of contacts. */
const patternCache = new WeakMap<
  readonly PatternSegment[],
  { sensitive?: CompiledWildcard; insensitive?: CompiledWildcard }
>();

function compiledPattern(segments: readonly PatternSegment[], caseInsensitive: boolean): CompiledWildcard {
  const cached = patternCache.get(segments) ?? {};
  patternCache.set(segments, cached);
  const key = caseInsensitive ? 'insensitive' : 'sensitive';
  const existing = cached[key];
  if (existing) return existing;
  const folded = caseInsensitive
    ? segments.map((s) => (s.kind === 'text' ? { kind: 'text' as const, text: s.text.toLowerCase() } : s))
    : segments;
  const compiled = compileWildcard(folded);
  cached[key] = compiled;
  return compiled;
}
