/** @jest-environment jsdom */
import { describe, expect, jest, test } from '@jest/globals';
import { GraphError } from '../../src/graph/graph-error.js';
import { screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { IntlMessageFormat } from 'intl-messageformat';
import { ApiError } from '../../src/taskpane/api/http.js';
import { FilterBuilder } from '../../src/taskpane/components/FilterBuilder/index.js';
import { SettingsPanel } from '../../src/taskpane/components/SettingsPanel/index.js';
import { MESSAGES } from '../messages/catalogs.js';
import { SETTINGS, linkView, mockApi, mockRunner, record, renderPane } from './harness.js';

describe('SettingsPanel', () => {
  test('shows the live match count with the out-of-scope reasons', async () => {
    const api = mockApi();
    renderPane(<SettingsPanel settings={SETTINGS} onSaved={() => undefined} debounceMs={0} />, { api });
    expect(await screen.findByText('7 of 10 contacts match, 3 out of scope')).toBeTruthy();
    expect(screen.getByText('company contact: 2')).toBeTruthy();
    expect(screen.getByText(/excluded by filter: 1 \(City 1\)/)).toBeTruthy();
  });

  test('adds a filter, reports a syntax error at its position, and counts again when fixed', async () => {
    const api = mockApi();
    renderPane(<SettingsPanel settings={SETTINGS} onSaved={() => undefined} debounceMs={0} />, { api });
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Filter field' }), 'city');
    await userEvent.click(screen.getByRole('button', { name: 'Add filter' }));
    const city = screen.getByRole('textbox', { name: 'City' });
    await userEvent.type(city, 'Helsinki|');
    expect(await screen.findByText(/^Position 10: expected a value/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement).disabled).toBe(true);
    await userEvent.type(city, 'Espoo');
    await waitFor(() => expect(api.matchPreview).toHaveBeenLastCalledWith({ city: 'Helsinki|Espoo' }));
    expect(screen.queryByText(/^Position/)).toBeNull();
  });

  test('saves folder, policy, schedule and share', async () => {
    const api = mockApi();
    const onSaved = jest.fn();
    renderPane(<SettingsPanel settings={SETTINGS} onSaved={onSaved} debounceMs={0} />, { api });
    const folder = screen.getByRole('textbox', { name: /Folder name/ });
    await userEvent.clear(folder);
    await userEvent.type(folder, 'BC Contacts');
    await userEvent.click(screen.getByRole('radio', { name: 'Ask me' }));
    const schedule = screen.getByRole('spinbutton', { name: /Scheduled sync every/ });
    await userEvent.clear(schedule);
    await userEvent.type(schedule, '60');
    const share = screen.getByRole('spinbutton', { name: /Ask before deleting/ });
    await userEvent.clear(share);
    await userEvent.type(share, '50');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Rename folder and save' }));
    await screen.findByText('Settings saved.');
    expect(api.putSettings).toHaveBeenCalledWith({
      folderName: 'BC Contacts',
      filter: {},
      conflictPolicy: 'manual',
      scheduleMinutes: 60,
      massDeleteShare: 0.5,
    });
    expect(onSaved).toHaveBeenCalled();
  });

  // The facade's rules (core/settings-rules) marked at each field before saving, table-driven.
  test.each([
    ['scheduleMinutes', /Scheduled sync every/, '3', 'must be 0 (off) or between 5 and 43,200 minutes'],
    ['scheduleMinutes', /Scheduled sync every/, '-5', 'must be 0 (off) or between 5 and 43,200 minutes'],
    ['scheduleMinutes', /Scheduled sync every/, '43201', 'must be 0 (off) or between 5 and 43,200 minutes'],
    ['scheduleMinutes', /Scheduled sync every/, '', 'must be 0 (off) or between 5 and 43,200 minutes'],
    ['massDeleteShare', /Ask before deleting/, '-1', 'must be between 0% and 100%'],
    ['massDeleteShare', /Ask before deleting/, '101', 'must be between 0% and 100%'],
  ])('%s %s = %j is marked with the rule and Save is off', async (_target, label, value, rule) => {
    const api = mockApi();
    renderPane(<SettingsPanel settings={SETTINGS} onSaved={() => undefined} debounceMs={0} />, { api });
    const input = screen.getByRole('spinbutton', { name: label });
    await userEvent.clear(input);
    if (value !== '') await userEvent.type(input, value);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(rule)).toBeTruthy();
    expect((input as HTMLInputElement).value).toBe(value);
    expect((screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement).disabled).toBe(true);
  });

  test('a blank folder name is marked and cannot be saved; 0 turns the schedule off and is fine', async () => {
    const api = mockApi();
    renderPane(<SettingsPanel settings={SETTINGS} onSaved={() => undefined} debounceMs={0} />, { api });
    const folder = screen.getByRole('textbox', { name: /Folder name/ });
    await userEvent.clear(folder);
    await userEvent.type(folder, '   ');
    expect(folder.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('must not be blank')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement).disabled).toBe(true);
    await userEvent.type(folder, 'Sales');
    const schedule = screen.getByRole('spinbutton', { name: /Scheduled sync every/ });
    await userEvent.clear(schedule);
    await userEvent.type(schedule, '0');
    expect(schedule.getAttribute('aria-invalid')).not.toBe('true');
    expect((screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement).disabled).toBe(false);
  });

  test('a rule the server states is shown at its field in the pane’s language', async () => {
    const api = mockApi({
      putSettings: jest.fn(async () => {
        throw new ApiError(400, 'InvalidSettings', 'The settings are not valid.', [
          {
            target: 'scheduleMinutes',
            message: 'must be 0 (off) or between 5 and 43,200 minutes',
            reason: { kind: 'scheduleRange', min: 5, max: 43200 } as { kind: string },
          },
        ]);
      }),
    });
    renderPane(<SettingsPanel settings={SETTINGS} onSaved={() => undefined} debounceMs={0} />, {
      api,
      lang: 'fi',
    });
    await userEvent.click(screen.getByRole('button', { name: 'Tallenna' }));
    const schedule = screen.getByRole('spinbutton', { name: /Ajoitettu synkronointi/ });
    await waitFor(() => expect(schedule.getAttribute('aria-invalid')).toBe('true'));
    expect(
      screen.getByText(
        // The page's no-break group separator reads as a space to the query (its default normaliser).
        String(
          new IntlMessageFormat(MESSAGES.fi.problem_scheduleRange, 'fi').format({ min: 5, max: 43200 }),
        ).replace(/\s/g, ' '),
      ),
    ).toBeTruthy();
  });

  test('a new folder name: says what will happen, renames the Outlook folder, then saves', async () => {
    const api = mockApi();
    const onSaved = jest.fn();
    renderPane(<SettingsPanel settings={SETTINGS} onSaved={onSaved} debounceMs={0} />, { api });
    const folder = screen.getByRole('textbox', { name: /Folder name/ });
    await userEvent.clear(folder);
    await userEvent.type(folder, 'Sales contacts');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    const ask = await screen.findByRole('group', { name: 'Rename the sync folder?' });
    expect(api.folderExists).toHaveBeenCalledWith('Sales contacts');
    expect(ask.textContent).toContain(
      'The Outlook folder "Business Central" is renamed to "Sales contacts" and the contacts synced so far move with it, so no second copy appears. Nothing has been changed yet.',
    );
    expect(document.activeElement?.contains(ask)).toBe(true);
    expect(api.renameFolder).not.toHaveBeenCalled();
    expect(api.putSettings).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Rename folder and save' }));
    await screen.findByText('Settings saved.');
    expect(api.renameFolder).toHaveBeenCalledWith('Business Central', 'Sales contacts');
    expect(api.renameFolder.mock.invocationCallOrder[0]).toBeLessThan(
      api.putSettings.mock.invocationCallOrder[0] ?? 0,
    );
    expect(api.putSettings).toHaveBeenCalledWith(expect.objectContaining({ folderName: 'Sales contacts' }));
  });

  test('renaming refused (a folder of that name exists): nothing saved, the reason shown; Cancel asks nothing', async () => {
    const api = mockApi({
      renameFolder: jest.fn(async () => {
        throw new GraphError(409, 'ErrorFolderExists', 'A folder with the specified name already exists.');
      }),
    });
    renderPane(<SettingsPanel settings={SETTINGS} onSaved={() => undefined} debounceMs={0} />, { api });
    const folder = screen.getByRole('textbox', { name: /Folder name/ });
    await userEvent.clear(folder);
    await userEvent.type(folder, 'Taken');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('group', { name: 'Rename the sync folder?' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Rename folder and save' }));
    expect(
      await screen.findByText(
        'The folder was not renamed and nothing was saved: The server refused this (HTTP 409 ErrorFolderExists). If it keeps happening, tell your administrator.',
      ),
    ).toBeTruthy();
    expect(api.putSettings).not.toHaveBeenCalled();
  });

  describe('a new folder name that is taken: the sync moves there, never two copies', () => {
    const links = [linkView('b1', 'o1'), linkView('b2', 'o2'), linkView('b3', 'o3')];
    /** The panel over a mailbox where the new name is taken; types it and presses Save. */
    async function saveAsTaken(overrides: Parameters<typeof mockApi>[0] = {}) {
      const api = mockApi({
        folderExists: jest.fn(async () => true),
        listLinks: jest.fn(async () => links),
        ...overrides,
      });
      const runner = mockRunner();
      renderPane(<SettingsPanel settings={SETTINGS} onSaved={() => undefined} debounceMs={0} />, {
        api,
        runner,
      });
      await saveAs('Taken');
      return { api, runner };
    }
    async function saveAs(name: string): Promise<void> {
      const folder = screen.getByRole('textbox', { name: /Folder name/ });
      await userEvent.clear(folder);
      await userEvent.type(folder, name);
      await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    }

    test('says what will happen; syncs the old folder, removes its synced copies, then saves', async () => {
      const { api, runner } = await saveAsTaken();
      const ask = await screen.findByRole('group', { name: 'Move the sync to the existing folder "Taken"?' });
      expect(ask.textContent).toContain(
        'then the 3 contacts synced into "Business Central" are removed from it, and the next sync brings them to "Taken", so no contact is there twice.',
      );
      expect(document.activeElement?.contains(ask)).toBe(true);
      expect(runner.requests).toEqual([]);
      await userEvent.click(screen.getByRole('button', { name: 'Sync, move the contacts and save' }));
      await waitFor(() => expect(runner.requests).toEqual([{ mode: 'delta', dryRun: false }]));
      expect(api.removeCopies).not.toHaveBeenCalled();
      runner.finish({ record: record(), preview: null });
      expect(
        await screen.findByText(
          'Settings saved. 3 synced contacts were removed from "Business Central"; the next sync brings them to "Taken".',
        ),
      ).toBeTruthy();
      expect(api.removeCopies).toHaveBeenCalledWith('Business Central', links);
      expect(api.removeCopies.mock.invocationCallOrder[0]).toBeLessThan(
        api.putSettings.mock.invocationCallOrder[0] ?? 0,
      );
      expect(api.renameFolder).not.toHaveBeenCalled();
    });

    test('copies holding values BC lacks (open conflict, skipped change): nothing offered but Cancel', async () => {
      const { api, runner } = await saveAsTaken({
        listConflicts: jest.fn(async () => [
          {
            bcId: 'b1',
            outlookId: 'o1',
            displayName: 'Open One',
            kind: 'fields' as const,
            status: 'open' as const,
            detectedAt: null,
            fields: [],
          },
        ]),
        listSkipped: jest.fn(async () => [
          {
            key: 'outlook:o2',
            side: 'outlook' as const,
            bcId: 'b2',
            bcNumber: '',
            outlookId: 'o2',
            displayName: 'Skipped Two',
            reason: { kind: 'wouldLeaveScope' as const, reasons: [{ kind: 'noEmail' as const }] },
          },
        ]),
      });
      const ask = await screen.findByRole('group', { name: 'Move the sync to the existing folder "Taken"?' });
      expect(ask.textContent).toContain(
        '2 contacts in "Business Central" have values Business Central does not hold yet',
      );
      expect(screen.queryByRole('button', { name: 'Sync, move the contacts and save' })).toBeNull();
      await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
      expect(runner.requests).toEqual([]);
      expect(api.removeCopies).not.toHaveBeenCalled();
      expect(api.putSettings).not.toHaveBeenCalled();
    });

    test('F54: copies holding values BC has no field for stay in the old folder, and the pane says so', async () => {
      const { api, runner } = await saveAsTaken({
        removeCopies: jest.fn(async () => ({ removed: 2, kept: 1 })),
      });
      await userEvent.click(await screen.findByRole('button', { name: 'Sync, move the contacts and save' }));
      await waitFor(() => expect(runner.requests).toHaveLength(1));
      runner.finish({ record: record(), preview: null });
      expect(
        await screen.findByText(
          'Settings saved. 2 synced contacts were removed from "Business Central"; the next sync brings them to "Taken". 1 contact stays in "Business Central" as it is: it holds values Business Central has no field for (notes, birthday, other phones or addresses). The next sync also brings a copy to "Taken"; move those values over, then delete the old one.',
        ),
      ).toBeTruthy();
      expect(api.putSettings).toHaveBeenCalled();
    });

    test('F54: a settled conflict holds its copy too (its losing value lives only in the old folder)', async () => {
      const { api, runner } = await saveAsTaken({
        listConflicts: jest.fn(async () => [
          {
            bcId: 'b3',
            outlookId: 'o3',
            displayName: 'Settled Three',
            kind: 'fields' as const,
            status: 'settled' as const,
            detectedAt: null,
            fields: [],
          },
        ]),
      });
      const ask = await screen.findByRole('group', { name: 'Move the sync to the existing folder "Taken"?' });
      expect(ask.textContent).toContain(
        '1 contact in "Business Central" has values Business Central does not hold yet (open or settled conflicts, or skipped changes)',
      );
      expect(screen.queryByRole('button', { name: 'Sync, move the contacts and save' })).toBeNull();
      expect(runner.requests).toEqual([]);
      expect(api.removeCopies).not.toHaveBeenCalled();
    });

    test('the sync of the old folder does not succeed: nothing removed, nothing saved, the reason shown', async () => {
      const { api, runner } = await saveAsTaken();
      await userEvent.click(await screen.findByRole('button', { name: 'Sync, move the contacts and save' }));
      await waitFor(() => expect(runner.requests).toHaveLength(1));
      runner.finish({ record: record({ status: 'failed' }), preview: null });
      expect(
        await screen.findByText('The contacts were not moved and nothing was saved: Failed'),
      ).toBeTruthy();
      expect(api.removeCopies).not.toHaveBeenCalled();
      expect(api.putSettings).not.toHaveBeenCalled();
    });
  });

  test("shows the server's 400 details at the filter field", async () => {
    const api = mockApi({
      putSettings: async () => {
        throw new ApiError(400, 'InvalidSettings', 'The filter is not valid', [
          {
            target: 'filter.city',
            message: 'unknown city rule',
            reason: {
              kind: 'filterSyntax',
              field: 'city',
              error: {
                kind: 'endOfInput',
                position: 5,
                expected: { kind: 'value', after: '|' },
                found: null,
              },
            } as { kind: string },
          },
          // A schema's refusal (JSON Pointer target, reason as data): worded, never its English.
          {
            target: 'body/folderName',
            message: 'must NOT have more than 255 characters',
            reason: { kind: 'tooLong', limit: 255 } as { kind: string },
          },
        ]);
      },
    });
    renderPane(
      <SettingsPanel
        settings={{ ...SETTINGS, filter: { city: 'Oulu' } }}
        onSaved={() => undefined}
        debounceMs={0}
      />,
      { api },
    );
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    const cityProblem = "Position 6: expected a value after '|'";
    expect(await screen.findByText(cityProblem)).toBeTruthy();
    expect(screen.getByText('must be at most 255 characters')).toBeTruthy();
    expect(
      screen.getByText(
        `Settings not saved: City: ${cityProblem} and Folder name: must be at most 255 characters`,
      ),
    ).toBeTruthy();
    expect(screen.queryByText(/unknown city rule|must NOT/)).toBeNull();
  });

  test('removes a filter row', async () => {
    renderPane(
      <SettingsPanel
        settings={{ ...SETTINGS, filter: { city: 'Oulu' } }}
        onSaved={() => undefined}
        debounceMs={0}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Remove filter City' }));
    expect(screen.queryByRole('textbox', { name: 'City' })).toBeNull();
  });

  test('field captions follow the language (Finnish)', async () => {
    renderPane(
      <SettingsPanel
        settings={{ ...SETTINGS, filter: { city: 'Oulu' } }}
        onSaved={() => undefined}
        debounceMs={0}
      />,
      { lang: 'fi' },
    );
    expect(screen.getByRole('textbox', { name: 'Kaupunki' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Poista suodatin Kaupunki' })).toBeTruthy();
    expect(await screen.findByText('7/10 kontaktia täsmää, 3 rajauksen ulkopuolella')).toBeTruthy();
    // The match preview's reasons, with the filter fields by their Finnish captions.
    expect(screen.getByText('ei sähköpostiosoitetta: 1')).toBeTruthy();
    expect(screen.getByText('yrityskontakti: 2')).toBeTruthy();
    expect(screen.getByText('suodattimen rajaama: 1 (Kaupunki 1)')).toBeTruthy();
  });
});

describe('FilterBuilder', () => {
  test('says in Finnish what the filter syntax expected', () => {
    renderPane(
      <FilterBuilder
        value={{ city: 'Helsinki|&', name: "'Ann", postalCode: '(1000|2000 (' }}
        onChange={() => undefined}
      />,
      { lang: 'fi' },
    );
    expect(screen.getByText(/^Kohta 10: odotettiin arvoa merkin '\|' jälkeen/)).toBeTruthy();
    expect(screen.getByText(/^Kohta 1: odotettiin loppulainausmerkkiä \('\)/)).toBeTruthy();
    expect(
      screen.getByText(/^Kohta 12: odotettiin merkkiä '\|', '&' tai '\)' \(sulkee kohdan 1 sulkeen '\('\)/),
    ).toBeTruthy();
  });
});
