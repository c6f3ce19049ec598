/** @jest-environment jsdom */
import { describe, expect, jest, test } from '@jest/globals';
import { act, screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { LANGS } from '../../src/messages/langs.js';
import type { MatchPreview } from '../../src/taskpane/api/types.js';
import { SettingsPanel } from '../../src/taskpane/components/SettingsPanel/index.js';
import { paneWords } from '../messages/catalogs.js';
import { SETTINGS, mockApi, renderPane } from './harness.js';

/*
 * helper newuser: under the filter City `Lon*|'x` (an error at its quote) the pane still said
 * "6 of 209 contacts match", the count of `Lon*` typed before it, as if it were this filter's. The
 * count shown is always the count of the filter shown: for a filter with an error, a line saying
 * to correct it; for one being counted, "Counting…" until its own count comes. In every language,
 * through each state in turn (counted, an error, a new filter counting, counted again); the
 * example (Lon* then Lon*|'x, in English) by name.
 */

/** A count per filter: `matching` is the length of the City filter, so each filter's count differs. */
const countOf = (filter: Readonly<Record<string, string>>): MatchPreview => ({
  total: 209,
  matching: (filter.city ?? '').length,
  outOfScope: { noEmail: 0, noName: 0, companyContact: 0, privacyBlocked: 0, excludedByFilter: 0 },
  byField: {},
});

/** The match preview's API, each answer held until the test lets it go. */
function heldApi() {
  const waiting: (() => void)[] = [];
  const api = mockApi({
    matchPreview: jest.fn(
      (filter: Readonly<Record<string, string>>) =>
        new Promise<MatchPreview>((resolve) => waiting.push(() => resolve(countOf(filter)))),
    ),
  });
  const release = async () => act(async () => void waiting.splice(0).forEach((answer) => answer()));
  return { api, release };
}

describe('the match count is the count of the filter shown', () => {
  test.each(LANGS)('%s: counted, an error, a new filter counting, counted again', async (lang) => {
    const { t } = paneWords(lang);
    const count = (matching: number) => t('matchCount', { matching, total: 209, out: 209 - matching });
    const { api, release } = heldApi();
    renderPane(
      <SettingsPanel
        settings={{ ...SETTINGS, filter: { city: 'Lon*' } }}
        onSaved={() => undefined}
        debounceMs={0}
      />,
      { api, lang },
    );
    const city = screen.getByRole('textbox', { name: t('field_city') });
    await waitFor(() => expect(api.matchPreview).toHaveBeenCalledTimes(1));
    await release();
    expect(await screen.findByText(count(4))).toBeTruthy();

    await userEvent.type(city, "|'x"); // Lon*|'x: a quote never closed
    expect(await screen.findByText(t('matchFilterInvalid'))).toBeTruthy();
    expect(screen.queryByText(count(4))).toBeNull();

    await userEvent.clear(city);
    await userEvent.type(city, 'Paris|London');
    await waitFor(() => expect(api.matchPreview).toHaveBeenLastCalledWith({ city: 'Paris|London' }));
    expect(screen.getByText(t('matchChecking'))).toBeTruthy();
    expect(screen.queryByText(t('matchFilterInvalid'))).toBeNull();
    expect(screen.queryByText(count(4))).toBeNull();
    await release();
    expect(await screen.findByText(count('Paris|London'.length))).toBeTruthy();
  });

  test("the example: Lon*, then Lon*|'x", async () => {
    const { api, release } = heldApi();
    renderPane(
      <SettingsPanel
        settings={{ ...SETTINGS, filter: { city: 'Lon*' } }}
        onSaved={() => undefined}
        debounceMs={0}
      />,
      { api },
    );
    await waitFor(() => expect(api.matchPreview).toHaveBeenCalledTimes(1));
    await release();
    expect(await screen.findByText('4 of 209 contacts match, 205 out of scope')).toBeTruthy();
    await userEvent.type(screen.getByRole('textbox', { name: 'City' }), "|'x");
    expect(await screen.findByText('Correct the filter to see how many contacts match.')).toBeTruthy();
    expect(screen.queryByText(/contacts match,/)).toBeNull();
  });
});
