import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { isStorableText, unstorableAt } from '../../src/core/storable-text.js';

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

describe('storable text, fast paths', () => {
  test.each([
    ['plain', 'Grace Clarke', true],
    ['a pair (emoji)', 'Zoë \ud83d\ude00', true],
    ['NUL', 'a\u0000b', false],
    ['lone high surrogate', 'No\ud800Mail', false],
    ['lone low surrogate at the start', '\udc00e', false],
    ['reversed pair', '\ude00\ud83d', false],
  ])('%s', (_name, s, ok) => {
    expect(isStorableText(s)).toBe(ok);
    expect(exact(s)).toBe(ok);
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
