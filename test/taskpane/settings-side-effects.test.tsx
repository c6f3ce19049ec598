/** @jest-environment jsdom */
/**
 * Issue 14 F4 and F73: a save with a new folder name only stores the name (the next run moves the
 * folder, in core); the pane asks what that run will do only after the settings passed the pane's
 * and the server's checks, and starts the run only after the save was stored.
 * Table: every way a save is refused × every folder move × when → no preview asked (refused before
 * the prompt), no run started, nothing saved.
 */
import { describe, expect, jest, test } from '@jest/globals';
import { screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { FOLDER_NAME } from '../../src/core/settings-rules.js';
import { ApiError, noAnswer } from '../../src/taskpane/api/http.js';
import type { SyncSettings } from '../../src/taskpane/api/types.js';
import { SettingsPanel } from '../../src/taskpane/components/SettingsPanel/index.js';
import { SETTINGS, mockApi, mockRunner, renderPane } from './harness.js';

const EMPTY = { from: null, exists: true, contacts: 0, linked: 0, matched: 0, toBc: 0, skipped: 0 };

const scheduleRefused = new ApiError(400, 'InvalidSettings', 'The settings are not valid.', [
  {
    target: 'scheduleMinutes',
    message: 'must be 0 (off) or between 5 and 43,200 minutes',
    reason: { kind: 'scheduleRange', min: 5, max: 43200 } as { kind: string },
  },
]);
const filterRefused = new ApiError(400, 'InvalidFilter', 'The filter is not valid', [
  {
    target: 'filter.city',
    message: 'unknown city rule',
    reason: {
      kind: 'filterSyntax',
      field: 'city',
      error: { kind: 'endOfInput', position: 8, expected: { kind: 'value', after: '|' }, found: null },
    } as { kind: string },
  },
]);
// As the facade client (jsonFetch) hands on a request that got no answer (53f75f5: marked at the edge).
const unreachable = noAnswer(new TypeError('Failed to fetch'));

/** How the server refuses: its check before the prompt, or the save itself once confirmed. */
const REFUSALS = [
  { name: 'a rule the server states', error: scheduleRefused, shown: /between 5 and 43,200 minutes/ },
  {
    name: 'a filter the server refuses',
    error: filterRefused,
    shown: /Position 9: .*'\|'/,
  },
  { name: 'the server cannot be reached', error: unreachable, shown: /The server does not answer/ },
] as const;
const MOVES = [
  { name: 'rename (new name free)', taken: false },
  { name: 'switch (new name taken)', taken: true },
] as const;
const WHEN = ['before the prompt', 'at confirmation'] as const;

function panel(overrides: Parameters<typeof mockApi>[0]) {
  const api = mockApi(overrides);
  const runner = mockRunner();
  renderPane(<SettingsPanel settings={SETTINGS} onSaved={() => undefined} debounceMs={0} />, {
    api,
    runner,
  });
  return { api, runner };
}

async function typeFolder(name: string): Promise<HTMLElement> {
  const folder = screen.getByRole('textbox', { name: /Folder name/ });
  await userEvent.clear(folder);
  await userEvent.click(folder);
  await userEvent.paste(name);
  return folder;
}

describe('no side effect of a save before its settings pass the checks (F4)', () => {
  const rows = REFUSALS.flatMap((r) => MOVES.flatMap((m) => WHEN.map((w) => ({ ...r, move: m, when: w }))));
  test.each(rows)('$name, $move.name, refused $when: no run, nothing saved', async (row) => {
    const refuse = jest.fn(async (): Promise<SyncSettings> => {
      throw row.error;
    });
    const { api, runner } = panel({
      folderPreview: jest.fn(async () => ({
        ...EMPTY,
        move: row.move.taken ? ('switch' as const) : ('rename' as const),
        exists: row.move.taken,
      })),
      ...(row.when === 'before the prompt' ? { checkSettings: refuse } : { putSettings: refuse }),
    });
    await typeFolder('Sales contacts');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    if (row.when === 'at confirmation')
      await userEvent.click(await screen.findByRole('button', { name: 'Save and sync now' }));
    // At the field and in the notice (which names the field), or the notice alone.
    expect((await screen.findAllByText(row.shown)).length).toBeGreaterThan(0);
    await waitFor(() => expect(refuse).toHaveBeenCalledTimes(1));
    if (row.when === 'before the prompt') {
      expect(screen.queryByRole('group', { name: /Rename the sync folder|Move the sync/ })).toBeNull();
      expect(api.folderPreview).not.toHaveBeenCalled();
      expect(api.putSettings).not.toHaveBeenCalled();
    }
    expect(runner.requests).toEqual([]);
    expect(screen.queryByTestId('folder-move-status')).toBeNull();
  });

  test('F4: a 300-character folder name is refused in the pane, at its field; nothing is asked or run', async () => {
    const { api, runner } = panel({});
    const folder = await typeFolder('x'.repeat(300));
    expect(folder.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(`must be at most ${FOLDER_NAME.max} characters`)).toBeTruthy();
    const save = screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    await userEvent.click(save);
    expect(api.checkSettings).not.toHaveBeenCalled();
    expect(api.folderPreview).not.toHaveBeenCalled();
    expect(runner.requests).toEqual([]);
    // 255 is allowed: the rule is the server's, not stricter.
    await typeFolder('y'.repeat(FOLDER_NAME.max));
    expect(folder.getAttribute('aria-invalid')).not.toBe('true');
    expect(save.disabled).toBe(false);
  });

  test('checks pass: the server check, then the preview, then the save, then the run', async () => {
    const { api, runner } = panel({});
    let putAt = 0;
    const start = runner.start.bind(runner);
    runner.start = (request, onProgress) => {
      putAt = api.putSettings.mock.calls.length;
      return start(request, onProgress);
    };
    await typeFolder('Sales contacts');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Save and sync now' }));
    await waitFor(() => expect(runner.requests).toEqual([{ mode: 'delta', dryRun: false }]));
    const order = [api.checkSettings, api.folderPreview, api.putSettings].map(
      (f) => f.mock.invocationCallOrder.at(-1) ?? 0,
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // The run starts once the name is stored: the run reads the settings it moves to.
    expect(putAt).toBe(1);
  });
});
