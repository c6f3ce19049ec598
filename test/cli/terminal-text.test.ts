import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { terminalLine } from '../../src/cli/terminal-text.js';
import { catalogWords } from '../../src/messages/english.js';
import en from '../../src/messages/catalogs/en.js';

// Attack F3: a run id another host chose ("run\n\u001b[31m…") was printed by the CLI as is.
/** What the CLI must never print raw: shownInput's hidden characters. */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]/u;

describe('terminalLine', () => {
  test('the attack example: a newline and an ANSI escape are printed as escapes', () => {
    expect(terminalLine('A sync is already running (run r\n\u001b[31mfake)')).toBe(
      'A sync is already running (run r\\u000A\\u001B[31mfake)',
    );
  });

  test('property: no hidden character survives, and text without one is unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        // A final '.' keeps the line's own ending out of the case: every character of text is escaped.
        const out = terminalLine(`${text}.`);
        expect(HIDDEN.test(out)).toBe(false);
        if (!HIDDEN.test(text)) expect(out).toBe(`${text}.`);
      }),
    );
  });

  // Every kind of hidden character, raw in a line (a server's message, a run id, an error's text).
  test.each([
    ['U+202E RIGHT-TO-LEFT OVERRIDE', 'run \u202Eevil', 'run \\u202Eevil'],
    ['U+202A LEFT-TO-RIGHT EMBEDDING', 'a\u202Ab', 'a\\u202Ab'],
    ['U+2066 LRI, unclosed', 'a\u2066b', 'a\\u2066b'],
    ['U+2067 RLI and its PDI', 'a\u2067b\u2069c', 'a\\u2067b\\u2069c'],
    ['U+2069 PDI closing nothing', 'a\u2069\u202Eb', 'a\\u2069\\u202Eb'],
    ['U+200E LRM and U+200F RLM', 'a\u200Eb\u200Fc', 'a\\u200Eb\\u200Fc'],
    ['U+2028 LINE and U+2029 PARAGRAPH SEPARATOR', 'a\u2028b\u2029c', 'a\\u2028b\\u2029c'],
    ['U+0085 NEXT LINE (C1)', 'a\u0085b', 'a\\u0085b'],
    ['U+200B ZERO WIDTH SPACE and U+FEFF', 'a\u200Bb\uFEFFc', 'a\\u200Bb\\uFEFFc'],
    ['an astral tag character', 'a\u{E0041}b', 'a\\u{E0041}b'],
  ])('%s is written as its escape', (_name, line, shown) => {
    expect(terminalLine(line)).toBe(shown);
  });

  // The message formatter isolates a value holding right-to-left text or direction controls
  // (value-format.ts): the CLI leaves its isolates out and escapes what the value brought.
  const words = catalogWords('en', en);
  const unexpected = (name: string) => words.text('runError_unexpected', { name });
  test.each([
    ['a Hebrew name: the isolates left out, the name as it is', 'דוד כהן', 'דוד כהן'],
    ['an override in a value (attack A4 without its PDI)', '\u202Eevil', '\\u202Eevil'],
    ['attack A4: a PDI then an override', '\u2069\u202Eevil', '\\u202Eevil'],
    ["a value's own isolate pair: escaped", 'a\u2068b\u2069c', 'a\\u2068b\\u2069c'],
    [
      "a value's unclosed isolate: escaped with the PDI the formatter gave it",
      'a\u2067b',
      'a\\u2067b\\u2069',
    ],
    ['plain text: no isolate at all', 'TypeError', 'TypeError'],
  ])('%s', (_name, value, shown) => {
    const line = unexpected(value);
    expect(line).toContain(value === 'TypeError' ? 'TypeError' : '\u2068');
    expect(terminalLine(line)).toBe(
      `The run stopped on an unexpected error (${shown}); the server log has the details.`,
    );
  });

  test("an FSI…PDI pair at the outer level of a line is taken for the formatter's: left out, inert either way", () => {
    expect(terminalLine('run \u2068r1\u2069 \u2068\u202Ex\u2069')).toBe('run r1 \\u202Ex');
  });

  test('a line keeps its own ending, and only that', () => {
    expect(terminalLine('bc-contact-sync: run a\nb\n')).toBe('bc-contact-sync: run a\\u000Ab\n');
  });
});
