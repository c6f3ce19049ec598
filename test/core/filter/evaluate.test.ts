import { describe, test, expect } from '@jest/globals';
import { compareFilterValues, matchesExpression } from '../../../src/core/filter/index.js';
import type { FilterSubjectValue } from '../../../src/core/filter/index.js';
import { expressionOf } from '../../support/filter-expression.js';

function matches(expression: string, value: FilterSubjectValue): boolean {
  return matchesExpression(expressionOf(expression), value);
}

type Case = [expression: string, value: FilterSubjectValue, expected: boolean];

const cases = (title: string, rows: Case[]) =>
  describe(title, () => {
    test.each(rows)('%j on %j is %j', (expression, value, expected) => {
      expect(matches(expression, value)).toBe(expected);
    });
  });

cases('equality', [
  ['London', 'London', true],
  ['London', 'Paris', false],
  ['London', 'london', false],
  ['=London', 'London', true],
  ['=London', 'Londonderry', false],
  ['<>London', 'Paris', true],
  ['<>London', 'London', false],
  ['New York', 'New York', true],
  ['  New York  ', 'New York', true],
  ['1000', '01000', false],
]);

cases('ordering: string by default', [
  ['<b', 'a', true],
  ['<b', 'b', false],
  ['<=b', 'b', true],
  ['<=b', 'c', false],
  ['>b', 'c', true],
  ['>b', 'b', false],
  ['>=b', 'b', true],
  ['>=b', 'a', false],
  ['>=b', 'B', false],
  ['a..c', 'b', true],
  ['a..c', 'abc', true],
  ['a..c', 'c', true],
  ['a..c', 'cat', false],
  ['a..', 'zzz', true],
  ['b..', 'a', false],
  ['..b', 'a', true],
  ['..b', 'c', false],
  ['c..a', 'b', false],
  ['1000..1999', 'ABC', false],
]);

cases('ordering: numeric when both sides are numbers', [
  ['1000..1999', '1500', true],
  ['1000..1999', '150', false],
  ['1000..1999', '01500', true],
  ['1000..1999', '10000', false],
  ['1000..1999', '1999.5', false],
  ['>9', '10', true],
  ['>9', '9', false],
  ['<-1.5', '-2', true],
  ['<-1.5', '-1.25', false],
  ['>=0', '-0', true],
  ['<12345678901234567891', '12345678901234567890', true],
  ['>12345678901234567891', '12345678901234567890', false],
  ['<9', '10a', true],
]);

cases('wildcards', [
  ['a*', 'abc', true],
  ['a*', 'a', true],
  ['a*', 'ba', false],
  ['*smith*', 'Goldsmith & Co', true],
  ['*smith*', 'Smith', false],
  ['*son', 'Johnson', true],
  ['*son', 'Sonja', false],
  ['J*n', 'Johnson', true],
  ['J*n', 'Johnsons', false],
  ['?', 'x', true],
  ['?', '', false],
  ['?', 'xy', false],
  ['??-*', 'AB-1', true],
  ['a?c', 'abc', true],
  ['a?c', 'ac', false],
  ['*', '', true],
  ['*', 'anything', true],
  ['<>*', 'x', false],
  ['<>a*', 'b', true],
  ['<>a*', 'ab', false],
  ['a.b*', 'axb', false],
  ['a.b*', 'a.bc', true],
  ['a+b*', 'aab', false],
  ['[a]{1}$^*', '[a]{1}$^!', true],
  ['x?', 'x😀', true],
  ['*', 'line\nbreak', true],
]);

cases('case-insensitivity with @', [
  ['@london', 'LONDON', true],
  ['@london', 'Paris', false],
  ['@*SMITH*', 'goldsmith', true],
  ['@<>london', 'London', false],
  ['<>@london', 'Paris', true],
  ['@a..c', 'B', true],
  ['@a..c', 'D', false],
  ['@>b', 'C', true],
  ["@'A B'", 'a b', true],
  ['London|@paris', 'PARIS', true],
  ['London|@paris', 'LONDON', false],
]);

cases('quoting', [
  ["'a b|c'", 'a b|c', true],
  ["'a b|c'", 'a b', false],
  ["'*'", '*', true],
  ["'*'", 'x', false],
  ["'O''Brien'", "O'Brien", true],
  ["O'Brien", "O'Brien", true],
  ["'a?'", 'ab', false],
]);

cases('the empty value', [
  ["''", '', true],
  ["''", 'x', false],
  ["''", undefined, true],
  ["''", null, true],
  ["<>''", '', false],
  ["<>''", null, false],
  ["<>''", 'x', true],
  ['a', undefined, false],
  ["''|x", '', true],
]);

cases('or, and, precedence', [
  ['a|b', 'b', true],
  ['a|b', 'c', false],
  ['>a&<c', 'b', true],
  ['>a&<c', 'c', false],
  ['a|b&c', 'a', true],
  ['a|b&c', 'b', false],
  ['(a|b)&<>b', 'a', true],
  ['(a|b)&<>b', 'b', false],
  ['<>a&<>b', 'c', true],
  ['<>a&<>b', 'a', false],
]);

cases('booleans', [
  ['Yes', true, true],
  ['Yes', false, false],
  ['No', false, true],
  ['yes', true, true],
  ['true', true, true],
  ['false', true, false],
  ['<>Yes', false, true],
  ['<>Yes', true, false],
  ['1', true, true],
  ['>No', true, true],
  ['No..No', true, false],
  ['Y*', true, true],
  ['Y*', false, false],
  ['maybe', true, false],
]);

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
