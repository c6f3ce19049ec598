import { describe, test, expect } from '@jest/globals';
import { compareFilterValues } from '../../../src/core/filter/ordering.js';
import { matchesExpression } from '../../../src/core/filter/evaluate.js';
import type { FilterSubjectValue } from '../../../src/core/filter/evaluate.js';
import { expressionOf } from '../../support/filter-expression.js';

function matches(expression: string, value: FilterSubjectValue): boolean {
  return matchesExpression(expressionOf(expression), value);
}

// One table of every case; the group names the describe block each case runs in. Text values
// first, then yes/no values, then no value at all.
const EQUALITY = 'equality';
const ORDER_TEXT = 'ordering: string by default';
const ORDER_NUMBER = 'ordering: numeric when both sides are numbers';
const WILDCARDS = 'wildcards';
const ANY_CASE = 'case-insensitivity with @';
const QUOTING = 'quoting';
const OR_AND = 'or, and, precedence';
const BOOLEANS = 'booleans';
const EMPTY = 'the empty value';

type Case = [group: string, expression: string, value: FilterSubjectValue, expected: boolean];

const CASES: Case[] = [
  [EQUALITY, 'London', 'London', true],
  [EQUALITY, 'London', 'Paris', false],
  [EQUALITY, 'London', 'london', false],
  [EQUALITY, '=London', 'London', true],
  [EQUALITY, '=London', 'Londonderry', false],
  [EQUALITY, '<>London', 'Paris', true],
  [EQUALITY, '<>London', 'London', false],
  [EQUALITY, 'New York', 'New York', true],
  [EQUALITY, '  New York  ', 'New York', true],
  [EQUALITY, '1000', '01000', false],
  [ORDER_TEXT, '<b', 'a', true],
  [ORDER_TEXT, '<b', 'b', false],
  [ORDER_TEXT, '<=b', 'b', true],
  [ORDER_TEXT, '<=b', 'c', false],
  [ORDER_TEXT, '>b', 'c', true],
  [ORDER_TEXT, '>b', 'b', false],
  [ORDER_TEXT, '>=b', 'b', true],
  [ORDER_TEXT, '>=b', 'a', false],
  [ORDER_TEXT, '>=b', 'B', false],
  [ORDER_TEXT, 'a..c', 'b', true],
  [ORDER_TEXT, 'a..c', 'abc', true],
  [ORDER_TEXT, 'a..c', 'c', true],
  [ORDER_TEXT, 'a..c', 'cat', false],
  [ORDER_TEXT, 'a..', 'zzz', true],
  [ORDER_TEXT, 'b..', 'a', false],
  [ORDER_TEXT, '..b', 'a', true],
  [ORDER_TEXT, '..b', 'c', false],
  [ORDER_TEXT, 'c..a', 'b', false],
  [ORDER_TEXT, '1000..1999', 'ABC', false],
  [ORDER_NUMBER, '1000..1999', '1500', true],
  [ORDER_NUMBER, '1000..1999', '150', false],
  [ORDER_NUMBER, '1000..1999', '01500', true],
  [ORDER_NUMBER, '1000..1999', '10000', false],
  [ORDER_NUMBER, '1000..1999', '1999.5', false],
  [ORDER_NUMBER, '>9', '10', true],
  [ORDER_NUMBER, '>9', '9', false],
  [ORDER_NUMBER, '<-1.5', '-2', true],
  [ORDER_NUMBER, '<-1.5', '-1.25', false],
  [ORDER_NUMBER, '>=0', '-0', true],
  [ORDER_NUMBER, '<12345678901234567891', '12345678901234567890', true],
  [ORDER_NUMBER, '>12345678901234567891', '12345678901234567890', false],
  [ORDER_NUMBER, '<9', '10a', true],
  [WILDCARDS, 'a*', 'abc', true],
  [WILDCARDS, 'a*', 'a', true],
  [WILDCARDS, 'a*', 'ba', false],
  [WILDCARDS, '*smith*', 'Goldsmith & Co', true],
  [WILDCARDS, '*smith*', 'Smith', false],
  [WILDCARDS, '*son', 'Johnson', true],
  [WILDCARDS, '*son', 'Sonja', false],
  [WILDCARDS, 'J*n', 'Johnson', true],
  [WILDCARDS, 'J*n', 'Johnsons', false],
  [WILDCARDS, '?', 'x', true],
  [WILDCARDS, '?', '', false],
  [WILDCARDS, '?', 'xy', false],
  [WILDCARDS, '??-*', 'AB-1', true],
  [WILDCARDS, 'a?c', 'abc', true],
  [WILDCARDS, 'a?c', 'ac', false],
  [WILDCARDS, '*', '', true],
  [WILDCARDS, '*', 'anything', true],
  [WILDCARDS, '<>*', 'x', false],
  [WILDCARDS, '<>a*', 'b', true],
  [WILDCARDS, '<>a*', 'ab', false],
  [WILDCARDS, 'a.b*', 'axb', false],
  [WILDCARDS, 'a.b*', 'a.bc', true],
  [WILDCARDS, 'a+b*', 'aab', false],
  [WILDCARDS, '[a]{1}$^*', '[a]{1}$^!', true],
  [WILDCARDS, 'x?', 'x😀', true],
  [WILDCARDS, '*', 'line\nbreak', true],
  [ANY_CASE, '@london', 'LONDON', true],
  [ANY_CASE, '@london', 'Paris', false],
  [ANY_CASE, '@*SMITH*', 'goldsmith', true],
  [ANY_CASE, '@<>london', 'London', false],
  [ANY_CASE, '<>@london', 'Paris', true],
  [ANY_CASE, '@a..c', 'B', true],
  [ANY_CASE, '@a..c', 'D', false],
  [ANY_CASE, '@>b', 'C', true],
  [ANY_CASE, "@'A B'", 'a b', true],
  [ANY_CASE, 'London|@paris', 'PARIS', true],
  [ANY_CASE, 'London|@paris', 'LONDON', false],
  [QUOTING, "'a b|c'", 'a b|c', true],
  [QUOTING, "'a b|c'", 'a b', false],
  [QUOTING, "'*'", '*', true],
  [QUOTING, "'*'", 'x', false],
  [QUOTING, "'O''Brien'", "O'Brien", true],
  [QUOTING, "O'Brien", "O'Brien", true],
  [QUOTING, "'a?'", 'ab', false],
  [OR_AND, 'a|b', 'b', true],
  [OR_AND, 'a|b', 'c', false],
  [OR_AND, '>a&<c', 'b', true],
  [OR_AND, '>a&<c', 'c', false],
  [OR_AND, 'a|b&c', 'a', true],
  [OR_AND, 'a|b&c', 'b', false],
  [OR_AND, '(a|b)&<>b', 'a', true],
  [OR_AND, '(a|b)&<>b', 'b', false],
  [OR_AND, '<>a&<>b', 'c', true],
  [OR_AND, '<>a&<>b', 'a', false],
  [BOOLEANS, 'Yes', true, true],
  [BOOLEANS, 'Yes', false, false],
  [BOOLEANS, 'No', false, true],
  [BOOLEANS, 'yes', true, true],
  [BOOLEANS, 'true', true, true],
  [BOOLEANS, 'false', true, false],
  [BOOLEANS, '<>Yes', false, true],
  [BOOLEANS, '<>Yes', true, false],
  [BOOLEANS, '1', true, true],
  [BOOLEANS, '>No', true, true],
  [BOOLEANS, 'No..No', true, false],
  [BOOLEANS, 'Y*', true, true],
  [BOOLEANS, 'Y*', false, false],
  [BOOLEANS, 'maybe', true, false],
  [EMPTY, "''", '', true],
  [EMPTY, "''", 'x', false],
  [EMPTY, "''", undefined, true],
  [EMPTY, "''", null, true],
  [EMPTY, "<>''", '', false],
  [EMPTY, "<>''", null, false],
  [EMPTY, "<>''", 'x', true],
  [EMPTY, 'a', undefined, false],
  [EMPTY, "''|x", '', true],
];

describe.each([...new Set(CASES.map(([group]) => group))])('%s', (group) => {
  const rows = CASES.filter(([g]) => g === group).map(([, ...row]) => row);
  test.each(rows)('%j on %j is %j', (expression, value, expected) => {
    expect(matches(expression, value)).toBe(expected);
  });
});

describe('compareFilterValues', () => {
  test('orders numbers numerically and text by code unit', () => {
    expect(compareFilterValues('2', '10')).toBeLessThan(0);
    expect(compareFilterValues('2', '10x')).toBeGreaterThan(0);
    expect(compareFilterValues('007', '7.000')).toBe(0);
    expect(compareFilterValues('0.5', '0.45')).toBeGreaterThan(0);
    expect(compareFilterValues('-3', '2')).toBeLessThan(0);
    expect(compareFilterValues('B', 'a')).toBeLessThan(0);
  });
});
