/** @jest-environment jsdom */
import { describe, expect, jest, test } from '@jest/globals';
import { screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { IntlMessageFormat } from 'intl-messageformat';
import { ApiError } from '../../src/taskpane/api/http.js';
import { FilterBuilder } from '../../src/taskpane/components/FilterBuilder/index.js';
import { SettingsPanel } from '../../src/taskpane/components/SettingsPanel/index.js';
import { MESSAGES } from '../messages/catalogs.js';
import { SETTINGS, mockApi, renderPane } from './harness.js';

/** The panel with a saved filter on City (Oulu), nothing to save on its own. */
const renderOuluFilter = (options: Parameters<typeof renderPane>[1] = {}) =>
  renderPane(
    <SettingsPanel
      settings={{ ...SETTINGS, filter: { city: 'Oulu' } }}
      onSaved={() => undefined}
      debounceMs={0}
    />,
    options,
  );

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
    expect(await screen.findByText(/^Position 9: expected a value after '\|'/)).toBeTruthy();
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
    // A new folder name: the pane only stores it; "Save only" leaves the move to the next run.
    await userEvent.click(await screen.findByRole('button', { name: 'Save only' }));
    await screen.findByText('Settings saved. The next sync moves the sync to the folder "BC Contacts".');
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
    renderOuluFilter({ api });
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
    renderOuluFilter();
    await userEvent.click(screen.getByRole('button', { name: 'Remove filter City' }));
    expect(screen.queryByRole('textbox', { name: 'City' })).toBeNull();
  });

  test('field captions follow the language (Finnish)', async () => {
    renderOuluFilter({ lang: 'fi' });
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
