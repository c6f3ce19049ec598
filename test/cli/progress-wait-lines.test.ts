import { describe, expect, test } from '@jest/globals';
import { progressLines } from '../../src/cli/progress-lines.js';
import type { RunPhaseProgress } from '../../src/core/records.js';
import { describeWait } from '../../src/messages/english.js';

// Brief waits: the CLI's progress lines say why a run waits and until when, once per wait, and
// the progress line again once the run goes on.

const p = (done: number): Partial<Record<RunPhaseProgress['phase'], RunPhaseProgress>> => ({
  outlook: { phase: 'outlook', done, total: 20 },
});
const wait = { reason: 'outlookThrottled', until: '2026-12-07T10:42:04.200Z' } as const;

describe('CLI progress lines with waits', () => {
  test('a wait is one line with its end to the second; the progress line again once it ends', () => {
    const lines: string[] = [];
    let now = 0;
    const show = progressLines(
      (l) => lines.push(l.trimEnd()),
      () => (now += 100),
    );
    show(p(3));
    show(p(3), false, wait);
    show(p(3), false, wait); // the same wait: nothing
    show(p(3)); // goes on
    expect(lines).toEqual([
      'bc-contact-sync: Writing to Outlook · 3 of 20 contacts',
      `bc-contact-sync: ${describeWait(wait)}`,
      'bc-contact-sync: Writing to Outlook · 3 of 20 contacts',
    ]);
  });

  test('the English line names the reason and the end, rounded up to the second', () => {
    expect(describeWait(wait, 'UTC')).toBe(
      'Waiting for Outlook: the mailbox asked us to slow down. Resuming at 2026-12-07 10:42:05 UTC.',
    );
  });
});
