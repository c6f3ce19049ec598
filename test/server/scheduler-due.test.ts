import { describe, expect, test } from '@jest/globals';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import fc from 'fast-check';
import { currentJob, dueAt, scheduledJob } from '../../src/server/scheduled-jobs.js';

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
    expect(dueAt({ userId: 'u', minutes, last, saved, lost: null }, clock)).toBe(expected);
  });

  test('the issue example: saving the settings for the first time does not make a run due now', () => {
    const now = clock.now();
    const at = dueAt({ userId: 'u', minutes: 1440, last: null, saved: now, lost: null }, clock);
    expect(at! > now).toBe(true);
  });
});

// The job of a due run (issue 12 §3): one id per user, due time and redone run, so ticks of any
// number of processes queue it once, and a run lost with its process gets a job of its own.
describe('scheduledJob', () => {
  const now = clock.now();
  const due = { userId: 'u', minutes: 30, last: LAST, saved: SAVED, lost: null };

  test.each([
    ['not due yet', { ...due, last: '2026-03-01T11:45:00.000Z' }, false],
    ['schedule off', { ...due, minutes: 0 }, false],
    ['due', due, true],
    ['due, and a run of it was lost', { ...due, lost: 'run-7' }, true],
  ])('%s', (_name, d, queued) => {
    expect(scheduledJob(d, clock, now) !== null).toBe(queued);
  });

  test('the same due run has the same job whenever and wherever it is ticked', () => {
    const a = scheduledJob(due, clock, now)!;
    const b = scheduledJob(due, clock, clock.shift(now, 47_000))!;
    expect(b).toEqual(a);
    expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  test('the killed run: once it is lost, the redo is a new job, and each lost run its own', () => {
    const first = scheduledJob(due, clock, now)!;
    const redo = scheduledJob({ ...due, lost: 'run-1' }, clock, now)!;
    const redoAgain = scheduledJob({ ...due, lost: 'run-2' }, clock, now)!;
    expect(new Set([first.id, redo.id, redoAgain.id]).size).toBe(3);
  });

  test('property: distinct (user, due time, lost run) give distinct jobs; equal ones the same', () => {
    const state = fc.record({
      userId: fc.constantFrom('a', 'b', 'a|b', '"', ''),
      minutes: fc.integer({ min: 1, max: 1440 }),
      last: fc.option(
        fc.integer({ min: 0, max: 10_000 }).map((m) => clock.shift(LAST, -m * 60_000)),
        { nil: null },
      ),
      lost: fc.option(fc.constantFrom('r1', 'r2', 'r1,', ''), { nil: null }),
    });
    fc.assert(
      fc.property(state, state, (x, y) => {
        const a = scheduledJob({ ...x, saved: SAVED }, clock, now);
        const b = scheduledJob({ ...y, saved: SAVED }, clock, now);
        if (a === null || b === null) return;
        const same =
          x.userId === y.userId &&
          dueAt({ ...x, saved: SAVED }, clock) === dueAt({ ...y, saved: SAVED }, clock) &&
          x.lost === y.lost;
        expect(a.id === b.id).toBe(same);
        expect(a.key === b.key).toBe(same);
      }),
    );
  });
});

// The job that serves a due user when jobs were stranded (a worker took a job and died before its
// run's first record; scheduler.ts strandedJobs): the stranded job's redo, as a lost run's redo.
describe('currentJob', () => {
  const now = clock.now();
  const due = { userId: 'u', minutes: 30, last: LAST, saved: SAVED, lost: null };
  const first = scheduledJob(due, clock, now)!;
  const redo = scheduledJob({ ...due, lost: `job:${first.id}` }, clock, now)!;
  const redoOfRedo = scheduledJob({ ...due, lost: `job:${redo.id}` }, clock, now)!;

  test.each([
    ['nothing stranded: the due run’s own job', due, [], first],
    ['another user’s job stranded: still its own', due, ['00000000-0000-0000-0000-000000000000'], first],
    ['the CI red: its job stranded by a killed worker → the redo', due, [first.id], redo],
    ['the redo stranded as well → the redo’s redo', due, [first.id, redo.id], redoOfRedo],
    ['only the redo stranded (the first job ended): the first again', due, [redo.id], first],
    ['not due: nothing, stranded or not', { ...due, last: '2026-03-01T11:45:00.000Z' }, [first.id], null],
  ])('%s', (_name, d, stranded, expected) => {
    expect(currentJob(d, clock, now, new Set(stranded))).toEqual(expected);
  });

  test('property: never a stranded job, the same for every asker, and the due run’s own when none is', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }),
        fc.array(fc.boolean(), { maxLength: 8 }),
        (chain, extra) => {
          // The first `chain` jobs of the redo chain stranded, plus unrelated ids.
          const stranded = new Set<string>();
          let job = scheduledJob(due, clock, now)!;
          for (let i = 0; i < chain; i++) {
            stranded.add(job.id);
            job = scheduledJob({ ...due, lost: `job:${job.id}` }, clock, now)!;
          }
          extra.forEach(
            (on, i) => on && stranded.add(`ffffffff-0000-0000-0000-${String(i).padStart(12, '0')}`),
          );
          const got = currentJob(due, clock, now, stranded);
          expect(got).toEqual(job);
          expect(stranded.has(got!.id)).toBe(false);
          expect(currentJob(due, clock, clock.shift(now, 5_000), new Set(stranded))).toEqual(got);
        },
      ),
    );
  });
});
