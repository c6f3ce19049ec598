import { describe, expect, test } from '@jest/globals';
import { progressLines } from '../../src/cli/progress-lines.js';
import type { RunPhaseProgress } from '../../src/core/records.js';

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
      'bc-contact-sync: reading both sides 0/2\n',
      'bc-contact-sync: planning 1/1\n',
      'bc-contact-sync: writing Outlook 20/1500\n',
      'bc-contact-sync: writing Outlook 1400/1500\n',
      'bc-contact-sync: saving links 0/3\n',
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
    expect(lines).toEqual(['bc-contact-sync: planning 1/1\n', 'bc-contact-sync: writing Outlook 5/5\n']);
    const empty: string[] = [];
    progressLines(
      (l) => empty.push(l),
      () => 0,
    )({ bc: p('bc', 0, 0), links: p('links', 0, 0) });
    expect(empty).toEqual(['bc-contact-sync: saving links 0/0\n']);
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
