/** @jest-environment jsdom */
/**
 * Issue 14 screenshots at 320 px: the filter's syntax hint sat right under the Folder name field
 * and read as that field's hint. The filter is a group with a visible title of its own before the
 * hint, named by that title and described by the hint, in every language.
 */
import { describe, expect, test } from '@jest/globals';
import { screen, within } from '@testing-library/react';
import { LANGS } from '../../src/messages/langs.js';
import { FilterBuilder } from '../../src/taskpane/components/FilterBuilder/index.js';
import { paneWords } from '../messages/catalogs.js';
import { renderPane } from './harness.js';

describe('the filter has a title of its own above its hint', () => {
  test.each(LANGS)('%s: the group is named by its visible title and described by the hint', (lang) => {
    const { t } = paneWords(lang);
    const view = renderPane(<FilterBuilder value={{ city: 'Helsinki' }} onChange={() => undefined} />, {
      lang,
    });
    const group = screen.getByRole('group', { name: t('filterTitle') });
    const title = document.getElementById(group.getAttribute('aria-labelledby') ?? '');
    const hint = document.getElementById(group.getAttribute('aria-describedby') ?? '');
    expect(title?.textContent).toBe(t('filterTitle'));
    expect(hint?.textContent).toBe(t('filterHint'));
    // The title comes first: nothing of the filter is read before it, the hint right after it.
    expect(group.firstElementChild).toBe(title);
    expect(title?.nextElementSibling).toBe(hint);
    expect(within(group).getByRole('textbox', { name: paneWords(lang).field('city') })).toBeTruthy();
    view.unmount();
  });
});
