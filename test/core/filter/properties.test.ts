import { describe, test, expect } from '@jest/globals';
import fc from 'fast-check';
import { matchesExpression } from '../../../src/core/filter/evaluate.js';
import { parseFilterExpression } from '../../../src/core/filter/parse.js';
import type { FilterExpr } from '../../../src/core/filter/types.js';
import { describeFilterError } from '../../../src/messages/english.js';

const space = fc.constantFrom('', ' ', '  ');
const word = fc.constantFrom('a', 'b', 'ab', 'ba', 'A', 'B', 'x y', '1', '9', '10', '01', '-2', '1.5');
const quoted = fc
  .string({ unit: fc.constantFrom('a', 'B', ' ', "'", '|', '*', '?', '.', '1'), maxLength: 4 })
  .map((text) => `'${text.replaceAll("'", "''")}'`);
const bound = fc.oneof(word, quoted);
// Pattern shapes (contains, starts with, ends with, any) are spelled out, or random arrays would rarely hit them.
const patternText = fc.constantFrom('a', 'b', 'ab', 'A', '1', "O''B");
const pattern = fc.oneof(
  patternText.map((text) => `*${text}*`),
  patternText.map((text) => `${text}*`),
  patternText.map((text) => `*${text}`),
  fc.constant('*'),
  fc
    .array(fc.constantFrom('a', 'b', 'A', '1', '*', '?'), { minLength: 1, maxLength: 4 })
    .map((parts) => parts.join('')),
);
const at = fc.constantFrom('', '', '@');

const term = fc.oneof(
  fc.tuple(at, fc.constantFrom('', '=', '<>'), fc.oneof(bound, pattern)).map((parts) => parts.join('')),
  fc.tuple(at, fc.constantFrom('<', '<=', '>', '>='), space, bound).map((parts) => parts.join('')),
  fc.tuple(at, bound, space, bound).map(([a, from, s, to]) => `${a}${from}${s}..${s}${to}`),
  fc.tuple(at, bound).map(([a, from]) => `${a}${from}..`),
  fc.tuple(at, bound).map(([a, to]) => `${a}..${to}`),
);

const { expression } = fc.letrec<{ expression: string }>((tie) => ({
  expression: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    term,
    fc.tuple(tie('expression'), space, tie('expression')).map(([l, s, r]) => `${l}${s}|${s}${r}`),
    fc.tuple(tie('expression'), space, tie('expression')).map(([l, s, r]) => `${l}${s}&${s}${r}`),
    tie('expression').map((inner) => `(${inner})`),
  ),
}));

const subject = fc.oneof(
  fc.constantFrom(
    '',
    'a',
    'b',
    'ab',
    'ba',
    'A',
    'B',
    'x y',
    '1',
    '9',
    '10',
    '01',
    '-2',
    '1.5',
    "'",
    '*',
    '?',
  ),
  fc.string({ unit: fc.constantFrom('a', 'b', 'A', '1', '0', "'", '*', ' ', '.'), maxLength: 5 }),
);

function parse(text: string): FilterExpr {
  const result = parseFilterExpression(text);
  if (!result.ok)
    throw new Error(`generated ${JSON.stringify(text)} did not parse: ${JSON.stringify(result.error)}`);
  return result.expr;
}

describe('properties', () => {
  const checkNeverThrows = (text: string) => {
    const result = parseFilterExpression(text);
    if (!result.ok) {
      expect(result.error.position).toBeGreaterThanOrEqual(0);
      expect(result.error.position).toBeLessThanOrEqual(text.length);
      // Worded at the edge, positions counted from 1.
      expect(describeFilterError(result.error)).toMatch(
        new RegExp(`^Position ${(result.error.position + 1).toLocaleString('en')}: expected \\S`),
      );
    }
  };

  test('the parser never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), checkNeverThrows), { numRuns: 2000 });
  });

  test('the parser never throws on operator-heavy text', () => {
    const unit = fc.constantFrom('a', ' ', '|', '&', '(', ')', '.', '<', '>', '=', '@', "'", '*', '?');
    fc.assert(fc.property(fc.string({ unit, maxLength: 30 }), checkNeverThrows), { numRuns: 5000 });
  });

  test('generated expressions always parse, and evaluation never throws', () => {
    fc.assert(
      fc.property(expression, subject, (text, value) => {
        expect(typeof matchesExpression(parse(text), value)).toBe('boolean');
        expect(typeof matchesExpression(parse(text), value === '' ? null : value.length % 2 === 0)).toBe(
          'boolean',
        );
      }),
      { numRuns: 1000 },
    );
  });
});
