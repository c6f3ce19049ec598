import { describe, expect, test } from '@jest/globals';
import { BOUND_FORMULA, lowerBoundMs } from '../../bench/suite/bound.js';
import { SCENARIO_DEFS } from '../../bench/suite/scenarios.js';

// The benchmark's bound models the Graph calls a scenario cannot do without. A delta's reported
// contacts are read whole as the folder's newest in one list request (62091d4), so the bound of
// delta-outlook-1pct counts one list request, not a read by id per reported contact.

const limits = {
  latencyMs: 40,
  concurrency: 4,
  quota: 10_000,
  windowMs: 120_000,
  concurrencyRetryAfterS: 1,
  compress: 5,
};

describe('the bench bound (issue 12)', () => {
  test.each([
    // n, delta pages + list requests + writes on 4 slots, at 40 ms each
    [1_000, (1 + 1 + Math.ceil(5 / 4)) * 40],
    [10_000, (1 + 1 + Math.ceil(50 / 4)) * 40],
  ])('delta-outlook-1pct at %i: the reported contacts are one list request (%i ms)', (n, expected) => {
    const calls = SCENARIO_DEFS['delta-outlook-1pct'].required(n);
    expect(lowerBoundMs(calls, limits)).toBe(expected);
  });

  test('the printed formula names the list request, not reads by id', () => {
    expect(BOUND_FORMULA).toContain('one list request');
    expect(BOUND_FORMULA).not.toContain('reads by id');
  });
});
