import { describe, expect, test } from '@jest/globals';
import { answeredRunRefusal } from '../../src/cli/busy-refusal.js';
import { describeRunRefusal } from '../../src/messages/english.js';
import { answeredTime, zonedMinute } from '../../src/messages/wait-time.js';

// Attack A6: a 409 RunInProgress whose reason.until was no time ("soon", "") made the CLI's busy
// line throw RangeError: Invalid time value from the formatter, and the CLI ended with a stack.
// The kind: a time read from an answer is a time or none (answeredTime), at every edge that reads
// one (the CLI here, the pane's server-runner in test/taskpane/server-runner.test.ts).

const GOOD = '2026-12-07T10:04:10.000Z';

describe('a run refusal answered with an until that is no time', () => {
  test.each([
    ['soon', undefined],
    ['', undefined],
    [42, undefined],
    ['2026-13-45T99:00:00Z', undefined],
    [GOOD, GOOD],
  ])('until %j is read as %j, and the busy line is worded without throwing', (until, read) => {
    const refusal = answeredRunRefusal({
      code: 'RunInProgress',
      reason: { runId: 'r1', refusal: 'folderBusy', until },
    });
    expect(refusal).not.toBeNull();
    expect(refusal && 'until' in refusal ? refusal.until : undefined).toBe(read);
    const line = describeRunRefusal(refusal!, (iso) => zonedMinute(iso, 'Europe/Paris'));
    expect(line).toContain('r1');
    if (read) expect(line).toContain('2026-12-07 11:05 UTC+01:00');
  });

  test('a settling refusal with no time left is a busy folder without one', () => {
    expect(
      answeredRunRefusal({ code: 'RunInProgress', reason: { runId: 'r1', settling: true, until: 'soon' } }),
    ).toEqual({
      kind: 'folderBusy',
      runId: 'r1',
    });
  });

  test('answeredTime: a string Date.parse reads, else null', () => {
    expect([GOOD, 'soon', '', null, 7, {}].map(answeredTime)).toEqual([GOOD, null, null, null, null, null]);
  });
});
