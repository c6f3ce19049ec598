import { describe, expect, test } from '@jest/globals';
import { progressByPhase, progressLines } from '../../src/cli/progress-lines.js';
import type { RunPhaseProgress } from '../../src/core/records.js';
import { describeProgress } from '../../src/messages/english.js';

// F55: the CLI showed only "reading"; it now prints the phase the run is in, writes included, at
// most one line a second and at once on every phase change.

type Phase = RunPhaseProgress['phase'];
const p = (phase: Phase, done: number, total: number) => ({ phase, done, total });

describe('progressLines', () => {
  test('the latest phase, one line per change of phase, at most one a second within a phase', () => {
    const lines: string[] = [];
    let now = 0;
    const show = progressLines(
      (l) => lines.push(l),
      () => now,
    );
    const reading = { reading: p('reading', 0, 2) };
    show(reading);
    show(reading); // the same again: nothing
    now = 100;
    const planned = { reading: p('reading', 2, 2), planning: p('planning', 1, 1) };
    show(planned); // a new phase: at once
    now = 150;
    show({ ...planned, outlook: p('outlook', 20, 1500) }); // a new phase: at once
    now = 400;
    show({ ...planned, outlook: p('outlook', 40, 1500) }); // same phase within a second: held back
    now = 1200;
    show({ ...planned, outlook: p('outlook', 1400, 1500) });
    now = 1300;
    show({ ...planned, outlook: p('outlook', 1500, 1500), links: p('links', 0, 3) });
    expect(lines).toEqual([
      'bc-contact-sync: Reading contacts · Business Central and Outlook being read\n',
      'bc-contact-sync: Planning · Step 1 of 1\n',
      'bc-contact-sync: Writing to Outlook · 20 of 1,500 contacts\n',
      'bc-contact-sync: Writing to Outlook · 1,400 of 1,500 contacts\n',
      'bc-contact-sync: Saving links · 0 of 3 contacts linked\n',
    ]);
  });

  // newuser F6: a run that created 5 Outlook contacts ended on "saving links 0/0".
  test('a phase passed with nothing in it is not shown while another holds work', () => {
    const lines: string[] = [];
    let now = 0;
    const show = progressLines(
      (l) => lines.push(l),
      () => now,
    );
    const read = { reading: p('reading', 2, 2), planning: p('planning', 1, 1), bc: p('bc', 0, 0) };
    show(read);
    now = 100;
    show({ ...read, outlook: p('outlook', 5, 5) });
    now = 200;
    show({ ...read, outlook: p('outlook', 5, 5), links: p('links', 0, 0) });
    // Reading ended before the first poll: printed as it ended, before the phase the run is in.
    expect(lines).toEqual([
      'bc-contact-sync: Reading contacts · Business Central and Outlook read\n',
      'bc-contact-sync: Planning · Step 1 of 1\n',
      'bc-contact-sync: Writing to Outlook · 5 of 5 contacts\n',
    ]);
    const empty: string[] = [];
    progressLines(
      (l) => empty.push(l),
      () => 0,
    )({ bc: p('bc', 0, 0), links: p('links', 0, 0) });
    expect(empty).toEqual(['bc-contact-sync: Saving links · 0 of 0 contacts linked\n']);
  });

  test('no progress yet: no line', () => {
    const lines: string[] = [];
    progressLines(
      (l) => lines.push(l),
      () => 0,
    )({});
    expect(lines).toEqual([]);
  });
});

// Helper newuser: a full sync's BC create and its saving of links began and ended between two of the
// CLI's one-second polls, so neither was ever printed, though the README promises a line on each
// change of phase. Every phase with work the run passed is printed, in the run's order.
describe('phases passed between two polls', () => {
  const all: Phase[] = ['reading', 'planning', 'bc', 'outlook', 'links'];
  test.each(
    all.flatMap((from) => all.filter((to) => all.indexOf(to) > all.indexOf(from)).map((to) => [from, to])),
  )('last seen %s, next seen %s: every phase with work between is printed once, in order', (from, to) => {
    const lines: string[] = [];
    const show = progressLines(
      (l) => lines.push(l),
      () => 0,
    );
    const upTo = (last: Phase, done: boolean) =>
      Object.fromEntries(
        all
          .slice(0, all.indexOf(last) + 1)
          .map((phase) => [phase, p(phase, done || phase !== last ? 3 : 1, 3)]),
      );
    show(upTo(from as Phase, false));
    const seen = lines.length;
    show(upTo(to as Phase, false));
    const between = all.slice(all.indexOf(from as Phase) + 1, all.indexOf(to as Phase));
    expect(lines.slice(seen)).toEqual([...between.map((phase) => say(phase, 3)), say(to as Phase, 1)]);
  });

  test('the example: writing Outlook, then the run ended: its saving of links printed from its record', () => {
    const lines: string[] = [];
    const show = progressLines(
      (l) => lines.push(l),
      () => 0,
    );
    show({ reading: p('reading', 2, 2), planning: p('planning', 1, 1), outlook: p('outlook', 0, 5) });
    const ended = progressByPhase([
      p('reading', 2, 2),
      p('planning', 1, 1),
      p('bc', 0, 0),
      p('outlook', 5, 5),
      p('links', 5, 5),
    ]);
    show(ended);
    expect(lines).toEqual([
      'bc-contact-sync: Reading contacts · Business Central and Outlook read\n',
      'bc-contact-sync: Planning · Step 1 of 1\n',
      'bc-contact-sync: Writing to Outlook · 0 of 5 contacts\n',
      'bc-contact-sync: Saving links · 5 of 5 contacts linked\n',
    ]);
  });
});

/** The line of a phase at `done` of 3, as the pane words it in English (its literal forms above). */
const say = (phase: Phase, done: number) => `bc-contact-sync: ${describeProgress(p(phase, done, 3))}\n`;

// Helper newuser: a delta printed "saving links 0/153" and then "succeeded": its 153 links were
// saved within the second that holds a phase's next line back, and the record's end was held too.
describe("the run's end, from its record", () => {
  const all: Phase[] = ['reading', 'planning', 'bc', 'outlook', 'links'];
  test.each(all)('the last line seen was %s under way: its end is printed at once', (phase) => {
    const lines: string[] = [];
    const show = progressLines(
      (l) => lines.push(l),
      () => 0,
    );
    const upTo = (done: number) =>
      progressByPhase(all.slice(0, all.indexOf(phase) + 1).map((q) => p(q, q === phase ? done : 3, 3)));
    show(upTo(0));
    show(upTo(1)); // within the second: held back
    expect(lines.at(-1)).toBe(say(phase, 0));
    show(upTo(3), true);
    expect(lines.at(-1)).toBe(say(phase, 3));
    show(upTo(3), true); // the same again: nothing
    expect(lines.filter((l) => l === say(phase, 3))).toHaveLength(1);
  });
});
