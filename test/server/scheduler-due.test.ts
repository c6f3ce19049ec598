import { describe, expect, test } from '@jest/globals';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { dueAt } from '../../src/server/scheduler.js';

// When a user's scheduled sync is due (design §2, BC's job queue entry for codeunit 6700): never
// "now" just because the user has no scheduled run yet (issue 9: a real sync ran right after the
// first settings save).
const clock = new ManualClock('2026-03-01T12:00:00.000Z');
const SAVED = '2026-03-01T11:50:00.000Z';
const LAST = '2026-03-01T08:00:00.000Z';

describe('dueAt', () => {
  test.each([
    [
      'first-time user: one interval after the settings were saved',
      30,
      null,
      SAVED,
      '2026-03-01T12:20:00.000Z',
    ],
    ['default daily schedule, first time', 1440, null, SAVED, '2026-03-02T11:50:00.000Z'],
    ['after a scheduled run: one interval after it started', 30, LAST, SAVED, '2026-03-01T08:30:00.000Z'],
    ['schedule off', 0, LAST, SAVED, null],
    ['schedule off, first time', 0, null, SAVED, null],
  ])('%s', (_name, minutes, last, saved, expected) => {
    expect(dueAt({ userId: 'u', minutes, last, saved }, clock)).toBe(expected);
  });

  test('the issue example: saving the settings for the first time does not make a run due now', () => {
    const now = clock.now();
    const at = dueAt({ userId: 'u', minutes: 1440, last: null, saved: now }, clock);
    expect(at! > now).toBe(true);
  });
});
