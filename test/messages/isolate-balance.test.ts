/**
 * Attack A4: isolated('\u2069\u202Eevil') gave FSI PDI RLO evil PDI — the value's own PDI closed
 * the FSI around it, and the RLO turned the rest of the sentence around ("Next sync at 10:05 UTC."
 * shown reversed in Chromium). The kind: whatever a value holds, the FSI that isolated() puts
 * before it is closed by the PDI it puts after it (UAX #9 BD9 pairing), so nothing of the value
 * reaches the sentence around it. Both formatters (the server's words and the pane's) use it.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { isolated } from '../../src/messages/value-format.js';

const FSI = '\u2068';
const PDI = '\u2069';
const INITIATORS = new Set(['\u2066', '\u2067', FSI]);

/** The index of the PDI that closes the isolate initiator at `at` (UAX #9 BD9), or -1. */
function closerOf(text: string, at: number): number {
  const chars = [...text];
  const stack: number[] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    if (INITIATORS.has(c)) stack.push(i);
    else if (c === PDI && stack.length > 0) {
      const opened = stack.pop();
      if (opened === at) return i;
    }
  }
  return -1;
}

/** A sentence with `value` isolated in it: the value's FSI must close at the value's end. */
function assertContained(value: string): void {
  const shown = isolated(value);
  const sentence = `Run ${shown}. Next sync at 10:05 UTC.`;
  if (!shown.startsWith(FSI)) return expect(shown).toBe(value);
  const open = [...'Run '].length;
  const close = open + [...shown].length - 1;
  expect([...sentence][close]).toBe(PDI);
  expect(closerOf(sentence, open)).toBe(close);
}

describe('isolated: a value cannot close or leave open the isolate around it', () => {
  test.each([
    ['the attack example: a PDI then an override', '\u2069\u202Eevil'],
    ['two PDIs first', '\u2069\u2069\u202Ex'],
    ['an isolate left open', '\u2067abc'],
    ['an isolate left open after a closed one', '\u2066a\u2069\u2068b'],
    ['a Hebrew name', 'דוד כהן'],
    ['an override left open', '\u202Eevil'],
  ])('%s', (_name, value) => assertContained(value));

  test("the attack example keeps the value's letters and override, drops the stray PDI", () => {
    expect(isolated('\u2069\u202Eevil')).toBe(`${FSI}\u202Eevil${PDI}`);
  });

  test('property: any mix of letters, marks, embeddings, overrides and isolates stays contained', () => {
    const alphabet = ['a', 'b', ' ', 'א', 'ب', '1', '\u200e', '\u200f', '\u061c'].concat([
      '\u202a',
      '\u202b',
      '\u202c',
      '\u202d',
      '\u202e',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
    ]);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 24 }), (chars) => {
        const value = chars.join('');
        assertContained(value);
        // Nothing but stray PDIs is taken away, and only PDIs are added.
        const kept = [...isolated(value)].filter((c) => c !== PDI && c !== FSI).join('');
        expect(kept).toBe(chars.filter((c) => c !== PDI && c !== FSI).join(''));
      }),
      { numRuns: 2000 },
    );
  });
});
