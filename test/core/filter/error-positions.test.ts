import { describe, test, expect } from '@jest/globals';
import { FILTER_LIMITS, parseFilterExpression } from '../../../src/core/filter/parse.js';
import type { FilterErrorKind, FilterSyntaxError } from '../../../src/core/filter/types.js';

/*
 * A filter's error points at the character that is wrong (newuser): an expression that stops too
 * early (`a|`, `'abc`, `(a`) used to point one past its end, a place the pane could only mark with
 * a blank. Every kind of the parser's errors, then every expression over the filter's alphabet.
 */

function failure(text: string): FilterSyntaxError {
  const result = parseFilterExpression(text);
  if (result.ok) throw new Error(`expected ${JSON.stringify(text)} to fail`);
  return result.error;
}

/** The parser's kinds; the others (tooCostly, unknownField, notText) are a field's, not a place in it. */
type ParserKind = Exclude<FilterErrorKind, 'tooCostly' | 'unknownField' | 'notText'>;

/** Each kind: expressions that fail so, and the text from the position on (what the pane marks). */
const KINDS: Record<ParserKind, ReadonlyArray<readonly [text: string, at: string]>> = {
  empty: [
    ['', ''],
    ['   ', '   '],
  ],
  endOfInput: [
    ['Helsinki|', '|'],
    ['Helsinki|  ', '|  '],
    ['a&', '&'],
    ['<>', '<>'],
    ['>= ', '>= '],
    ['a..@', '@'],
    ['@', '@'],
    ['..', '..'],
    ['a|(', '('],
    ['(a', '(a'],
    ['((a)', '((a)'],
    ['x|(a b', '(a b'],
  ],
  unexpectedToken: [
    ['a||b', '|b'],
    ["'a'b", 'b'],
  ],
  unmatchedParen: [['a)', ')']],
  rangeHasTwoDots: [['a....b', '..b']],
  unterminatedQuote: [
    ["'abc", "'abc"],
    ["a|'it''s", "'it''s"],
  ],
  wildcardNotAllowed: [['>a*', '*']],
  tooDeep: [['('.repeat(65) + 'a', '(a']],
  tooLong: [['a'.repeat(FILTER_LIMITS.length) + 'bc', 'bc']],
  tooManyValues: [
    ['a|'.repeat(FILTER_LIMITS.values) + 'b', 'b'],
    ['a|'.repeat(FILTER_LIMITS.values) + ' ', '| '],
  ],
};

describe('a filter error points at the character that is wrong', () => {
  test.each(
    Object.entries(KINDS).flatMap(([kind, cases]) => cases.map(([text, at]) => [kind, text, at] as const)),
  )('%s: %j is wrong at %j', (kind, text, at) => {
    const error = failure(text);
    expect({ kind: error.kind, at: text.slice(error.position) }).toEqual({ kind, at });
  });

  test("the example: 'abc (Name) and London| (City) point at the quote and the |", () => {
    expect(failure("'abc").position).toBe(0);
    expect(failure('London|').position).toBe(6);
  });

  test('every failing expression of up to 4 characters (and a trailing space) points inside itself', () => {
    const alphabet = ['a', '*', "'", '(', ')', '|', '&', '.', '<', '>', '=', '@', ' '];
    let layer = [''];
    const wrong: string[] = [];
    let failures = 0;
    for (let length = 1; length <= 4; length++) {
      layer = layer.flatMap((prefix) => alphabet.map((ch) => prefix + ch));
      for (const text of layer.flatMap((t) => [t, `${t} `])) {
        const parsed = parseFilterExpression(text);
        if (parsed.ok) continue;
        failures++;
        const { position } = parsed.error;
        // A blank expression has no character that is wrong: its start.
        const inside = text.trim() === '' ? position === 0 : position < text.length && text[position] !== ' ';
        if (!inside) wrong.push(`${JSON.stringify(text)} at ${position}`);
      }
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    // The walk reaches the failures it is about (not a vacuous pass).
    expect(failures).toBeGreaterThan(10_000);
  });
});
