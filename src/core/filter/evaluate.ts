import { nfc } from '../model.js';
import { foldEmailCase } from '../../pure/email-fold.js';
import type { FilterExpr, FilterLeaf, PatternSegment } from './types.js';
import { compileWildcard, matchesWildcard } from './wildcard.js';
import type { CompiledWildcard, StepMeter } from './wildcard.js';
import { compareFilterValues } from './ordering.js';
import { foldSegments } from './cost.js';

export type FilterSubjectValue = string | boolean | undefined | null;

/**
 * Does `value` satisfy the expression? Like Business Central: case-sensitive unless `@`,
 * a missing value is the empty value, and ordering is numeric when both sides are numbers
 * (so the postal code range `1000..1999` does not let `150` in).
 *
 * `meter` counts the character comparisons made, in the unit of cost.ts: tests hold them to
 * expressionCost(expr, valueWorkLength(value)).
 */
export function matchesExpression(expr: FilterExpr, value: FilterSubjectValue, meter?: StepMeter): boolean {
  if (typeof value === 'boolean') return matchesBooleanExpression(expr, value, meter);
  const text = value ?? '';
  // Compared in NFC, the form compiled expressions hold (issue 8 §5): one pass over the value.
  if (meter) meter.steps += text.length;
  // One subject reused for every value: evaluation is synchronous and never nests, and the planner
  // filters every contact several times (issue 12 §2: an object per value was 16 MB per 100,000 × 100,000 plan).
  return evaluateText(expr, SUBJECT.of(nfc(text), meter));
}

/**
 * `matchesExpression` of a boolean, its closure made here: a closure in `matchesExpression` over its
 * parameters made V8 allocate their context at each of its calls, text values too (issue 12: 5.6 MB
 * of a plan's 81 at 100,000 a side; test/core/closure-contexts.test.ts).
 */
function matchesBooleanExpression(expr: FilterExpr, value: boolean, meter: StepMeter | undefined): boolean {
  return evaluate(expr, (leaf) => matchesBoolean(leaf, value, meter));
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

  constructor(
    public text: string,
    public meter?: StepMeter,
  ) {}

  /** This subject made over for another value (what it folded or split of the last one forgotten). */
  of(text: string, meter: StepMeter | undefined): this {
    this.text = text;
    this.meter = meter;
    this.lowerText = undefined;
    this.chars = undefined;
    this.lowerChars = undefined;
    return this;
  }

  /** One pass over the value, counted (cost.ts counts the NFC pass, the fold and the split). */
  private pass<T>(result: T, length: number): T {
    if (this.meter) this.meter.steps += length;
    return result;
  }

  folded(caseInsensitive: boolean): string {
    if (!caseInsensitive) return this.text;
    return (this.lowerText ??= this.pass(foldEmailCase(this.text), this.text.length));
  }

  characters(caseInsensitive: boolean): readonly string[] {
    if (caseInsensitive) {
      const folded = this.folded(true);
      return (this.lowerChars ??= this.pass(Array.from(folded), folded.length));
    }
    return (this.chars ??= this.pass(Array.from(this.text), this.text.length));
  }
}

const SUBJECT = new Subject('');

/** `evaluate` for text, without a closure per value: the planner filters every contact (issue 12 §2). */
function evaluateText(expr: FilterExpr, subject: Subject): boolean {
  switch (expr.kind) {
    // Indexed, not for-of: no array iterator per value.
    case 'or':
      for (let i = 0; i < expr.operands.length; i++)
        if (evaluateText(expr.operands[i]!, subject)) return true;
      return false;
    case 'and':
      for (let i = 0; i < expr.operands.length; i++)
        if (!evaluateText(expr.operands[i]!, subject)) return false;
      return true;
    default:
      return matchesText(expr, subject);
  }
}

function matchesText(leaf: FilterLeaf, value: Subject): boolean {
  const subject = value.folded(leaf.caseInsensitive);
  const { meter } = value;
  switch (leaf.kind) {
    case 'equals': {
      const equal =
        leaf.value.kind === 'literal'
          ? sameText(subject, foldedTerm(leaf.value.text, leaf.caseInsensitive), meter)
          : matchesWildcard(
              compiledPattern(leaf.value.segments, leaf.caseInsensitive),
              value.characters(leaf.caseInsensitive),
              meter,
            );
      return leaf.op === 'eq' ? equal : !equal;
    }
    case 'compare': {
      const order = compareFilterValues(subject, foldedTerm(leaf.bound, leaf.caseInsensitive), meter);
      if (leaf.op === 'lt') return order < 0;
      if (leaf.op === 'le') return order <= 0;
      if (leaf.op === 'gt') return order > 0;
      return order >= 0;
    }
    case 'range':
      return (
        (leaf.from === null ||
          compareFilterValues(subject, foldedTerm(leaf.from, leaf.caseInsensitive), meter) >= 0) &&
        (leaf.to === null ||
          compareFilterValues(subject, foldedTerm(leaf.to, leaf.caseInsensitive), meter) <= 0)
      );
  }
}

/** Equality, counted like cost.ts's literal: the lengths, then at most min(n, m) characters. */
function sameText(a: string, b: string, meter: StepMeter | undefined): boolean {
  if (meter) meter.steps++;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (meter) meter.steps++;
    if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * A term of the filter as compared: folded (the one e-mail folding, pure/email-fold.ts, as the
 * engine matches addresses and the facade looks them up) once per filter, not once per contact (a term is
 * the filter's own text; the per-contact work of cost.ts is in the value's length).
 */
const foldedTerms = new Map<string, string>();

function foldedTerm(text: string, caseInsensitive: boolean): string {
  if (!caseInsensitive) return text;
  let folded = foldedTerms.get(text);
  if (folded === undefined) {
    folded = foldEmailCase(text);
    // A bounded memo: terms come from a few saved filters, never from contacts.
    if (foldedTerms.size >= 10_000) foldedTerms.clear();
    foldedTerms.set(text, folded);
  }
  return folded;
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
function matchesBoolean(leaf: FilterLeaf, value: boolean, meter: StepMeter | undefined): boolean {
  const asBit = (text: string) => BOOLEAN_WORDS.get(text.trim().toLowerCase());
  const bit = value ? '1' : '0';
  switch (leaf.kind) {
    case 'equals': {
      const word = leaf.value.kind === 'literal' ? asBit(leaf.value.text) : undefined;
      if (word !== undefined)
        return matchesText({ ...leaf, value: { kind: 'literal', text: word } }, new Subject(bit, meter));
      break;
    }
    case 'compare': {
      const word = asBit(leaf.bound);
      if (word !== undefined) return matchesText({ ...leaf, bound: word }, new Subject(bit, meter));
      break;
    }
    case 'range': {
      const from = leaf.from === null ? null : asBit(leaf.from);
      const to = leaf.to === null ? null : asBit(leaf.to);
      if (from !== undefined && to !== undefined)
        return matchesText({ ...leaf, from, to }, new Subject(bit, meter));
      break;
    }
  }
  return matchesText({ ...leaf, caseInsensitive: true }, new Subject(value ? 'Yes' : 'No', meter));
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
  const folded = caseInsensitive ? foldSegments(segments) : segments;
  const compiled = compileWildcard(folded);
  cached[key] = compiled;
  return compiled;
}
