/** @jest-environment jsdom */
import { describe, expect, test } from '@jest/globals';
import { act, screen } from '@testing-library/react';
import { progressLines } from '../../src/cli/progress-lines.js';
import type { RunPhaseProgress } from '../../src/core/records.js';
import { LANGS } from '../../src/messages/langs.js';
import { CODE_CATALOGS, PANE_CATALOGS } from '../messages/catalogs.js';
import { syncPanelStarted } from '../support/sync-panel-runs.js';

/*
 * newuser: the CLI printed "planning 3/3" while the pane said "Planning" and "Step 3 of 3": two
 * wordings of one progress, the CLI's from words of its own. Both now word it from the catalogs of
 * src/messages (progress-words.ts): the CLI's line is the pane's label and hint, joined by " · ".
 */

const PHASES: readonly RunPhaseProgress['phase'][] = ['reading', 'planning', 'bc', 'outlook', 'links'];

/** The CLI's line for one phase at done of total, without its "bc-contact-sync: " prefix. */
function cliLine(progress: RunPhaseProgress): string {
  const lines: string[] = [];
  progressLines(
    (l) => lines.push(l),
    () => 0,
  )({ [progress.phase]: progress });
  expect(lines).toHaveLength(1);
  return lines[0]!.replace(/^bc-contact-sync: /, '').trimEnd();
}

describe('the CLI words progress as the pane does', () => {
  test.each(PHASES)('%s: the CLI line is the pane label · the pane hint', async (phase) => {
    const progress = { phase, done: 3, total: 3 };
    const [label, hint, ...rest] = cliLine(progress).split(' · ');
    expect(rest).toEqual([]);
    const runner = await syncPanelStarted('Sync with Microsoft 365');
    act(() => runner.progress(progress));
    expect(screen.getByRole('progressbar', { name: label })).toBeTruthy();
    expect(screen.getByText(hint!)).toBeTruthy();
  });

  test.each(LANGS)('%s: the phase words live in one catalog (src/messages), none in the pane', (lang) => {
    const keys = (c: Readonly<Record<string, string>>) =>
      Object.keys(c).filter((k) => /^(phase|progressCount)_/.test(k));
    expect(keys(PANE_CATALOGS[lang])).toEqual([]);
    expect(keys(CODE_CATALOGS[lang]).sort()).toEqual(
      PHASES.flatMap((p) => [`phase_${p}`, `progressCount_${p}`]).sort(),
    );
  });

  test('the example: the CLI says "Planning · Step 3 of 3", not "planning 3/3"', () => {
    expect(cliLine({ phase: 'planning', done: 3, total: 3 })).toBe('Planning · Step 3 of 3');
  });
});
