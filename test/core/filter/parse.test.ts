import { describe, test, expect } from '@jest/globals';
import { parseFilterExpression } from '../../../src/core/filter/parse.js';
import { describeFilterError } from '../../../src/messages/english.js';
import type { FilterSyntaxError } from '../../../src/core/filter/index.js';
import type { FilterExpr } from '../../../src/core/filter/types.js';

function parsed(text: string): FilterExpr {
  const result = parseFilterExpression(text);
  if (!result.ok)
    throw new Error(`expected ${JSON.stringify(text)} to parse: ${JSON.stringify(result.error)}`);
  return result.expr;
}

function failure(text: string): FilterSyntaxError {
  const result = parseFilterExpression(text);
  if (result.ok)
    throw new Error(`expected ${JSON.stringify(text)} to fail, got ${JSON.stringify(result.expr)}`);
  return result.error;
}

const eq = (text: string, caseInsensitive = false): FilterExpr => ({
  kind: 'equals',
  op: 'eq',
  value: { kind: 'literal', text },
  caseInsensitive,
});

describe('parseFilterExpression: terms', () => {
  test('a plain value is an equality', () => {
    expect(parsed('London')).toEqual(eq('London'));
  });

  test('= is an explicit equality', () => {
    expect(parsed('=London')).toEqual(eq('London'));
    expect(parsed('= London')).toEqual(eq('London'));
  });

  test('<> is a negated equality', () => {
    expect(parsed('<>London')).toEqual({ ...eq('London'), op: 'ne' });
  });

  test.each([
    ['<b', 'lt'],
    ['<=b', 'le'],
    ['>b', 'gt'],
    ['>=b', 'ge'],
  ] as const)('%s is an ordering comparison', (text, op) => {
    expect(parsed(text)).toEqual({ kind: 'compare', op, bound: 'b', caseInsensitive: false });
  });

  test('ranges, closed and open at either end', () => {
    expect(parsed('a..b')).toEqual({ kind: 'range', from: 'a', to: 'b', caseInsensitive: false });
    expect(parsed('a..')).toEqual({ kind: 'range', from: 'a', to: null, caseInsensitive: false });
    expect(parsed('..b')).toEqual({ kind: 'range', from: null, to: 'b', caseInsensitive: false });
    expect(parsed("'a'..|b")).toEqual({
      kind: 'or',
      operands: [{ kind: 'range', from: 'a', to: null, caseInsensitive: false }, eq('b')],
    });
    expect(parsed(' 1000 .. 1999 ')).toEqual({
      kind: 'range',
      from: '1000',
      to: '1999',
      caseInsensitive: false,
    });
  });

  test('a single dot stays inside a value', () => {
    expect(parsed('1.5..2.5')).toEqual({ kind: 'range', from: '1.5', to: '2.5', caseInsensitive: false });
    expect(parsed('St. Louis')).toEqual(eq('St. Louis'));
  });

  test('wildcards make a pattern; repeated * collapse', () => {
    expect(parsed('a*b?')).toEqual({
      kind: 'equals',
      op: 'eq',
      caseInsensitive: false,
      value: {
        kind: 'pattern',
        segments: [
          { kind: 'text', text: 'a' },
          { kind: 'anyRun' },
          { kind: 'text', text: 'b' },
          { kind: 'anyChar' },
        ],
      },
    });
    expect(parsed('**x**')).toMatchObject({
      value: { segments: [{ kind: 'anyRun' }, { kind: 'text', text: 'x' }, { kind: 'anyRun' }] },
    });
  });

  test('@ makes a term case-insensitive, before or after the operator', () => {
    expect(parsed('@london')).toEqual(eq('london', true));
    expect(parsed('<>@london')).toMatchObject({ op: 'ne', caseInsensitive: true });
    expect(parsed('@<>london')).toMatchObject({ op: 'ne', caseInsensitive: true });
    expect(parsed('@a..b')).toMatchObject({ kind: 'range', caseInsensitive: true });
    expect(parsed('a..@b')).toMatchObject({ kind: 'range', caseInsensitive: true });
    expect(parsed('@*smith*')).toMatchObject({ caseInsensitive: true, value: { kind: 'pattern' } });
  });

  test('operator characters inside a value are literal', () => {
    expect(parsed('a@b.com')).toEqual(eq('a@b.com'));
    expect(parsed("O'Brien")).toEqual(eq("O'Brien"));
    expect(parsed('a<b')).toEqual(eq('a<b'));
  });
});

describe('parseFilterExpression: quoting, empty value and whitespace', () => {
  test('operator characters and wildcards inside quotes are literal', () => {
    expect(parsed("'a b|c'")).toEqual(eq('a b|c'));
    expect(parsed("'x*y?&(..)@'")).toEqual(eq('x*y?&(..)@'));
  });

  test("'' inside quotes is an escaped quote", () => {
    expect(parsed("'O''Brien'")).toEqual(eq("O'Brien"));
    expect(parsed("''''")).toEqual(eq("'"));
  });

  test("'' alone is the empty value", () => {
    expect(parsed("''")).toEqual(eq(''));
    expect(parsed("<>''")).toEqual({ ...eq(''), op: 'ne' });
    expect(parsed("''|a")).toEqual({ kind: 'or', operands: [eq(''), eq('a')] });
  });

  test('quoted values may be range bounds and keep their spaces', () => {
    expect(parsed("' a '..'z z'")).toEqual({ kind: 'range', from: ' a ', to: 'z z', caseInsensitive: false });
  });

  test('spaces inside a value are kept, around it they are trimmed', () => {
    expect(parsed('  New  York  |  Paris ')).toEqual({
      kind: 'or',
      operands: [eq('New  York'), eq('Paris')],
    });
    expect(parsed('a * b')).toMatchObject({
      value: { segments: [{ kind: 'text', text: 'a ' }, { kind: 'anyRun' }, { kind: 'text', text: ' b' }] },
    });
  });
});

describe('parseFilterExpression: operators and grouping', () => {
  test('| and &', () => {
    expect(parsed('a|b')).toEqual({ kind: 'or', operands: [eq('a'), eq('b')] });
    expect(parsed('a&b&c')).toEqual({ kind: 'and', operands: [eq('a'), eq('b'), eq('c')] });
  });

  test('& binds tighter than |', () => {
    expect(parsed('a|b&c')).toEqual({
      kind: 'or',
      operands: [eq('a'), { kind: 'and', operands: [eq('b'), eq('c')] }],
    });
    expect(parsed('a&b|c')).toEqual({
      kind: 'or',
      operands: [{ kind: 'and', operands: [eq('a'), eq('b')] }, eq('c')],
    });
  });

  test('parentheses group', () => {
    expect(parsed('(a|b)&c')).toEqual({
      kind: 'and',
      operands: [{ kind: 'or', operands: [eq('a'), eq('b')] }, eq('c')],
    });
    expect(parsed(' ( ( a ) ) ')).toEqual(eq('a'));
  });
});

describe('parseFilterExpression: errors', () => {
  test.each<[string, FilterSyntaxError['kind'], number, string | null, string]>([
    ['', 'empty', 0, null, 'Position 1: expected a value'],
    ['   ', 'empty', 0, null, 'Position 1: expected a value'],
    ['(a', 'endOfInput', 0, null, "Position 1: expected ')' to close this '('"],
    ['((a)', 'endOfInput', 0, null, "Position 1: expected ')' to close this '('"],
    ['a)', 'unmatchedParen', 1, ')', "Position 2: expected '|', '&' or the end of the expression"],
    ['()', 'unexpectedToken', 1, ')', "Position 2: expected a value after '('"],
    ['(a b', 'endOfInput', 0, null, "Position 1: expected ')' to close this '('"],
    ["('a' b)", 'unexpectedToken', 5, 'b', "Position 6: expected '|', '&' or ')' to close '(' at position 1"],
    ['a|', 'endOfInput', 1, null, "Position 2: expected a value after '|'"],
    ['a&', 'endOfInput', 1, null, "Position 2: expected a value after '&'"],
    ['|a', 'unexpectedToken', 0, '|', 'Position 1: expected a value'],
    ['a||b', 'unexpectedToken', 2, '|', "Position 3: expected a value after '|'"],
    ['a&|b', 'unexpectedToken', 2, '|', "Position 3: expected a value after '&'"],
    ['a....b', 'rangeHasTwoDots', 3, '..', "Position 4: expected '|', '&', ')' or the end of the expression"],
    [
      'a..b..c',
      'rangeHasTwoDots',
      4,
      '..',
      "Position 5: expected '|', '&', ')' or the end of the expression",
    ],
    ['..', 'endOfInput', 0, null, "Position 1: expected a value after '..'"],
    ['x|..|y', 'unexpectedToken', 4, '|', "Position 5: expected a value after '..'"],
    ['<>', 'endOfInput', 0, null, "Position 1: expected a value after '<>'"],
    ['>=', 'endOfInput', 0, null, "Position 1: expected a value after '>='"],
    ['=', 'endOfInput', 0, null, "Position 1: expected a value after '='"],
    ['<>|a', 'unexpectedToken', 2, '|', "Position 3: expected a value after '<>'"],
    ['@', 'endOfInput', 0, null, "Position 1: expected a value after '@'"],
    ["'abc", 'unterminatedQuote', 0, null, "Position 1: expected a closing quote (')"],
    ["a|'it''s", 'unterminatedQuote', 2, null, "Position 3: expected a closing quote (')"],
    ["'a'b", 'unexpectedToken', 3, 'b', "Position 4: expected '|', '&' or the end of the expression"],
    ['a*..b', 'wildcardNotAllowed', 1, '*', 'Position 2: expected a value without wildcards (* or ?)'],
    ['a..b?', 'wildcardNotAllowed', 4, '?', 'Position 5: expected a value without wildcards (* or ?)'],
    ['..*', 'wildcardNotAllowed', 2, '*', 'Position 3: expected a value without wildcards (* or ?)'],
    ['>a*', 'wildcardNotAllowed', 2, '*', 'Position 3: expected a value without wildcards (* or ?)'],
  ])('%j fails: %s at %i (found %j)', (text, kind, position, found, message) => {
    const error = failure(text);
    // The error is data; its words come from the edge (English: the HTTP body's default message).
    expect({
      kind: error.kind,
      position: error.position,
      found: error.found,
      message: describeFilterError(error),
    }).toEqual({
      kind,
      position,
      found,
      message,
    });
    expect(Object.keys(error).sort()).toEqual(['expected', 'found', 'kind', 'position']);
  });

  test.each<[string, FilterSyntaxError['kind'], FilterSyntaxError['expected'], string | null]>([
    ['', 'empty', { kind: 'value', after: null }, null],
    ['(a', 'endOfInput', { kind: 'closeParen', open: 0 }, null],
    ['a)', 'unmatchedParen', { kind: 'operatorOrEnd', orCloseParen: false }, ')'],
    ['a||b', 'unexpectedToken', { kind: 'value', after: '|' }, '|'],
    ['a|', 'endOfInput', { kind: 'value', after: '|' }, null],
    ["('a' b)", 'unexpectedToken', { kind: 'operatorOrClose', open: 0 }, 'b'],
    ['a....b', 'rangeHasTwoDots', { kind: 'operatorOrEnd', orCloseParen: true }, '..'],
    ["'abc", 'unterminatedQuote', { kind: 'closingQuote' }, null],
    ['>a*', 'wildcardNotAllowed', { kind: 'valueWithoutWildcards' }, '*'],
  ])('%j: the error is data (kind %s)', (text, kind, expected, found) => {
    expect(failure(text)).toMatchObject({ kind, expected, found });
  });

  test('a quoted open range followed by more dots points at the second ..', () => {
    expect(failure("'a'....").position).toBe(5);
  });

  test('nesting is bounded instead of overflowing the stack', () => {
    const deep = '('.repeat(900) + 'a' + ')'.repeat(900);
    const error = failure(deep);
    expect(error).toEqual({
      kind: 'tooDeep',
      position: 64,
      expected: { kind: 'nestingAtMost', max: 64 },
      found: '(',
    });
    expect(parsed('('.repeat(64) + 'a' + ')'.repeat(64))).toEqual(eq('a'));
  });
});
