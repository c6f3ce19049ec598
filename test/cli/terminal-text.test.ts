import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { terminalLine } from '../../src/cli/terminal-text.js';

// Attack F3: a run id another host chose ("run\n\u001b[31m…") was printed by the CLI as is.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/; // eslint-disable-line no-control-regex

describe('terminalLine', () => {
  test('the attack example: a newline and an ANSI escape are printed as escapes', () => {
    expect(terminalLine('A sync is already running (run r\n\u001b[31mfake)')).toBe(
      'A sync is already running (run r\\u000A\\u001B[31mfake)',
    );
  });

  test('property: no control character survives, and text without one is unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        // A final '.' keeps the line's own ending out of the case: every character of text is escaped.
        const out = terminalLine(`${text}.`);
        expect(CONTROL.test(out)).toBe(false);
        if (!CONTROL.test(text)) expect(out).toBe(`${text}.`);
      }),
    );
  });

  test('a line keeps its own ending, and only that', () => {
    expect(terminalLine('bc-contact-sync: run a\nb\n')).toBe('bc-contact-sync: run a\\u000Ab\n');
  });
});
