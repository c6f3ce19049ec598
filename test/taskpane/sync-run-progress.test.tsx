/** @jest-environment jsdom */
import { describe, expect, test } from '@jest/globals';
import { act, screen } from '@testing-library/react';
import type { ProgressEvent } from '../../src/taskpane/api/types.js';
import { shownProgress } from '../../src/taskpane/state/sync-run.js';
import { syncPanelStarted } from '../support/sync-panel-runs.js';

/*
 * newuser: a sync that created 153 Outlook contacts showed "Saving links 0 of 0" until its result,
 * the pane's form of the CLI's F6 ("saving links 0/0", fixed there in progress-lines). A phase
 * passed with nothing in it does not replace one that held work.
 */
describe('the pane shows the phase that holds work', () => {
  test('after "Writing to Outlook 3 of 3", "Saving links 0 of 0" is not shown', async () => {
    const runner = await syncPanelStarted('Sync with Microsoft 365');
    act(() => runner.progress({ phase: 'outlook', done: 3, total: 3 }));
    act(() => runner.progress({ phase: 'links' as 'outlook', done: 0, total: 0 }));
    const field = screen.getByRole('progressbar').closest('[class*="fui-Field"]');
    expect(field?.textContent).toContain('Writing to Outlook');
    expect(field?.textContent).toContain('3 of 3');
    expect(field?.textContent).not.toContain('Saving links');
  });

  const e = (phase: string, done: number, total: number): ProgressEvent =>
    ({ phase, done, total }) as ProgressEvent;
  test.each([
    ['first event, empty', null, e('reading', 0, 0), e('reading', 0, 0)],
    ['empty phase after work', e('outlook', 3, 3), e('links', 0, 0), e('outlook', 3, 3)],
    ['empty phase after an empty one', e('bc', 0, 0), e('links', 0, 0), e('links', 0, 0)],
    ['a phase with work', e('bc', 1, 1), e('outlook', 0, 5), e('outlook', 0, 5)],
    ['the same phase, counting', e('outlook', 1, 5), e('outlook', 2, 5), e('outlook', 2, 5)],
  ] as const)('%s', (_name, shown, next, expected) => {
    expect(shownProgress(shown, next)).toEqual(expected);
  });
});
