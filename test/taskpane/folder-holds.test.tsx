/** @jest-environment jsdom */
/**
 * F60: moving the sync to an existing Outlook folder imported that folder's own contacts into BC
 * without saying so. The move's prompt now says, before anything is saved, what the first sync there
 * does with them, in the counts the server planned (POST /sync/v1/folder-preview).
 */
import { describe, expect, jest, test } from '@jest/globals';
import { screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { IntlMessageFormat } from 'intl-messageformat';
import type { FolderPreview } from '../../src/taskpane/api/types.js';
import { SettingsPanel } from '../../src/taskpane/components/SettingsPanel/index.js';
import { LANGS } from '../../src/messages/langs.js';
import type { Lang } from '../../src/taskpane/i18n/index.js';
import { MESSAGES } from '../messages/catalogs.js';
import { SETTINGS, mockApi, mockRunner, renderPane } from './harness.js';

const HOLDS: FolderPreview = {
  move: 'switch',
  from: null,
  exists: true,
  contacts: 40,
  linked: 0,
  matched: 12,
  toBc: 25,
  skipped: 3,
};

async function saveAsTaken(preview: FolderPreview, lang: Lang = 'en') {
  const api = mockApi({ folderPreview: jest.fn(async () => preview) });
  renderPane(<SettingsPanel settings={SETTINGS} onSaved={() => undefined} debounceMs={0} />, {
    api,
    runner: mockRunner(),
    lang,
  });
  const m = MESSAGES[lang];
  const folder = screen.getByRole('textbox', { name: new RegExp(m.folderName) });
  await userEvent.clear(folder);
  await userEvent.type(folder, 'Taken');
  await userEvent.click(screen.getByRole('button', { name: m.save }));
  const title = new IntlMessageFormat(m.folderSwitchTitle, lang).format({ to: 'Taken' }) as string;
  return { api, ask: await screen.findByRole('group', { name: title }) };
}

describe('F60: the folder-move prompt says what the folder already holds', () => {
  test('the counts the server planned, before anything is saved', async () => {
    const { api, ask } = await saveAsTaken(HOLDS);
    expect(api.folderPreview).toHaveBeenCalledWith('Taken');
    expect(screen.getByTestId('folder-holds').textContent).toBe(
      '"Taken" already holds 40 contacts of its own. The first sync there links 12 contacts to the Business Central contact with the same e-mail, adds 25 contacts to Business Central as new persons and skips 3 contacts (listed under Skipped contacts). To keep them out of Business Central, cancel and choose a new folder name.',
    );
    expect(ask.contains(screen.getByTestId('folder-holds'))).toBe(true);
    expect(api.putSettings).not.toHaveBeenCalled();
  });

  test('contacts synced there already are named as kept', async () => {
    await saveAsTaken({ ...HOLDS, contacts: 45, linked: 5 });
    expect(screen.getByTestId('folder-holds').textContent).toContain(
      'The first sync there keeps the 5 synced there already, links 12 contacts',
    );
  });

  test('a folder holding nothing new says nothing more', async () => {
    await saveAsTaken({
      move: 'switch',
      from: null,
      exists: true,
      contacts: 7,
      linked: 7,
      matched: 0,
      toBc: 0,
      skipped: 0,
    });
    expect(screen.queryByTestId('folder-holds')).toBeNull();
  });

  test.each(LANGS)('in %s: the catalog sentence with the counts', async (lang) => {
    await saveAsTaken(HOLDS, lang);
    const said = new IntlMessageFormat(MESSAGES[lang].folderSwitchHolds, lang).format({
      to: 'Taken',
      ...HOLDS,
    }) as string;
    expect(screen.getByTestId('folder-holds').textContent).toBe(said);
    for (const n of ['40', '12', '25', '3']) expect(said).toContain(n);
  });

  // Helper newuser: "adds 1 contact to Business Central as new persons". The person agrees with the
  // count in every language; the singular words are each catalog's own "one" form.
  const ONE_PERSON = {
    en: ['as a new person', 'as new persons'],
    fi: ['uutena henkilönä', 'uusina henkilöinä'],
    sv: ['som ny person', 'som nya personer'],
    nl: ['als nieuwe persoon', 'als nieuwe personen'],
    it: ['come nuova persona', 'come nuove persone'],
    fr: ['comme nouvelle personne', 'comme nouvelles personnes'],
  } as const satisfies Record<Lang, readonly [string, string]>;
  test.each(LANGS)('in %s: one contact added to Business Central is one new person', async (lang) => {
    await saveAsTaken({ ...HOLDS, toBc: 1 }, lang);
    const [one, many] = ONE_PERSON[lang];
    const said = screen.getByTestId('folder-holds').textContent ?? '';
    expect({ lang, one: said.includes(one), many: said.includes(many) }).toEqual({
      lang,
      one: true,
      many: false,
    });
  });
});
