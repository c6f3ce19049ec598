/**
 * newuser: the French pane says "Microsoft 365" where the French seed page (../shared/seeds) says
 * "Office 365". Each language's pane names the product in its sync actions as its seed page does,
 * or the README says why it does not, quoting both; and a language names the product one way in
 * every text of the pane (no "Office 365" next to "Microsoft 365").
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';
import type { Lang } from '../../src/messages/langs.js';
import { MESSAGES } from '../messages/catalogs.js';

/** Each seed page's title, by the language it is in (the seeds carry no language field). */
const TITLES: Readonly<Record<Exclude<Lang, 'en'>, RegExp>> = {
  fi: /^title: Jaa kontaktit/m,
  sv: /^title: Dela kontakter/m,
  nl: /^title: Contacten delen/m,
  it: /^title: Condividere contatti/m,
  fr: /^title: Partager des contacts/m,
};

const SEEDS = readdirSync('../shared/seeds').map((f) => readFileSync(`../shared/seeds/${f}`, 'utf8'));
const PRODUCT = /(?:Microsoft|Office) 365/g;

/** The seed page's bold names of its sync actions: "**Synchronisation avec Office 365**", "**Synkronoi Microsoft 365:nn kanssa**". */
function seedActions(lang: keyof typeof TITLES): string[] {
  const seed = SEEDS.filter((text) => TITLES[lang].test(text));
  expect(seed).toHaveLength(1);
  const bold = [...seed[0]!.matchAll(/\*\*([^*\n]*(?:Microsoft|Office) 365[^*\n]*)\*\*/g)].map((m) => m[1]!);
  // The actions, not the other bold names that carry the product's ("Office 365 Authentification").
  return [...new Set(bold.filter((name) => /s(?:yn[ck]|incron)/i.test(name)))];
}

const texts = (lang: Lang) => Object.values(MESSAGES[lang] as Readonly<Record<string, string>>);

describe('the product name in the sync actions', () => {
  test.each(Object.keys(TITLES) as (keyof typeof TITLES)[])(
    '%s: as the seed page names it, or the README says why, quoting both',
    (lang) => {
      const actions = seedActions(lang);
      expect(actions.length).toBeGreaterThan(0);
      const seedName = actions[0]!.match(PRODUCT)![0];
      const pane = [MESSAGES[lang].sync, MESSAGES[lang].fullSync];
      const paneName = pane.join(' ').match(PRODUCT)![0];
      if (paneName === seedName) return;
      const readme = readFileSync('README.md', 'utf8').replace(/\s+/g, ' ');
      for (const quoted of [...actions, ...pane]) expect(readme).toContain(`"${quoted}"`);
    },
  );

  test.each(Object.keys(MESSAGES) as Lang[])('%s: one name of the product in every text', (lang) => {
    const names = new Set(texts(lang).flatMap((t) => t.match(PRODUCT) ?? []));
    expect([...names]).toEqual(['Microsoft 365']);
  });
});
