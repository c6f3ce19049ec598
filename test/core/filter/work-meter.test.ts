import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { compileFilter, evaluateFilter } from '../../../src/core/filter/index.js';
import { compareFilterValues } from '../../../src/core/filter/ordering.js';
import { expressionCost, valueWorkLength } from '../../../src/core/filter/cost.js';
import { matchesExpression } from '../../../src/core/filter/evaluate.js';
import { parseFilterExpression } from '../../../src/core/filter/parse.js';
import type { StepMeter } from '../../../src/core/filter/wildcard.js';
import { isNumericFilterValue } from '../../../src/core/filter/ordering.js';
import { FILTER_SYNTAX } from '../../support/filter-tokens.js';
import { expressionOf } from '../../support/filter-expression.js';
import { yesNo } from '../../support/yes-no.js';

// Guard item 2 (long fuzz: `*'  ` against 7,352 characters took 866 ms): the work bound of cost.ts
// must be a true bound of what evaluation does — every pass over the value, every literal, every
// ordering and every wildcard is counted by the StepMeter and held to expressionCost, over random
// filters and values of random lengths, with characters that NFC or the fold lengthen.

function measured(expression: string, value: string): { steps: number; estimate: number } {
  const expr = expressionOf(expression);
  const meter: StepMeter = { steps: 0 };
  matchesExpression(expr, value, meter);
  return { steps: meter.steps, estimate: expressionCost(expr, valueWorkLength(value)) };
}

/** Terms of BC's filter syntax, numbers with zeros, and characters that change under NFC or `@`. */
const token = fc.constantFrom(
  ...FILTER_SYNTAX,
  'a',
  'A',
  'Smith',
  'İ',
  '😀',
  'e\u0301',
  '0',
  '10',
  '-',
  '.',
  '0.00',
);
const expression = fc.array(token, { minLength: 1, maxLength: 24 }).map((t) => t.join(''));
const valueChar = fc.constantFrom(
  'a',
  'A',
  's',
  'İ',
  '😀',
  'e',
  '\u0301',
  '\u0958',
  '0',
  '1',
  '.',
  '-',
  ' ',
  "'",
);
const value = fc.tuple(fc.array(valueChar, { maxLength: 40 }), fc.integer({ min: 1, max: 50 }));

describe('the estimate bounds every comparison evaluation makes', () => {
  test('property: measured comparisons ≤ expressionCost over random filters and value lengths', () => {
    let checked = 0;
    fc.assert(
      fc.property(expression, value, (text, [chars, times]) => {
        const result = parseFilterExpression(text);
        if (!result.ok) return;
        checked++;
        const subject = chars.join('').repeat(times);
        const meter: StepMeter = { steps: 0 };
        matchesExpression(result.expr, subject, meter);
        expect(meter.steps).toBeLessThanOrEqual(expressionCost(result.expr, valueWorkLength(subject)));
      }),
      { numRuns: 4000 },
    );
    // The generator must reach the evaluator, not only the parser's refusals.
    expect(checked).toBeGreaterThan(1000);
  });

  test('property: a whole contact filter (every field) stays within the sum of its fields’ estimates', () => {
    fc.assert(
      fc.property(
        fc.record({ name: expression, city: expression, postalCode: expression, email: expression }),
        fc.record({ displayName: value, city: value, postalCode: value, email: value }),
        (filter, values) => {
          const compiled = compileFilter(filter);
          if (!compiled.ok) return;
          const contact = Object.fromEntries(
            Object.entries(values).map(([k, [chars, times]]) => [k, chars.join('').repeat(times)]),
          );
          const meter: StepMeter = { steps: 0 };
          evaluateFilter(compiled.filter, contact, meter);
          const property = { name: 'displayName', city: 'city', postalCode: 'postalCode', email: 'email' };
          const estimate = compiled.filter.conditions.reduce(
            (sum, c) =>
              sum +
              expressionCost(
                c.expr,
                valueWorkLength(contact[property[c.field as keyof typeof property]] as string),
              ),
            0,
          );
          expect(meter.steps).toBeLessThanOrEqual(estimate);
        },
      ),
      { numRuns: 1000 },
    );
  });

  test("the fuzz example: `*'  ` against 7,352 characters is a few passes over the value", () => {
    for (const unit of ['a', 'ab', 'Smith ', '!', '?*']) {
      const value = unit.repeat(Math.ceil(7352 / unit.length)).slice(0, 7352);
      const { steps, estimate } = measured("*'  ", value);
      expect(steps).toBeLessThanOrEqual(estimate);
      // The NFC pass and one split, plus the last chunk: no work that grows faster than the value.
      expect(steps).toBeLessThanOrEqual(2 * 7352 + 8);
    }
  });

  test('mixed case-sensitive and `@` wildcards split the value twice, and the estimate says so', () => {
    const { steps, estimate } = measured('*x*|@*y*', 'ab'.repeat(500));
    expect(steps).toBeGreaterThan(4 * 1000);
    expect(steps).toBeLessThanOrEqual(estimate);
  });

  // The fold was toLowerCase, which lengthens İ to i̇; the one e-mail folding (pure/email-fold.ts)
  // maps a code point to one code point: İ stays İ (BC's upper-case compare), the length is kept.
  test('a value with İ (lengthened by toLowerCase, kept by the e-mail folding) is counted within its estimate', () => {
    const { steps, estimate } = measured('@*i̇x*', 'İ'.repeat(1000));
    expect(valueWorkLength('İ'.repeat(1000))).toBe(1000);
    expect(steps).toBeLessThanOrEqual(estimate);
  });
});

describe('numeric ordering without backtracking (was `/0+$/`: 16,000 digits 912 ms)', () => {
  test('1.000…0001 with 200,000 zeros orders in linear time, within its estimate', () => {
    const long = `1.${'0'.repeat(200_000)}1`;
    const started = performance.now();
    expect(compareFilterValues(long, '1')).toBeGreaterThan(0);
    expect(compareFilterValues('1', long)).toBeLessThan(0);
    expect(compareFilterValues(`0${long}0000`, long)).toBe(0);
    // Quadratic: about 140 s here; linear: a few ms. The margin absorbs a loaded machine.
    expect(performance.now() - started).toBeLessThan(3_000);
    const { steps, estimate } = measured(`>=${long.slice(0, 900)}`, long);
    expect(steps).toBeLessThanOrEqual(estimate);
  });

  test.each([
    ['2', '10', -1],
    ['2', '10x', 1],
    ['007', '7.000', 0],
    ['0.5', '0.45', 1],
    ['-3', '2', -1],
    ['-0', '0.0', 0],
    ['+5', '5', 0],
    ['-2', '-10', 1],
    ['1.', '1', 1],
    ['', '0', -1],
    ['B', 'a', -1],
    ['abc', 'ab', 1],
  ])('compareFilterValues(%j, %j) has the sign %d', (a, b, sign) => {
    expect(Math.sign(compareFilterValues(a, b))).toBe(sign);
  });

  yesNo('isNumericFilterValue', isNumericFilterValue, {
    yes: ['10', '+1.5', '-0.0'],
    no: ['1.', '.5', '1e3', '', '-'],
  });
});
