/**
 * The default English words (HTTP bodies' messages, CLI lines, logs) show every value they quote as
 * any quoted input is shown: hidden characters escaped, bounded (attack 2026-12-07: resolve's "no
 * conflict" message isolated a hostile BC id but kept its ESC and newline raw).
 */
import { describe, expect, test } from '@jest/globals';
import { describeResolveFailure, describeRunRefusal } from '../../src/messages/english.js';

const HOSTILE: ReadonlyArray<readonly [string, string, string]> = [
  ['ESC and a newline', 'abc\u001b[2J\nx', '\\u001B'],
  ['a right-to-left override', 'abc\u202Eevil', '\\u202E'],
  ['a line separator', 'abc\u2028x', '\\u2028'],
  ['a stray isolate closer', 'abc\u2069x', '\\u2069'],
];

// Every describer whose message quotes a string a client or a store can hold.
const PLACES: ReadonlyArray<readonly [string, (v: string) => string]> = [
  [
    'resolve: no such conflict (the example)',
    (v) => describeResolveFailure({ kind: 'conflictNotFound', bcId: v }),
  ],
  [
    'resolve: already resolved',
    (v) => describeResolveFailure({ kind: 'alreadyResolved', bcId: v, by: 'resolve' }),
  ],
  [
    'resolve: contact missing',
    (v) => describeResolveFailure({ kind: 'contactMissing', side: 'outlook', id: v }),
  ],
  ['run refused: folder busy', (v) => describeRunRefusal({ kind: 'folderBusy', runId: v })],
  ['run refused: run id taken', (v) => describeRunRefusal({ kind: 'runIdTaken', runId: v })],
];

/** The formatter's own isolates around a value (FSI … PDI) are its; any other hidden character is not. */
const rawHidden = (text: string): string[] =>
  [...text.replace(/\u2068|\u2069/g, '')].filter((c) => /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(c));

describe.each(PLACES)('%s', (_place, describe_) => {
  test.each(HOSTILE)('%s is shown escaped', (_name, value, escaped) => {
    const text = describe_(value);
    expect(text).toContain(escaped);
    expect(rawHidden(text)).toEqual([]);
  });

  test('a 120,000-character value is cut', () => {
    expect(describe_('x'.repeat(120_000)).length).toBeLessThan(1_400);
  });
});
