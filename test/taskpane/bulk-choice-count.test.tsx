/** @jest-environment jsdom */
import { describe, expect, test } from '@jest/globals';
import { screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { IntlMessageFormat } from 'intl-messageformat';
import { MESSAGES } from '../messages/catalogs.js';
import { LANGS } from '../../src/messages/langs.js';
import type { ConflictView } from '../../src/taskpane/api/types.js';
import { renderConflicts } from './harness.js';

/*
 * Seen by helper newuser in the pane: one waiting conflict (Harry Taylor) showed "Keep Business
 * Central for the 1 listed" and "Keep Outlook for the 1 listed" right above his card's own "Keep
 * Business Central" and "Keep Outlook": the same act twice, in a wording nobody reads as one
 * contact. The choice for all listed is offered from two listed on, in every language, whether one
 * is all there is or the find box left one.
 */

const person = (name: string): ConflictView => ({
  bcId: `bc-${name}`,
  outlookId: `ol-${name}`,
  displayName: name,
  kind: 'fields',
  status: 'open',
  detectedAt: null,
  fields: [{ field: 'jobTitle', base: 'a', bc: 'b', outlook: 'c', winner: 'none' }],
});

const bulkWords = (lang: (typeof LANGS)[number], n: number): string[] =>
  (['bulkKeepBc', 'bulkKeepOutlook'] as const).map((key) =>
    String(new IntlMessageFormat(MESSAGES[lang][key], lang).format({ n })),
  );

/**
 * The bulk buttons shown, by their text, once no part of the pane is still loading: a DOM wait opens
 * the parts held (lazy-parts-held.ts) and ends when no place holder (a spinner) is left.
 */
async function bulkShown(lang: (typeof LANGS)[number], n: number): Promise<string[]> {
  await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
  const words = bulkWords(lang, n);
  return screen
    .queryAllByRole('button')
    .map((b) => b.textContent ?? '')
    .filter((text) => words.includes(text));
}

describe('the choice for all listed conflicts needs two listed', () => {
  test.each(LANGS)('%s: two listed offer it; the find box leaving one takes it away', async (lang) => {
    renderConflicts([person('Harry Taylor'), person('Ann Lee')], {}, lang);
    expect(await screen.findByRole('button', { name: bulkWords(lang, 2)[0] })).toBeTruthy();
    await userEvent.type(screen.getByRole('searchbox'), 'Harry');
    expect(await bulkShown(lang, 1)).toEqual([]);
    await userEvent.clear(screen.getByRole('searchbox'));
    expect(await screen.findByRole('button', { name: bulkWords(lang, 2)[1] })).toBeTruthy();
  });

  test('the example: Harry Taylor alone has his card\'s Keep buttons, not "for the 1 listed"', async () => {
    renderConflicts([person('Harry Taylor')]);
    expect(screen.getByRole('button', { name: 'Keep Business Central for Harry Taylor' })).toBeTruthy();
    expect(await bulkShown('en', 1)).toEqual([]);
    // Not merely still loading: the bulk part's place holder (a spinner) is not there either.
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.queryByText(/for the 1 listed/)).toBeNull();
  });
});
