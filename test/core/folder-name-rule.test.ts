import { describe, expect, test } from '@jest/globals';
import { invisibleCharacterIn } from '../../src/core/settings-rules.js';

// Issue 10 item 3: one rule for invisible and unsafe characters in folder names, by Unicode class.
// Checked over every code point: each class the rule refuses is refused whole (but for the
// characters real text needs), and no visible character of any other class is refused.

const KEPT = [0x034f, 0x180b, 0x180c, 0x180d, 0x180f, 0x200c, 0x200d];
const keptRange = (cp: number) =>
  KEPT.includes(cp) ||
  (cp >= 0xfe00 && cp <= 0xfe0f) ||
  (cp >= 0xe0020 && cp <= 0xe007f) ||
  (cp >= 0xe0100 && cp <= 0xe01ef);

function codePointsOf(cls: RegExp): number[] {
  const out: number[] = [];
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    if (cls.test(String.fromCodePoint(cp))) out.push(cp);
  }
  return out;
}
const refused = (cp: number) => invisibleCharacterIn(`a${String.fromCodePoint(cp)}b`) !== null;
const hex = (cp: number) => `U+${cp.toString(16).toUpperCase()}`;

describe('folder names: the invisible-character rule over every code point', () => {
  test.each([
    ['controls (Cc)', /\p{Cc}/u],
    ['format characters (Cf)', /\p{Cf}/u],
    ['line separators (Zl)', /\p{Zl}/u],
    ['paragraph separators (Zp)', /\p{Zp}/u],
    ['default-ignorable code points (Hangul fillers among them)', /\p{Default_Ignorable_Code_Point}/u],
  ])('%s: every one refused, except those real text needs', (_name, cls) => {
    const all = codePointsOf(cls);
    expect(all.length).toBeGreaterThan(0);
    expect(all.filter((cp) => !keptRange(cp) && !refused(cp)).map(hex)).toEqual([]);
    expect(all.filter((cp) => keptRange(cp) && refused(cp)).map(hex)).toEqual([]);
  });

  // The Khmer inherent vowels (U+17B4, U+17B5) are marks that Unicode says not to use; they show as nothing.
  test('letters, marks, numbers, punctuation, symbols and spaces: none refused but the Hangul fillers and Khmer inherent vowels', () => {
    const visible = codePointsOf(/[\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}]/u);
    expect(visible.length).toBeGreaterThan(100_000);
    expect(visible.filter(refused).map(hex)).toEqual([
      'U+115F',
      'U+1160',
      'U+17B4',
      'U+17B5',
      'U+3164',
      'U+FFA0',
    ]);
  });

  test('the first refused character is named', () => {
    expect(invisibleCharacterIn('Business\u3164Central')).toBe('U+3164');
    expect(invisibleCharacterIn('Line\u2028Break\u200B')).toBe('U+2028');
    expect(invisibleCharacterIn('Business Central')).toBeNull();
  });
});
