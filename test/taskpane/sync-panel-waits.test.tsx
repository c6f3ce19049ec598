/** @jest-environment jsdom */
import { describe, expect, test } from '@jest/globals';
import { act, screen } from '@testing-library/react';
import { WAIT_REASONS } from '../../src/core/run-waits.js';
import type { WaitReason } from '../../src/core/run-waits.js';
import { LANGS } from '../../src/messages/langs.js';
import { MESSAGES } from '../messages/catalogs.js';
import { nextSaid } from '../../src/taskpane/components/SyncPanel/wait-words.js';
import type { ProgressEvent } from '../../src/taskpane/api/types.js';
import { syncPanelStarted } from '../support/sync-panel-runs.js';

// Brief waits: the pane said "Writing to Outlook 3 of 20" and nothing else while the run sat out a
// 429 for a minute. It says why it waits and until when, in the user's language, and its live
// region says a wait once, not at every 429 of a throttled mailbox.

const UNTIL = '2026-12-07T10:42:05.000Z';
const at = (reason: WaitReason): ProgressEvent => ({
  phase: 'outlook',
  done: 3,
  total: 20,
  waiting: { reason, until: UNTIL },
});

/** The time as the pane writes it in `lang` (i18n clockTime). */
const time = (lang: string) =>
  new Intl.DateTimeFormat(lang, { timeStyle: 'medium' }).format(Date.parse(UNTIL));

describe('the pane says why a run waits and until when', () => {
  test.each(LANGS.flatMap((lang) => WAIT_REASONS.map((reason) => [lang, reason] as const)))(
    '%s: %s',
    async (lang, reason) => {
      const catalog = MESSAGES[lang] as Record<string, string>;
      const runner = await syncPanelStarted(catalog['sync'] as string, { lang });
      act(() => runner.progress(at(reason)));
      const words = (catalog[`waiting_${reason}`] as string).split('{time}');
      const flat = (t: string) => t.replace(/\s+/g, ' ').trim();
      const head = flat(words[0] as string);
      // The line under the progress bar (the live region, role status, says it too: below).
      const line = () =>
        screen
          .queryAllByText((text) => text.includes(head))
          .filter((el) => el.getAttribute('role') !== 'status');
      expect(line()).toHaveLength(1);
      expect(line()[0]?.textContent).toContain(time(lang));
      expect(flat(screen.getByRole('status').textContent ?? '')).toContain(head);
      // The run goes on: the line goes.
      act(() => runner.progress({ phase: 'outlook', done: 4, total: 20 }));
      expect(line()).toHaveLength(0);
    },
  );
});

describe('the live region says a wait once per phase and reason', () => {
  const e = (reason: WaitReason | null, phase: ProgressEvent['phase'] = 'outlook'): ProgressEvent =>
    reason ? { phase, done: 1, total: 2, waiting: { reason, until: UNTIL } } : { phase, done: 1, total: 2 };
  test('phase, a wait, going on, the same wait again, another reason, a new phase', () => {
    const steps: [ProgressEvent, string | null][] = [
      [e(null), null],
      [e('outlookThrottled'), 'W1'],
      [e(null), null],
      [e('outlookThrottled'), 'W2'],
      [e('outlookPaced'), 'W3'],
      [e(null, 'links'), null],
    ];
    let said = null;
    const out: string[] = [];
    for (const [progress, wait] of steps) {
      said = nextSaid(said, progress, `phase:${progress.phase}`, wait);
      out.push(said.text);
    }
    expect(out).toEqual(['phase:outlook', 'W1', 'W1', 'W1', 'W3', 'phase:links']);
  });
});
