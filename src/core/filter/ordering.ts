import type { StepMeter } from './wildcard.js';

/**
 * Ordering of BC filter values (`<a`, `a..b`) in one pass per side, without regular expressions:
 * the former `/0+$/` that cut a fraction's trailing zeros backtracked on `1.000…0001` (16,000
 * digits took 912 ms, quadratic), while cost.ts bounds an ordering by 2·(n + m) comparisons.
 *
 * Counted in `meter` (one step per character looked at): the number check of each side (≤ n + m),
 * then the comparison (≤ min(n, m)): never more than 2·(n + m).
 */

/** A decimal number as BC orders it: `[+-]?digits[.digits]`, zeros that do not count cut off. */
type Decimal = {
  readonly text: string;
  readonly sign: 1 | -1;
  /** The whole part without leading zeros: text[wholeFrom, wholeTo). */
  readonly wholeFrom: number;
  readonly wholeTo: number;
  /** The fraction without trailing zeros: text[fractionFrom, fractionTo). */
  readonly fractionFrom: number;
  readonly fractionTo: number;
};

const isDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;

/** The number `text` holds, or null; reads each character once. */
function decimal(text: string, meter: StepMeter | undefined): Decimal | null {
  let i = 0;
  const first = text.charCodeAt(0);
  const negative = first === 0x2d;
  if (negative || first === 0x2b) i = 1;
  const wholeStart = i;
  let wholeFrom = -1;
  for (; i < text.length; i++) {
    if (meter) meter.steps++;
    const code = text.charCodeAt(i);
    if (!isDigit(code)) break;
    if (wholeFrom < 0 && code !== 0x30) wholeFrom = i;
  }
  const wholeTo = i;
  if (wholeTo === wholeStart) return null;
  let fractionFrom = i;
  let fractionTo = i;
  if (i < text.length) {
    if (text.charCodeAt(i) !== 0x2e) return null;
    fractionFrom = ++i;
    fractionTo = fractionFrom;
    for (; i < text.length; i++) {
      if (meter) meter.steps++;
      const code = text.charCodeAt(i);
      if (!isDigit(code)) return null;
      if (code !== 0x30) fractionTo = i + 1;
    }
    if (fractionFrom === text.length) return null;
  }
  const from = wholeFrom < 0 ? wholeTo : wholeFrom;
  // -0 and 0 must compare equal, so zero is always positive.
  const zero = from === wholeTo && fractionTo === fractionFrom;
  return { text, sign: negative && !zero ? -1 : 1, wholeFrom: from, wholeTo, fractionFrom, fractionTo };
}

/**
 * Whether `text` is a number BC orders numerically (odata.ts keeps such bounds client-side).
 * @internal work-meter.test.ts pins the decimal grammar on its own (`1.`, `.5`, `1e3` are not numbers).
 */
export function isNumericFilterValue(text: string): boolean {
  return decimal(text, undefined) !== null;
}

/**
 * Orders two filter values: numerically when both are decimal numbers, else by UTF-16 code
 * units (what OData string comparison does on an ordinal collation). Numbers are compared
 * digit by digit so long codes never lose precision.
 */
export function compareFilterValues(a: string, b: string, meter?: StepMeter): number {
  const x = decimal(a, meter);
  const y = x === null ? null : decimal(b, meter);
  if (x === null || y === null) return compareUnits(a, 0, a.length, b, 0, b.length, meter);
  if (x.sign !== y.sign) return x.sign < y.sign ? -1 : 1;
  return x.sign * compareMagnitude(x, y, meter);
}

function compareMagnitude(x: Decimal, y: Decimal, meter: StepMeter | undefined): number {
  const xWhole = x.wholeTo - x.wholeFrom;
  const yWhole = y.wholeTo - y.wholeFrom;
  if (xWhole !== yWhole) return xWhole < yWhole ? -1 : 1;
  const whole = compareUnits(x.text, x.wholeFrom, x.wholeTo, y.text, y.wholeFrom, y.wholeTo, meter);
  if (whole !== 0) return whole;
  // Without trailing zeros, fractions of different lengths order correctly as plain strings.
  return compareUnits(x.text, x.fractionFrom, x.fractionTo, y.text, y.fractionFrom, y.fractionTo, meter);
}

/** a[aFrom, aTo) against b[bFrom, bTo) by UTF-16 code unit, a shorter prefix first. */
function compareUnits(
  a: string,
  aFrom: number,
  aTo: number,
  b: string,
  bFrom: number,
  bTo: number,
  meter: StepMeter | undefined,
): number {
  const length = Math.min(aTo - aFrom, bTo - bFrom);
  for (let i = 0; i < length; i++) {
    if (meter) meter.steps++;
    const d = a.charCodeAt(aFrom + i) - b.charCodeAt(bFrom + i);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  const rest = aTo - aFrom - (bTo - bFrom);
  return rest === 0 ? 0 : rest < 0 ? -1 : 1;
}
