import { describe, test, expect } from '@jest/globals';
import fc from 'fast-check';
import {
  compileFilter,
  evaluateFilter,
  expressionToOData,
  matchesExpression,
  parseFilterExpression,
  toODataFilter,
} from '../../../src/core/filter/index.js';
import type { FilterExpr } from '../../../src/core/filter/index.js';
import { describeFilterError } from '../../../src/messages/english.js';

/**
 * A tiny OData $filter evaluator: just eq/ne/lt/le/gt/ge, and/or, parentheses, startswith and
 * contains over string properties, comparing ordinally. It is the reference the translation
 * must agree with, so it is written independently of src/core/filter.
 */
function evaluateOData(filter: string, record: Readonly<Record<string, string>>): boolean {
  const tokens = filter.match(/'(?:[^']|'')*'|[(),]|[A-Za-z_][A-Za-z0-9_]*|\S/g) ?? [];
  let at = 0;
  const next = (): string => {
    const token = tokens[at++];
    if (token === undefined) throw new Error(`OData ended early: ${filter}`);
    return token;
  };
  const expect = (token: string) => {
    const got = next();
    if (got !== token) throw new Error(`expected ${token}, got ${got} in ${filter}`);
  };
  const string = (): string => {
    const token = next();
    if (!/^'.*'$/s.test(token)) throw new Error(`expected a string, got ${token}`);
    return token.slice(1, -1).replaceAll("''", "'");
  };
  const property = (): string => {
    const value = record[next()];
    if (value === undefined) throw new Error('unknown property');
    return value;
  };
  const or = (): boolean => {
    let result = and();
    while (tokens[at] === 'or') {
      at++;
      const right = and(); // no short-circuit: the whole input must still parse
      result = result || right;
    }
    return result;
  };
  const and = (): boolean => {
    let result = primary();
    while (tokens[at] === 'and') {
      at++;
      const right = primary();
      result = result && right;
    }
    return result;
  };
  const primary = (): boolean => {
    const token = tokens[at];
    if (token === '(') {
      at++;
      const inner = or();
      expect(')');
      return inner;
    }
    if (token === 'startswith' || token === 'contains') {
      at++;
      expect('(');
      const value = property();
      expect(',');
      const text = string();
      expect(')');
      return token === 'startswith' ? value.startsWith(text) : value.includes(text);
    }
    const value = property();
    const op = next();
    const text = string();
    switch (op) {
      case 'eq':
        return value === text;
      case 'ne':
        return value !== text;
      case 'lt':
        return value < text;
      case 'le':
        return value <= text;
      case 'gt':
        return value > text;
      case 'ge':
        return value >= text;
      default:
        throw new Error(`unknown operator ${op}`);
    }
  };
  const result = or();
  if (at !== tokens.length) throw new Error(`trailing tokens in ${filter}`);
  return result;
}

describe('the test OData evaluator', () => {
  test('evaluates what the translation emits', () => {
    const record = { f: "O'Brien" };
    expect(evaluateOData("f eq 'O''Brien'", record)).toBe(true);
    expect(evaluateOData("startswith(f,'O''') and (f lt 'a' or contains(f,'x'))", record)).toBe(true);
    expect(evaluateOData("f ge 'P' or f ne 'O''Brien'", record)).toBe(false);
  });
});

const space = fc.constantFrom('', ' ', '  ');
const word = fc.constantFrom('a', 'b', 'ab', 'ba', 'A', 'B', 'x y', '1', '9', '10', '01', '-2', '1.5');
const quoted = fc
  .string({ unit: fc.constantFrom('a', 'B', ' ', "'", '|', '*', '?', '.', '1'), maxLength: 4 })
  .map((text) => `'${text.replaceAll("'", "''")}'`);
const bound = fc.oneof(word, quoted);
// The shapes OData can express exactly are spelled out, or random arrays would rarely hit them.
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
  test('exact OData translations agree with the evaluator; supersets never lose a match', () => {
    fc.assert(
      fc.property(expression, fc.array(subject, { minLength: 1, maxLength: 8 }), (text, values) => {
        const expr = parse(text);
        const translation = expressionToOData('f', expr);
        for (const value of values) {
          const matches = matchesExpression(expr, value);
          if (translation.kind === 'exact') {
            expect(evaluateOData(translation.odata, { f: value })).toBe(matches);
          } else if (translation.superset !== null && matches) {
            expect(evaluateOData(translation.superset, { f: value })).toBe(true);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  test('the combined $filter is exact when it says so and a superset otherwise', () => {
    fc.assert(
      fc.property(expression, expression, subject, subject, (cityText, nameText, city, displayName) => {
        const compiled = compileFilter({ city: cityText, name: nameText });
        if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
        const { odata, exact } = toODataFilter(compiled.filter);
        const matches = evaluateFilter(compiled.filter, { city, displayName }).matches;
        const serverKeeps = odata === '' || evaluateOData(odata, { city, displayName });
        if (exact) expect(serverKeeps).toBe(matches);
        else if (matches) expect(serverKeeps).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

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
