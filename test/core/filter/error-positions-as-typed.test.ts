import { describe, expect, test } from '@jest/globals';
import { compileFilter } from '../../../src/core/filter/contact-filter.js';
import { FILTER_LIMITS, parseFilterExpression } from '../../../src/core/filter/parse.js';
import { textForm } from '../../../src/core/text-form.js';

/*
 * helper newuser: the server parses a filter in the one text form (NFC, invisible characters
 * dropped), and its error positions counted that form's characters. "Cafe\u0301\u200Bx|" (é typed
 * decomposed, a zero-width space pasted) said "Position 6" for the | at the 8th character, and the
 * pane marked the wrong character of the text the user typed. A position is the typed text's.
 */

/** compileFilter's one error for a City filter `source`: its position in `source`. */
function positionOf(source: string): number {
  const result = compileFilter({ city: source });
  if (result.ok) throw new Error(`expected ${JSON.stringify(source)} to fail`);
  return result.errors[0]!.error.position;
}

/** Ways a typed character differs from its text form: each keeps one form character per run. */
const DECORATIONS: Record<string, (ch: string) => string> = {
  'decomposed letters': (ch) => (ch === 'a' ? 'a\u0301' : ch),
  'a zero-width space before each character': (ch) => `\u200B${ch}`,
  'a soft hyphen and a decomposed letter': (ch) => (ch === 'a' ? '\u00ADo\u0308' : ch),
  'no-break spaces': (ch) => (ch === ' ' ? '\u00A0' : ch),
};

/**
 * `expression` decorated run by run: the typed text and, per form character, where its run's own
 * character starts (after any invisible character before it, which no error can point at).
 */
function decorate(
  expression: string,
  decoration: (ch: string) => string,
): { typed: string; starts: number[] } {
  let typed = '';
  const starts: number[] = [];
  for (const ch of expression) {
    const run = decoration(ch);
    starts.push(typed.length + run.length - run.replace(/^[\u200B\u00AD]+/u, '').length);
    typed += run;
  }
  return { typed, starts };
}

describe('a filter error points at the character as typed, whatever its text form', () => {
  test('the example: the | of "Cafe\\u0301\\u200Bx|" is its 8th character (index 7)', () => {
    expect(positionOf('Cafe\u0301\u200Bx|')).toBe(7);
  });

  test.each(Object.entries(DECORATIONS))(
    '%s: every failing expression of up to 3 characters (and the kinds past them)',
    (_name, decoration) => {
      const alphabet = ['a', '*', "'", '(', ')', '|', '&', '.', '<', '>', '@', ' '];
      let layer = [''];
      const expressions: string[] = [
        'a'.repeat(FILTER_LIMITS.length - 5) + 'aa|bcdefg',
        'a|'.repeat(FILTER_LIMITS.values) + 'b',
        '('.repeat(65) + 'a',
      ];
      for (let length = 1; length <= 3; length++) {
        layer = layer.flatMap((prefix) => alphabet.map((ch) => prefix + ch));
        expressions.push(...layer);
      }
      const wrong: string[] = [];
      let checked = 0;
      for (const expression of expressions) {
        const { typed, starts } = decorate(expression, decoration);
        const form = textForm(typed);
        const parsed = parseFilterExpression(form);
        if (parsed.ok || form.trim() === '') continue;
        checked++;
        const expected = starts[parsed.error.position] ?? typed.length;
        const position = positionOf(typed);
        if (position !== expected) wrong.push(`${JSON.stringify(typed)}: ${position}, not ${expected}`);
      }
      expect(wrong.slice(0, 10)).toEqual([]);
      // Not a vacuous pass: the walk meets the failures it is about.
      expect(checked).toBeGreaterThan(1000);
    },
  );
});
