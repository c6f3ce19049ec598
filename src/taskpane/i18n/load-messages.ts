import type { CodeKey } from '../../messages/catalogs/en.js';
import type { Lang } from '../../messages/langs.js';
import { download } from '../api/failure.js';
import type { PaneKey } from './catalogs/en.js';

/** Every key the pane can show: its own texts and the texts of core's codes (src/messages). */
export type MessageKey = PaneKey | CodeKey;
export type Messages = { readonly [K in MessageKey]: string };

// Each language's imports written out, so that webpack makes one chunk per language: both catalogs
// in one file (`words-<lang>`), one request on the first screen's path instead of two.
const CATALOGS = {
  fi: () =>
    Promise.all([
      import(/* webpackChunkName: "words-fi" */ './catalogs/fi.js'),
      import(/* webpackChunkName: "words-fi" */ '../../messages/catalogs/fi.js'),
    ]),
  sv: () =>
    Promise.all([
      import(/* webpackChunkName: "words-sv" */ './catalogs/sv.js'),
      import(/* webpackChunkName: "words-sv" */ '../../messages/catalogs/sv.js'),
    ]),
  nl: () =>
    Promise.all([
      import(/* webpackChunkName: "words-nl" */ './catalogs/nl.js'),
      import(/* webpackChunkName: "words-nl" */ '../../messages/catalogs/nl.js'),
    ]),
  it: () =>
    Promise.all([
      import(/* webpackChunkName: "words-it" */ './catalogs/it.js'),
      import(/* webpackChunkName: "words-it" */ '../../messages/catalogs/it.js'),
    ]),
  fr: () =>
    Promise.all([
      import(/* webpackChunkName: "words-fr" */ './catalogs/fr.js'),
      import(/* webpackChunkName: "words-fr" */ '../../messages/catalogs/fr.js'),
    ]),
  en: () =>
    Promise.all([
      import(/* webpackChunkName: "words-en" */ './catalogs/en.js'),
      import(/* webpackChunkName: "words-en" */ '../../messages/catalogs/en.js'),
    ]),
} satisfies Record<Lang, () => Promise<unknown>>;

/**
 * One language's catalogs, loaded on demand so the first load carries only the language shown. A
 * module apart from react-intl: early-words.ts starts this before the rest of the pane is evaluated.
 */
export async function loadMessages(lang: Lang): Promise<Messages> {
  const [pane, codes] = await download(CATALOGS[lang]);
  return { ...codes.default, ...pane.default };
}
