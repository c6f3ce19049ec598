/** Every catalog, statically: tests render any language synchronously (the pane loads them lazily). */
import codesEn from '../../src/messages/catalogs/en.js';
import codesFi from '../../src/messages/catalogs/fi.js';
import codesFr from '../../src/messages/catalogs/fr.js';
import codesIt from '../../src/messages/catalogs/it.js';
import codesNl from '../../src/messages/catalogs/nl.js';
import codesSv from '../../src/messages/catalogs/sv.js';
import { catalogWords } from '../../src/messages/english.js';
import type { Lang } from '../../src/messages/langs.js';
import { fieldCaption } from '../../src/messages/words.js';
import paneEn from '../../src/taskpane/i18n/catalogs/en.js';
import paneFi from '../../src/taskpane/i18n/catalogs/fi.js';
import paneFr from '../../src/taskpane/i18n/catalogs/fr.js';
import paneIt from '../../src/taskpane/i18n/catalogs/it.js';
import paneNl from '../../src/taskpane/i18n/catalogs/nl.js';
import paneSv from '../../src/taskpane/i18n/catalogs/sv.js';
import type { Messages } from '../../src/taskpane/i18n/index.js';

export const CODE_CATALOGS: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  en: codesEn,
  fi: codesFi,
  sv: codesSv,
  nl: codesNl,
  it: codesIt,
  fr: codesFr,
};

export const PANE_CATALOGS: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  en: paneEn,
  fi: paneFi,
  sv: paneSv,
  nl: paneNl,
  it: paneIt,
  fr: paneFr,
};

export const MESSAGES: Readonly<Record<Lang, Messages>> = {
  en: { ...codesEn, ...paneEn },
  fi: { ...codesFi, ...paneFi },
  sv: { ...codesSv, ...paneSv },
  nl: { ...codesNl, ...paneNl },
  it: { ...codesIt, ...paneIt },
  fr: { ...codesFr, ...paneFr },
};

/** The pane's words in `lang` (its catalog and core's codes), as `failureText` and the panels use them. */
export function paneWords(lang: Lang): {
  t: (key: string, values?: Record<string, string | number>) => string;
  text: (key: string, values?: Record<string, string | number>) => string;
  list: (items: readonly string[]) => string;
  field: (name: string) => string;
} {
  const words = catalogWords(lang, MESSAGES[lang] as never);
  const text = (key: string, values?: Record<string, string | number>): string =>
    words.text(key as never, values);
  return { t: text, text, list: (items) => words.list(items), field: (name) => fieldCaption(words, name) };
}
