import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { isStorableText, unstorableAt } from '../../src/pure/storable-text.js';

/**
 * The planner asks whether every value of every contact is storable (issue 12 §2: 0.8 s of a
 * 100,000-contact plan). The fast paths (one scan for U+0000 or any surrogate; a walk that makes no
 * paths) must answer exactly as the rule itself: no U+0000, no unpaired surrogate.
 */
const exact = (s: string): boolean =>
  !s.includes('\u0000') &&
  ![...Array(s.length).keys()].some((i) => {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const n = s.charCodeAt(i + 1);
      return !(n >= 0xdc00 && n <= 0xdfff);
    }
    if (c >= 0xdc00 && c <= 0xdfff) {
      const p = i > 0 ? s.charCodeAt(i - 1) : 0;
      return !(p >= 0xd800 && p <= 0xdbff);
    }
    return false;
  });

const unit = fc.constantFrom('a', 'é', '\u0000', '\ud83d', '\ude00', '\ud83d\ude00', ' ', '~', '/');
const text = fc.array(unit, { maxLength: 8 }).map((xs) => xs.join(''));

// The one well-formedness rule's cases (the facade's input guard refuses the unstorable ones at the
// HTTP edge, test/server/unstorable-text.test.ts), each answered by the fast path and the rule.
const STORABLE: Record<string, string> = {
  plain: 'Grace Clarke',
  'plain, short': 'Ann',
  'a pair (emoji)': 'Zoë \ud83d\ude00',
  'a pair between letters': 'a😀b',
};
const UNSTORABLE: Record<string, string> = {
  'NUL inside': 'a\u0000b',
  'NUL at the end': 'a\u0000',
  'lone high surrogate': 'No\ud800Mail',
  'a lone high surrogate at the end': 'a\ud800',
  'lone low surrogate at the start': '\udc00e',
  'a lone low surrogate at the start, then a letter': '\udc00a',
  'two high surrogates': '\ud800\ud800\udc00',
  'reversed pair': '\ude00\ud83d',
  'reversed pair, low first': '\udc00\ud800',
};

describe('storable text, fast paths', () => {
  test.each([
    ...Object.entries(STORABLE).map(([name, text]) => ({ name, text, storable: true })),
    ...Object.entries(UNSTORABLE).map(([name, text]) => ({ name, text, storable: false })),
  ])('$name → $storable', ({ text, storable }) => {
    expect(isStorableText(text)).toBe(storable);
    expect(exact(text)).toBe(storable);
  });

  test('unstorableAt names the first bad string or name as a JSON Pointer', () => {
    expect(unstorableAt({ a: ['ok', { 'b/c': 'x\ud800' }] })).toBe('/a/1/b~1c');
    expect(unstorableAt({ ['k\udc00']: 1 })).toBe('/k\udc00');
    expect(unstorableAt('\u0000')).toBe('');
    expect(unstorableAt({ a: ['😀'], n: 1, z: null })).toBeNull();
  });

  test('property: isStorableText is the exact rule', () => {
    fc.assert(
      fc.property(text, (s) => expect(isStorableText(s)).toBe(exact(s))),
      { numRuns: 5_000 },
    );
  });

  test('property: unstorableAt finds a path exactly when some string or key breaks the rule', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        text,
        fc.integer(),
        fc.constant(null),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(text, tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    const anyBroken = (v: unknown): boolean =>
      typeof v === 'string'
        ? !exact(v)
        : Array.isArray(v)
          ? v.some(anyBroken)
          : typeof v === 'object' && v !== null
            ? Object.entries(v).some(([k, x]) => !exact(k) || anyBroken(x))
            : false;
    fc.assert(
      fc.property(value, (v) => expect(unstorableAt(v) !== null).toBe(anyBroken(v))),
      { numRuns: 2_000 },
    );
  });
});
