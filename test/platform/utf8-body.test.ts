import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { firstInvalidUtf8, invalidUtf8In } from '../../src/platform/utf8-body.js';

// The byte walk that says where a body stops being UTF-8 (issue 10 §3), against the WHATWG decoder:
// it must find a bad byte exactly when the decoder would put U+FFFD, and at the same place.

const bytes = (...b: number[]) => Uint8Array.from(b);

/**
 * The decoder's answer: -1 when it decodes the whole input, else the length of the longest prefix
 * it decodes — every prefix that reaches into the first bad sequence fails (invalid, or cut off).
 */
function oracle(input: Uint8Array): number {
  const decodes = (n: number) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(input.subarray(0, n));
      return true;
    } catch {
      return false;
    }
  };
  if (decodes(input.length)) return -1;
  for (let n = input.length - 1; n > 0; n--) if (decodes(n)) return n;
  return 0;
}

describe('firstInvalidUtf8', () => {
  test.each([
    ['ASCII', bytes(0x61, 0x62), -1],
    ['ü (C3 BC)', bytes(0x61, 0xc3, 0xbc), -1],
    ['😀 (F0 9F 98 80)', bytes(0xf0, 0x9f, 0x98, 0x80), -1],
    ['U+FFFD itself (EF BF BD)', bytes(0xef, 0xbf, 0xbd), -1],
    ['Latin-1 ü (FC)', bytes(0x4d, 0xfc, 0x6c), 1],
    ['a lone continuation byte (80)', bytes(0x61, 0x80), 1],
    ['overlong NUL (C0 80)', bytes(0xc0, 0x80), 0],
    ['overlong / (E0 80 AF)', bytes(0xe0, 0x80, 0xaf), 0],
    ['a surrogate U+D800 (ED A0 80)', bytes(0x61, 0xed, 0xa0, 0x80), 1],
    ['past U+10FFFF (F4 90 80 80)', bytes(0xf4, 0x90, 0x80, 0x80), 0],
    ['F5 and above', bytes(0xf5, 0x80, 0x80, 0x80), 0],
    ['cut at the end (E2 82)', bytes(0x61, 0xe2, 0x82), 1],
    ['a continuation missing mid-body (E2 41)', bytes(0xe2, 0x41), 0],
    ['FF', bytes(0xff), 0],
  ])('%s', (_name, input, expected) => {
    expect(firstInvalidUtf8(input)).toBe(expected);
    expect(oracle(input)).toBe(expected);
  });

  test('property: agrees with the WHATWG decoder on where the first bad byte is', () => {
    // Biased towards the bytes that matter: leads, continuations, and the range edges.
    const byte = fc.oneof(
      fc.integer({ min: 0, max: 255 }),
      fc.constantFrom(0x41, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4),
    );
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 24 }), (list) => {
        const input = Uint8Array.from(list);
        expect(firstInvalidUtf8(input)).toBe(oracle(input));
      }),
      { numRuns: 5000 },
    );
  });

  test('property: well-formed text as UTF-8 is never refused', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(firstInvalidUtf8(Buffer.from(text))).toBe(-1);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('invalidUtf8In: where, in a JSON body', () => {
  const body = (...parts: Array<string | number[]>) =>
    Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

  test.each([
    [
      'a value',
      body('{"a":{"b":["x","M', [0xfc], 'ller"]}}'),
      { offset: 17, byte: 0xfc, at: '/a/b/1', inName: false },
    ],
    [
      'a property name',
      body('{"a":{"n', [0xfc], '":1}}'),
      { offset: 8, byte: 0xfc, at: '/a/n\uFFFD', inName: true },
    ],
    ['outside any string', body('{"a":', [0xfc], '}'), { offset: 5, byte: 0xfc, at: null, inName: false }],
    ['not JSON at all', body('name=M', [0xfc]), { offset: 6, byte: 0xfc, at: null, inName: false }],
    [
      'the second of two bad bytes is not the one named',
      body('["', [0xff], '","', [0xfe], '"]'),
      { offset: 2, byte: 0xff, at: '/0', inName: false },
    ],
  ])('%s', (_name, input, expected) => {
    expect(invalidUtf8In(input)).toEqual(expected);
  });

  test('a body holding every noncharacter marker still gets an offset', () => {
    const markers = Array.from({ length: 32 }, (_, i) => String.fromCharCode(0xfdd0 + i)).join('');
    expect(invalidUtf8In(body(`["${markers}`, [0xff], '"]'))).toEqual({
      offset: 2 + Buffer.byteLength(markers),
      byte: 0xff,
      at: null,
      inName: false,
    });
  });
});
