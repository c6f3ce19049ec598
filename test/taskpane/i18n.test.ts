import { describe, expect, test } from '@jest/globals';
import { en } from '../../src/taskpane/i18n/en.js';
import { LANGS, pickLang, translator } from '../../src/taskpane/i18n/index.js';
import { fi } from '../../src/taskpane/i18n/fi.js';
import { fr } from '../../src/taskpane/i18n/fr.js';
import { it as itMessages } from '../../src/taskpane/i18n/it.js';
import { nl } from '../../src/taskpane/i18n/nl.js';
import { sv } from '../../src/taskpane/i18n/sv.js';

const catalogs = { fi, sv, nl, it: itMessages, fr };

describe('i18n', () => {
  test('picks a language from Office / browser tags', () => {
    expect(pickLang('fi-FI')).toBe('fi');
    expect(pickLang('sv')).toBe('sv');
    expect(pickLang('nl-BE')).toBe('nl');
    expect(pickLang('de-DE')).toBe('en');
    expect(pickLang(null)).toBe('en');
    expect(LANGS).toHaveLength(6);
  });

  test('every catalog has every key and keeps the placeholders', () => {
    for (const [lang, messages] of Object.entries(catalogs)) {
      for (const [key, text] of Object.entries(en)) {
        const translated = (messages as Record<string, string>)[key];
        expect({ lang, key, ok: typeof translated === 'string' && translated !== '' }).toEqual({
          lang,
          key,
          ok: true,
        });
        const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
        expect({ lang, key, params: params(translated ?? '') }).toEqual({ lang, key, params: params(text) });
      }
    }
  });

  test('uses the terms of the BC documentation', () => {
    expect(fi.sync).toBe('Synkronoi Microsoft 365:n kanssa');
    expect(fi.fullSync).toBe('Täysi synkronointi Microsoft 365:n kanssa');
    expect(sv.sync).toBe('Synka med Microsoft 365');
    expect(nl.fullSync).toBe('Volledig synchroniseren met Microsoft 365');
    expect(itMessages.sync).toBe('Sincronizza con Microsoft 365');
  });

  test('fills placeholders', () => {
    expect(translator('fi')('conflictsSection', { n: 3 })).toBe('Ristiriidat (3)');
    expect(translator('en')('matchCount', { matching: 1, total: 2, out: 1 })).toBe(
      '1 of 2 contacts match, 1 out of scope',
    );
  });
});
