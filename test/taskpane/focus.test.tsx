/** @jest-environment jsdom */
/**
 * Keyboard and screen readers (issue 14): after Validate, Sync, Preview, Save or a resolution focus
 * lands on the result, not on <body>; progress milestones and results are said by a polite live region.
 */
import { describe, expect, test } from '@jest/globals';
import { PortFailure } from '../../src/core/ports.js';
import { act, screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import type { ConflictView } from '../../src/taskpane/api/types.js';
import { SettingsPanel } from '../../src/taskpane/components/SettingsPanel/index.js';
import { StatusHeader } from '../../src/taskpane/components/StatusHeader/index.js';
import { previewView, record, renderConflicts, renderPane, SETTINGS } from './harness.js';
import { finishRun, syncPanelStarted } from '../support/sync-panel-runs.js';

const focused = (): string => document.activeElement?.textContent ?? '';

describe('focus lands on the result', () => {
  test('Sync: milestones in the polite live region, then focus on the result', async () => {
    const runner = await syncPanelStarted('Sync with Microsoft 365');
    const live = screen
      .getAllByRole('status')
      .find((e) => e.getAttribute('aria-live') === 'polite') as HTMLElement;
    // Before its first progress the run is starting, not "Loading…" as the pane says of its data (newuser).
    expect(live.textContent).toBe('Starting the sync…');
    expect(screen.getByRole('progressbar').closest('[class*="fui-Field"]')?.textContent).toContain(
      'Starting the sync…',
    );
    act(() => runner.progress({ phase: 'reading', done: 0, total: 0 }));
    expect(live.textContent).toBe('Reading contacts');
    act(() => runner.progress({ phase: 'outlook', done: 3, total: 8 }));
    expect(live.textContent).toBe('Writing to Outlook');
    await finishRun(runner, record());
    expect(live.textContent).toBe('Result: Succeeded');
    // Focus is on the result's place; the summary, loaded on first use, fills it.
    await waitFor(() => expect(focused()).toContain('Result: Succeeded'));
    expect(document.activeElement).not.toBe(document.body);
  });

  test('Preview: focus on the plan', async () => {
    const runner = await syncPanelStarted('Preview');
    await finishRun(runner, record({ dryRun: true }), previewView());
    await waitFor(() => expect(focused()).toContain('Preview (Full sync): nothing has been written'));
  });

  test('a failed run: focus on the error', async () => {
    const runner = await syncPanelStarted('Full sync with Microsoft 365');
    await act(async () => runner.fail(new PortFailure('unavailable', 'Graph unreachable', { status: 0 })));
    expect(focused()).toContain('The sync failed: The server does not answer');
  });

  test('Validate: focus on the two checks', async () => {
    renderPane(<StatusHeader user="a@b.c" settings={SETTINGS} lastRun={null} />);
    await userEvent.click(screen.getByRole('button', { name: 'Validate connection' }));
    await waitFor(() => expect(focused()).toContain('Business Central reached: CRONUS International'));
    expect(focused()).toContain('Mailbox reached');
  });

  test('Save: focus on the notice', async () => {
    renderPane(<SettingsPanel settings={SETTINGS} onSaved={() => undefined} debounceMs={0} />);
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(focused()).toBe('Settings saved.'));
  });

  test('resolve: the item leaves, focus on the confirmation', async () => {
    const conflict: ConflictView = {
      bcId: 'bc-1',
      outlookId: 'ol-1',
      displayName: 'Ann Lee',
      kind: 'fields',
      status: 'open',
      detectedAt: null,
      fields: [{ field: 'city', base: 'Espoo', bc: 'Helsinki', outlook: 'Tampere', winner: 'none' }],
    };
    renderConflicts([conflict]);
    await userEvent.click(screen.getByRole('button', { name: 'Keep Outlook for Ann Lee' }));
    await waitFor(() => expect(focused()).toBe('Conflict resolved.'));
    expect(document.activeElement?.getAttribute('aria-live')).toBe('polite');
  });
});
