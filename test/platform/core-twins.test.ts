import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import * as coreWalk from '../../src/core/json-walk.js';
import * as coreText from '../../src/core/storable-text.js';
import * as platformWalk from '../../src/platform/json-walk.js';
import * as platformText from '../../src/platform/unstorable-text.js';

/*
 * The HTTP input guards run in the Graph emulator too, which imports no core code, and core imports
 * nothing outside core (docs/architecture.md): so platform holds twins of the core functions the
 * guards need. These properties keep each twin's answers equal to core's, so the facade's guard and
 * the stores never disagree on what text is storable or where a JSON walk finds something.
 */

// Text rich in what the rule is about: NUL, lone and paired surrogates, '~' and '/' (pointer escapes).
const suspectChar = fc.constantFrom('\u0000', '\ud800', '\udc00', '\ud83d\ude00', '~', '/', 'a', 'é', '');
const suspectText = fc.oneof(
  fc.array(suspectChar, { maxLength: 8 }).map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 12 }),
);
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    suspectText,
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(suspectText, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** Every visit a walk makes, in order, stopping where `stopAt` (a visit count) says. */
function visits(
  walk: typeof coreWalk.firstInJson,
  root: unknown,
  stopAt: number,
  escape: boolean,
): unknown[] {
  const seen: unknown[] = [];
  const answer = walk<string>(root, {
    onValue: (v, at, depth) => {
      seen.push(['value', typeof v, at, depth]);
      return seen.length === stopAt ? `value ${at}` : null;
    },
    onKey: (key, _v, at) => {
      seen.push(['key', key, at]);
      return seen.length === stopAt ? `key ${at}` : null;
    },
    ...(escape ? { pointerToken: (key: string) => `<${key}>` } : {}),
  });
  return [...seen, answer];
}

describe('platform twins of core functions answer as core does', () => {
  it('firstInJson visits the same values and keys in the same order, and stops at the same answer', () => {
    fc.assert(
      fc.property(json, fc.nat({ max: 30 }), fc.boolean(), (root, stopAt, escape) => {
        expect(visits(platformWalk.firstInJson, root, stopAt, escape)).toEqual(
          visits(coreWalk.firstInJson, root, stopAt, escape),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('isStorableText agrees on every text', () => {
    fc.assert(
      fc.property(suspectText, (text) => {
        expect(platformText.isStorableText(text)).toBe(coreText.isStorableText(text));
      }),
      { numRuns: 1000 },
    );
  });

  it('named examples: a lone surrogate, a NUL, a pair, and a key with pointer escapes', () => {
    for (const text of ['\ud800x', 'a\u0000b', 'ok\ud83d\ude00'])
      expect(platformText.isStorableText(text)).toBe(coreText.isStorableText(text));
    expect(visits(platformWalk.firstInJson, { 'a~b/c': 1 }, 0, false)).toEqual(
      visits(coreWalk.firstInJson, { 'a~b/c': 1 }, 0, false),
    );
    expect(platformWalk.pointerToken('a~b/c')).toBe('a~0b~1c');
    expect(platformText.escapedUnstorable('a\u0000\ud800')).toBe('a\\0\\uD800');
  });
});
