import type { CodeKey } from '../../messages/catalogs/en.js';
import type { Lang } from '../../messages/langs.js';
import { download } from '../api/failure.js';
import type { PaneKey } from './catalogs/en.js';

/** Every key the pane can show: its own texts and the texts of core's codes (src/messages). */
export type MessageKey = PaneKey | CodeKey;
export type Messages = { readonly [K in MessageKey]: string };

// Each language's imports written out, so that webpack makes one chunk per language.
const CATALOGS = {
  fi: () => Promise.all([import('./catalogs/fi.js'), import('../../messages/catalogs/fi.js')]),
  sv: () => Promise.all([import('./catalogs/sv.js'), import('../../messages/catalogs/sv.js')]),
  nl: () => Promise.all([import('./catalogs/nl.js'), import('../../messages/catalogs/nl.js')]),
  it: () => Promise.all([import('./catalogs/it.js'), import('../../messages/catalogs/it.js')]),
  fr: () => Promise.all([import('./catalogs/fr.js'), import('../../messages/catalogs/fr.js')]),
  en: () => Promise.all([import('./catalogs/en.js'), import('../../messages/catalogs/en.js')]),
} satisfies Record<Lang, () => Promise<unknown>>;

/**
 * One language's catalogs, loaded on demand so the first load carries only the language shown. A
 * module apart from react-intl: early-words.ts starts this before the rest of the pane is evaluated.
 */
export async function loadMessages(lang: Lang): Promise<Messages> {
  const [pane, codes] = await download(CATALOGS[lang]);
  return { ...codes.default, ...pane.default };
}
