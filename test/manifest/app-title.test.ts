/**
 * The product's name in each language: the pane's title (appTitle) and the manifest's DisplayName,
 * which Outlook shows in the add-in list, are one text per language; and the Finnish one says whose
 * contacts are synced, as the Finnish BC page's heading does (../shared/seeds: "Business Centralin
 * kontaktien synkronointi Microsoft Outlookin yhteystietojen kanssa"), not a direction: it read
 * "Kontaktien synkronointi Business Centraliin" ("… into Business Central") for a two-way sync
 * (newuser F8).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';
import { LANGS } from '../../src/messages/langs.js';
import { MESSAGES } from '../messages/catalogs.js';

const MANIFEST = readFileSync('manifest.xml', 'utf8');
const LOCALE = { fi: 'fi-FI', sv: 'sv-SE', nl: 'nl-NL', it: 'it-IT', fr: 'fr-FR' } as const;

function displayName(lang: (typeof LANGS)[number]): string | undefined {
  const block = /<DisplayName DefaultValue="([^"]*)">([\s\S]*?)<\/DisplayName>/.exec(MANIFEST);
  if (!block) return undefined;
  if (lang === 'en') return block[1];
  return new RegExp(`<Override Locale="${LOCALE[lang]}" Value="([^"]*)"`).exec(block[2] ?? '')?.[1];
}

describe("the product's name in each language", () => {
  test.each([...LANGS])('%s: the manifest names the add-in as the pane titles itself', (lang) => {
    expect(displayName(lang)).toBe(MESSAGES[lang].appTitle);
  });

  test('fi: the title is the Finnish BC heading\'s "Business Centralin kontaktien synkronointi" (F8)', () => {
    expect(MESSAGES.fi.appTitle).toBe('Business Centralin kontaktien synkronointi');
    expect(MESSAGES.fi.appTitle).not.toMatch(/Business Centraliin/);
    const seed = readdirSync('../shared/seeds')
      .map((f) => readFileSync(`../shared/seeds/${f}`, 'utf8'))
      .find((text) => /^title: .*Business Centralin ja Outlookin/m.test(text));
    const heading = /^# .*$/m.exec(seed ?? '')?.[0] ?? '';
    // The page's heading spells "synkronisointi" once; its every other use is "synkronointi".
    expect(heading.replace('synkronisointi', 'synkronointi')).toContain(MESSAGES.fi.appTitle);
  });
});
