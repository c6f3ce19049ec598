import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { replayOptions } from '../support/replay-case.js';

/** The values fast-check hands a property under `options`, in order. */
function valuesRun(options: { numRuns: number; seed: number; path?: string }): number[] {
  const seen: number[] = [];
  fc.assert(
    fc.property(fc.integer(), (v) => {
      seen.push(v);
    }),
    options,
  );
  return seen;
}

describe('replayOptions: a named case is replayed alone, as the seed makes it', () => {
  const SEED = 4711;
  const all = valuesRun({ numRuns: 40, seed: SEED });
  // Every index of a run, the first and the last included: the way a test names a seed's case.
  test.each([0, 1, 4, 14, 31, 39])('case %i of 40', (k) => {
    expect(valuesRun(replayOptions(k + 1, SEED, String(k)))).toEqual([all[k]]);
    expect(valuesRun(replayOptions(40, SEED, String(k)))).toEqual([all[k]]);
  });

  test('no path: numRuns cases from the seed, as before', () => {
    expect(valuesRun(replayOptions(40, SEED, undefined))).toEqual(all);
  });

  test('fast-check alone runs numRuns cases from the path on (why the options exist)', () => {
    expect(valuesRun({ numRuns: 32, seed: SEED, path: '31' }).length).toBe(32);
  });
});
