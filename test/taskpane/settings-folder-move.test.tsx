/** @jest-environment jsdom */
/**
 * F73's pane side: a new folder name is only saved (PUT /settings); the move is a step of the next
 * run, in core, whichever host runs it. Before saving the pane says what that run will do (the
 * server's FolderPreview); after "Save and sync now" it shows the run's progress and its outcome:
 * moved, held (`folderMoveHeld`: what to do, the contacts stay listed) or failed. The pane itself
 * writes nothing to the mailbox: the only calls it makes are the check, the preview and the save.
 */
import { describe, expect, jest, test } from '@jest/globals';
import { act, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { IntlMessageFormat } from 'intl-messageformat';
import type { RunError } from '../../src/core/records.js';
import type { FolderPreview, PaneApi } from '../../src/taskpane/api/types.js';
import { SettingsPanel } from '../../src/taskpane/components/SettingsPanel/index.js';
import { SyncPanel } from '../../src/taskpane/components/SyncPanel/index.js';
import { LANGS } from '../../src/messages/langs.js';
import type { Lang } from '../../src/taskpane/i18n/index.js';
import { MESSAGES } from '../messages/catalogs.js';
import { folderPreview } from '../support/folder-preview.js';
import { SETTINGS, mockApi, mockRunner, record, renderPane } from './harness.js';

const FREE: FolderPreview = folderPreview();
const TAKEN: FolderPreview = folderPreview({
  move: 'switch',
  from: null,
  exists: true,
  contacts: 4,
  matched: 3,
  toBc: 1,
});
const HELD: RunError = {
  side: 'run',
  id: 'run-1',
  code: 'folderMoveHeld',
  params: { held: 2, from: 'Business Central', to: 'Taken' },
};

function say(lang: Lang, key: string, values: Record<string, unknown> = {}): string {
  const all = MESSAGES[lang] as Readonly<Record<string, string>>;
  return String(new IntlMessageFormat(all[key] ?? key, lang).format(values as never));
}

/** The panel with a mailbox where `to` is free or taken; types `to` and presses Save. */
async function saveAs(to: string, preview: FolderPreview, lang: Lang = 'en', withSync = false) {
  const api = mockApi({ folderPreview: jest.fn(async () => preview) });
  const runner = mockRunner();
  renderPane(
    <>
      {withSync && <SyncPanel />}
      <SettingsPanel settings={SETTINGS} onSaved={() => undefined} debounceMs={0} />
    </>,
    { api, runner, lang },
  );
  const folder = screen.getByRole('textbox', { name: new RegExp(MESSAGES[lang].folderName) });
  await userEvent.clear(folder);
  await userEvent.type(folder, to);
  await userEvent.click(screen.getByRole('button', { name: MESSAGES[lang].save }));
  return { api, runner };
}

/** Every PaneApi method the pane called, but the filter's live count (not part of a save). */
function called(api: PaneApi): string[] {
  return Object.entries(api)
    .filter(([name, f]) => name !== 'matchPreview' && (f as jest.Mock).mock.calls.length > 0)
    .map(([name]) => name)
    .sort();
}

describe("F73's pane side: the pane saves the name; the next run moves the folder", () => {
  test('a free name: the prompt says the next sync renames; Save and sync now saves, then runs', async () => {
    const { api, runner } = await saveAs('Sales contacts', FREE);
    const ask = await screen.findByRole('group', { name: 'Rename the sync folder?' });
    expect(ask.textContent).toContain(
      'The next sync renames the Outlook folder "Business Central" to "Sales contacts"; the contacts synced so far move with it, so no second copy appears. Saving changes nothing in Outlook.',
    );
    expect(document.activeElement?.contains(ask)).toBe(true);
    expect(api.putSettings).not.toHaveBeenCalled();
    expect(runner.requests).toEqual([]);

    await userEvent.click(screen.getByRole('button', { name: 'Save and sync now' }));
    await waitFor(() => expect(runner.requests).toEqual([{ mode: 'delta', dryRun: false }]));
    expect(api.putSettings).toHaveBeenCalledWith(expect.objectContaining({ folderName: 'Sales contacts' }));
    // The run's progress, in the Settings panel.
    act(() => runner.progress({ phase: 'outlook', done: 3, total: 12 }));
    expect(await screen.findByRole('progressbar')).toBeTruthy();
    expect(screen.getByText('Moving the sync to "Sales contacts"')).toBeTruthy();
    expect(screen.getByText('Writing to Outlook · 3 of 12 contacts')).toBeTruthy();

    act(() => runner.finish({ record: record({ folderName: 'Sales contacts' }), preview: null }));
    const moved = await screen.findByText('Settings saved; the sync now uses the folder "Sales contacts".');
    expect(screen.getByTestId('folder-move-status').contains(document.activeElement)).toBe(true);
    expect(moved).toBeTruthy();
    // No mailbox write of its own: the check, the preview and the save, nothing else.
    expect(called(api)).toEqual(['checkSettings', 'folderPreview', 'putSettings']);
  });

  test('F103: the prompt starts from the name the folder has in Outlook now, not the saved one', async () => {
    await saveAs('Kunden 3', { ...FREE, from: 'Kunden 2' });
    const ask = await screen.findByRole('group', { name: 'Rename the sync folder?' });
    expect(ask.textContent).toContain('The next sync renames the Outlook folder "Kunden 2" to "Kunden 3"');
    expect(ask.textContent).not.toContain('Business Central');
  });

  test('a taken name: the preview of that folder, and what holds the move', async () => {
    const { api } = await saveAs('Taken', TAKEN);
    const ask = await screen.findByRole('group', { name: 'Move the sync to the existing folder "Taken"?' });
    expect(api.folderPreview).toHaveBeenCalledWith('Taken');
    expect(ask.textContent).toContain(
      'The next sync first saves the changes made in "Business Central" to Business Central, then removes the contacts it synced there and brings them to "Taken"',
    );
    expect(within(ask).getByTestId('folder-holds').textContent).toContain(
      '"Taken" already holds 4 contacts of its own.',
    );
    expect(ask.textContent).toContain(
      'Open or settled conflicts and skipped changes in "Business Central" hold the move: until you resolve them, the sync stays in "Business Central" and they stay listed.',
    );
  });

  test('the run is held (folderMoveHeld): why, what to do, and that the contacts stay listed', async () => {
    const { runner } = await saveAs('Taken', TAKEN);
    await userEvent.click(await screen.findByRole('button', { name: 'Save and sync now' }));
    await waitFor(() => expect(runner.requests).toHaveLength(1));
    act(() => runner.finish({ record: record({ status: 'failed', errors: [HELD] }), preview: null }));
    const status = await screen.findByTestId('folder-move-status');
    expect(within(status).getByText('The sync stays in "Business Central" for now')).toBeTruthy();
    expect(status.textContent).toContain(
      '2 contacts in "Business Central" hold values Business Central does not have yet (open or settled conflicts, skipped or unsynced changes), so the sync did not move to "Taken"',
    );
    expect(status.textContent).toContain('resolve them and sync again to move.');
    expect(status.textContent).toContain(
      'The settings are saved; the contacts to resolve stay listed under Conflicts and Skipped contacts.',
    );
    expect(status.contains(document.activeElement)).toBe(true);
  });

  test('the run fails otherwise: saved, the reason, and the next sync tries again', async () => {
    const { runner } = await saveAs('Taken', TAKEN);
    await userEvent.click(await screen.findByRole('button', { name: 'Save and sync now' }));
    await waitFor(() => expect(runner.requests).toHaveLength(1));
    act(() => runner.finish({ record: record({ status: 'cancelled' }), preview: null }));
    expect(
      await screen.findByText(
        'Settings saved, but the sync that moves the folder did not succeed (Cancelled). The next sync tries again.',
      ),
    ).toBeTruthy();
  });

  test('Save only: the name is stored, no run starts, the notice says the next sync moves it', async () => {
    const { api, runner } = await saveAs('Taken', TAKEN);
    await userEvent.click(await screen.findByRole('button', { name: 'Save only' }));
    expect(
      await screen.findByText('Settings saved. The next sync moves the sync to the folder "Taken".'),
    ).toBeTruthy();
    expect(runner.requests).toEqual([]);
    expect(called(api)).toEqual(['checkSettings', 'folderPreview', 'putSettings']);
  });

  test('Cancel: nothing saved, no run', async () => {
    const { api, runner } = await saveAs('Taken', TAKEN);
    await userEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('group', { name: /Move the sync/ })).toBeNull();
    expect(api.putSettings).not.toHaveBeenCalled();
    expect(runner.requests).toEqual([]);
  });

  test('a sync already running: saved; that run is not shown as the move, the next sync moves', async () => {
    const { runner } = await saveAs('Taken', TAKEN, 'en', true);
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await userEvent.click(screen.getByRole('button', { name: 'Sync with Microsoft 365' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Save and sync now' }));
    expect(
      await screen.findByText('Settings saved. The next sync moves the sync to the folder "Taken".'),
    ).toBeTruthy();
    expect(runner.requests).toHaveLength(1);
    expect(screen.queryByTestId('folder-move-status')).toBeNull();
  });

  test('nothing to move (no sync yet) and nothing there to import: a plain save, no prompt', async () => {
    const { api, runner } = await saveAs('Fresh', { ...FREE, move: 'none' });
    expect(await screen.findByText('Settings saved.')).toBeTruthy();
    expect(screen.queryByRole('group', { name: /Rename the sync folder|Move the sync/ })).toBeNull();
    expect(api.putSettings).toHaveBeenCalledWith(expect.objectContaining({ folderName: 'Fresh' }));
    expect(runner.requests).toEqual([]);
  });

  test('nothing to move, but the folder holds contacts: what the first sync does with them', async () => {
    const { api, runner } = await saveAs('Taken', { ...TAKEN, move: 'none' });
    const ask = await screen.findByRole('group', { name: 'Move the sync to the existing folder "Taken"?' });
    expect(within(ask).getByTestId('folder-holds').textContent).toContain('"Taken" already holds 4 contacts');
    // No move, so neither the move's words nor what holds it.
    expect(ask.textContent).not.toContain('The next sync first saves');
    expect(ask.textContent).not.toContain('hold the move');
    await userEvent.click(within(ask).getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Settings saved.')).toBeTruthy();
    expect(api.putSettings).toHaveBeenCalledTimes(1);
    expect(runner.requests).toEqual([]);
  });

  test.each(LANGS)('in %s: the held run in the catalogs’ words', async (lang) => {
    const { runner } = await saveAs('Taken', TAKEN, lang);
    await userEvent.click(await screen.findByRole('button', { name: MESSAGES[lang].folderSaveAndSync }));
    await waitFor(() => expect(runner.requests).toHaveLength(1));
    act(() => runner.finish({ record: record({ status: 'failed', errors: [HELD] }), preview: null }));
    const status = await screen.findByTestId('folder-move-status');
    const norm = (s: string) => s.replace(/\s+/g, ' ');
    expect(norm(status.textContent ?? '')).toContain(
      norm(say(lang, 'folderMoveHeldTitle', { from: 'Business Central' })),
    );
    expect(norm(status.textContent ?? '')).toContain(norm(say(lang, 'folderMoveHeldHint')));
    // The run error's own sentence (src/messages): how many, from where, to where, what to do.
    expect(norm(status.textContent ?? '')).toContain(norm(say(lang, 'runError_folderMoveHeld', HELD.params)));
  });
});
