import { describe, expect, test } from '@jest/globals';
import { compileFilter } from '../../src/core/filter/contact-filter.js';
import { filterError } from '../../src/taskpane/components/FilterBuilder/FilterBuilder.js';

/*
 * Helper newuser: the pane checked a filter's raw text while the server parses its text form (NFC,
 * invisible characters dropped), so `a|` followed by a zero-width space passed the pane's check and
 * Save was refused ("expected a value after '|'"). Both now parse through one function
 * (core/filter/parse-as-typed.ts). Every expression of up to 3 characters over operators, letters
 * typed composed and decomposed, and the invisible and space characters the text form changes:
 * the pane's error is the server's, position included.
 */

const ALPHABET = [
  'a',
  'e\u0301',
  'é',
  '|',
  '&',
  '*',
  '.',
  '(',
  ')',
  '<',
  '=',
  '@',
  ' ',
  '\u200B',
  '\u00AD',
  '\u00A0',
];

/** The server's syntax error for a City filter `source` (null: it compiles). */
function serverError(source: string) {
  const result = compileFilter({ city: source });
  return result.ok ? null : (result.errors[0]?.error ?? null);
}

function* expressions(most: number): Generator<string> {
  let level = [''];
  for (let n = 1; n <= most; n++) {
    level = level.flatMap((prefix) => ALPHABET.map((ch) => prefix + ch));
    yield* level;
  }
}

describe("the pane's filter check is the server's", () => {
  test('the example: `a|` and a zero-width space is refused in the pane too, at the | as typed', () => {
    const source = 'a|\u200B';
    expect(serverError(source)).not.toBeNull();
    expect(filterError(source)).toEqual(serverError(source));
  });

  test('every expression of up to 3 characters: the same error or none, at the same position', () => {
    const differ: string[] = [];
    let n = 0;
    for (const source of expressions(3)) {
      n++;
      const pane = filterError(source);
      const server = source.trim() === '' ? null : serverError(source);
      if (JSON.stringify(pane) !== JSON.stringify(server)) differ.push(JSON.stringify(source));
    }
    expect(n).toBe(16 + 16 ** 2 + 16 ** 3);
    expect(differ.slice(0, 10)).toEqual([]);
  });
});
