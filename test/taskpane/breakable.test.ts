/**
 * Break points of long values (src/taskpane/layout/breakable.tsx): a value breaks before `.`, `@`
 * and `_` inside it, nowhere else, and the pieces give the value back.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { breakPieces } from '../../src/taskpane/layout/breakable.js';

const WORD = /[\p{L}\p{M}\p{N}]/u;
const RUNS = Number(process.env.PROP_RUNS ?? 300);

describe('breakPieces', () => {
  test('the e-mail that split mid-word at 800 px breaks only before its dots and @', () => {
    expect(breakPieces('maximilian.alexander.schwarzenberger@international-contoso-example.com')).toEqual([
      'maximilian',
      '.alexander',
      '.schwarzenberger',
      '@international-contoso-example',
      '.com',
    ]);
  });

  test.each([
    ['a sentence: a full stop then a space', 'Done. Next step.', ['Done. Next step.']],
    ['an ellipsis and a leading dot', '...and .hidden', ['...and .hidden']],
    ['a label and a number', 'No.\u00a0KT000042', ['No.\u00a0KT000042']],
    [
      'a value in a sentence',
      'Add ann.lee@fabrikam.com to BC?',
      ['Add ann', '.lee', '@fabrikam', '.com to BC?'],
    ],
    ['an underscore name', 'first_last', ['first', '_last']],
    ['Finnish letters', 'tehtävä.nimike@yhtiö.fi', ['tehtävä', '.nimike', '@yhtiö', '.fi']],
    ['empty', '', ['']],
  ])('%s', (_, text, pieces) => {
    expect(breakPieces(text)).toEqual(pieces);
  });

  test('property: the pieces give the text back, and each cut is before . @ _ between word characters', () => {
    const chars = fc.constantFrom('a', 'ä', '9', '.', '@', '_', '-', ' ', '/', 'Z');
    fc.assert(
      fc.property(
        fc.array(chars, { maxLength: 40 }).map((a) => a.join('')),
        (text) => {
          const pieces = breakPieces(text);
          expect(pieces.join('')).toBe(text);
          let at = 0;
          for (const piece of pieces.slice(0, -1)) {
            at += piece.length;
            expect(WORD.test(text[at - 1] ?? '')).toBe(true);
            expect('.@_'.includes(text[at] ?? 'x')).toBe(true);
            expect(WORD.test(text[at + 1] ?? '')).toBe(true);
          }
          // Every such place is cut: none is left inside a piece.
          for (const piece of pieces)
            expect(/[\p{L}\p{M}\p{N}][.@_][\p{L}\p{M}\p{N}]/u.test(piece.slice(1))).toBe(false);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
