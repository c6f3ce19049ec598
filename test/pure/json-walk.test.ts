import { describe, expect, it } from '@jest/globals';
import { firstInJson, pointerToken } from '../../src/pure/json-walk.js';
import { escapedUnstorable } from '../../src/pure/storable-text.js';

/** Every visit the walk makes, in order, and its answer; `stopAt` (a visit count) names the visit that answers. */
function visits(root: unknown, stopAt: number): unknown[] {
  const seen: unknown[] = [];
  const answer = firstInJson<string>(root, {
    onValue: (v, at, depth) => {
      seen.push(['value', typeof v, at, depth]);
      return seen.length === stopAt ? `value ${at}` : null;
    },
    onKey: (key, _v, at) => {
      seen.push(['key', key, at]);
      return seen.length === stopAt ? `key ${at}` : null;
    },
  });
  return [...seen, answer];
}

describe('the one JSON walk (core, the input guards and the emulator walk with it)', () => {
  it('visits a value, then its keys last to first, then each child depth-first; pointers escape ~ and /', () => {
    expect(visits({ 'a~b/c': 1, d: [true] }, 0)).toEqual([
      ['value', 'object', '', 0],
      ['key', 'd', '/d'],
      ['key', 'a~b/c', '/a~0b~1c'],
      ['value', 'number', '/a~0b~1c', 1],
      ['value', 'object', '/d', 1],
      ['key', '0', '/d/0'],
      ['value', 'boolean', '/d/0', 2],
      null,
    ]);
    expect(pointerToken('a~b/c')).toBe('a~0b~1c');
  });

  it('stops at the first answer, from a key or a value', () => {
    expect(visits({ a: 1, b: 2 }, 2)).toEqual([['value', 'object', '', 0], ['key', 'b', '/b'], 'key /b']);
    expect(visits({ a: 1 }, 3).at(-1)).toBe('value /a');
  });

  it('a refusal writes unstorable text readably: NUL as \\0, a lone surrogate as its code unit', () => {
    expect(escapedUnstorable('a\u0000\ud800')).toBe('a\\0\\uD800');
    expect(escapedUnstorable('ok\ud83d\ude00')).toBe('ok\ud83d\ude00');
  });
});
