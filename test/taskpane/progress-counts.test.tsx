/** @jest-environment jsdom */
import { describe, expect, test } from '@jest/globals';
import { act, screen } from '@testing-library/react';
import { IntlMessageFormat } from 'intl-messageformat';
import type { ProgressEvent } from '../../src/core/executor.js';
import { LANGS } from '../../src/messages/langs.js';
import type { Lang } from '../../src/taskpane/i18n/index.js';
import { MESSAGES } from '../messages/catalogs.js';
import { syncPanelStarted } from '../support/sync-panel-runs.js';

/*
 * newuser: the pane's progress said "Reading contacts 0 of 2": it counted the two sides (BC,
 * Outlook) without saying so, and every phase said a bare "n of m". Each phase now says what it
 * counts, in every language: the sides by name, planning's steps, the contacts written or linked.
 */

const PHASES: readonly ProgressEvent['phase'][] = ['reading', 'planning', 'bc', 'outlook', 'links'];

/** The bare count each language showed for every phase before (`{done} of {total}`), digits as #. */
const BARE: Readonly<Record<Lang, string>> = {
  en: '# of #',
  fi: '#/#',
  sv: '# av #',
  nl: '# van #',
  it: '# di #',
  fr: '# sur #',
};

const count = (lang: Lang, phase: ProgressEvent['phase'], done: number, total: number): string =>
  String(new IntlMessageFormat(MESSAGES[lang][`progressCount_${phase}`], lang).format({ done, total }));

describe('progress says what it counts', () => {
  test.each(LANGS.flatMap((lang) => PHASES.map((phase) => [lang, phase] as const)))(
    '%s %s: more than a bare count',
    (lang, phase) => {
      const text = count(lang, phase, 1, 2);
      expect(text.replace(/\d/g, '#')).not.toBe(BARE[lang]);
      // Reading counts the two sides: said by name, not as numbers (below).
      if (phase !== 'reading') expect(text).toMatch(/1.*2/);
    },
  );

  test.each(LANGS)('%s: reading names both sides, with their product names', (lang) => {
    const text = count(lang, 'reading', 0, 2);
    expect({ bc: text.includes('Business Central'), outlook: text.includes('Outlook') }).toEqual({
      bc: true,
      outlook: true,
    });
  });

  /*
   * panepolish: "Read so far: 0 of 2 (Business Central, Outlook)" still counted sides as numbers,
   * the 2 read as contacts. Each of the three states says which side is read, without a number.
   */
  test.each(LANGS)('%s: reading says which side is read, in words', (lang) => {
    const states = [0, 1, 2].map((done) => count(lang, 'reading', done, 2));
    expect(new Set(states).size).toBe(3);
    expect(states.filter((text) => /\d/.test(text))).toEqual([]);
  });

  // What is written or linked are contacts: the noun agrees with the count ("1 of 1 contact").
  test.each(
    LANGS.flatMap((lang) => (['bc', 'outlook', 'links'] as const).map((phase) => [lang, phase] as const)),
  )('%s %s: counts contacts, the noun by the count', (lang, phase) => {
    expect(count(lang, phase, 1, 1).replace(/\d/g, '#')).not.toBe(
      count(lang, phase, 1, 2).replace(/\d/g, '#'),
    );
  });

  test('the example: "Reading contacts 0 of 2" says it counts Business Central and Outlook', async () => {
    const runner = await syncPanelStarted('Sync with Microsoft 365');
    act(() => runner.progress({ phase: 'reading', done: 0, total: 2 }));
    expect(screen.getByRole('progressbar', { name: 'Reading contacts' })).toBeTruthy();
    expect(screen.getByText('Business Central and Outlook being read')).toBeTruthy();
    act(() => runner.progress({ phase: 'reading', done: 1, total: 2 }));
    expect(screen.getByText('Business Central read, Outlook being read')).toBeTruthy();
    act(() => runner.progress({ phase: 'bc', done: 1, total: 1 }));
    expect(screen.getByText('1 of 1 contact')).toBeTruthy();
  });

  test('in Finnish: BC contacts are kontaktit, Outlook contacts yhteystiedot (the seeds words)', async () => {
    const runner = await syncPanelStarted('Synkronoi Microsoft 365:n kanssa', { lang: 'fi' });
    act(() => runner.progress({ phase: 'bc', done: 3, total: 8 }));
    expect(screen.getByText('3/8 kontaktia')).toBeTruthy();
    act(() => runner.progress({ phase: 'outlook', done: 2, total: 5 }));
    expect(screen.getByText('2/5 yhteystietoa')).toBeTruthy();
  });
});
