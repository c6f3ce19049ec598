/** @jest-environment jsdom */
/**
 * Issue 12 (the pane's first render): the first screen (App's spinner while the user's data loads)
 * shows plain texts only, so it is rendered without react-intl's formatter, whose making asks ICU
 * which locales it has (`Intl.NumberFormat.supportedLocalesOf`): ICU's first use in a page, 25-45 ms
 * of the first render on 2 cores (traced). The formatter is made once that screen is painted, while
 * the data is on its way, and every word that needs it (values, plurals) still gets it.
 * The catalogs are given as the build ships them: parsed (scripts/icu-catalog-loader.js).
 */
import { afterEach, describe, expect, jest, test } from '@jest/globals';
import { parse } from '@formatjs/icu-messageformat-parser';
import { screen, waitFor } from '@testing-library/react';
import { App } from '../../src/taskpane/components/App/index.js';
import { i18nOf } from '../../src/taskpane/i18n/i18n-of.js';
import type { Lang, Messages } from '../../src/taskpane/i18n/index.js';
import { MESSAGES } from '../messages/catalogs.js';
import { mockApi, renderPane } from './harness.js';

/** `lang`'s catalogs as the build emits them: every message parsed. */
function built(lang: Lang): Messages {
  const parsed = Object.fromEntries(Object.entries(MESSAGES[lang]).map(([k, m]) => [k, parse(m)]));
  return parsed as unknown as Messages;
}

/** Counts ICU's locale look-ups: what createIntl (and each message format) asks first. */
function icuLookups(): () => number {
  const spies = [
    jest.spyOn(Intl.NumberFormat, 'supportedLocalesOf'),
    jest.spyOn(Intl.DateTimeFormat, 'supportedLocalesOf'),
  ];
  return () => spies.reduce((n, s) => n + s.mock.calls.length, 0);
}

afterEach(() => {
  jest.restoreAllMocks();
});

describe('the first screen needs no ICU (issue 12)', () => {
  test('the spinner is rendered in the user\u2019s language without making the formatter; it is made after the paint', async () => {
    const lookups = icuLookups();
    // The user's data never arrives here: the first screen stays up.
    const started = new Promise<never>(() => undefined);
    renderPane(<App started={started} />, { api: mockApi(), messages: built('fi'), lang: 'fi' });
    expect(screen.getByText(String(MESSAGES.fi.loading))).toBeTruthy();
    expect(lookups()).toBe(0);
    // After the next frame and a task: the formatter is made while the data is on its way.
    await waitFor(() => expect(lookups()).toBeGreaterThan(0));
  });

  test('a word with values or a plural is formatted as react-intl does; plain texts are the message', () => {
    const { i18n } = i18nOf('fr', built('fr'));
    expect(i18n.t('loading')).toBe(MESSAGES.fr.loading);
    const { i18n: en } = i18nOf('en', built('en'));
    expect(en.t('skippedSection', { n: 1 })).toMatch(/1/);
    expect(en.t('skippedSection', { n: 2 })).not.toBe(en.t('skippedSection', { n: 1 }));
    expect(en.list(['a', 'b', 'c'])).toBe('a, b, and c');
  });
});
