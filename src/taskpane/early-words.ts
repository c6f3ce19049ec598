/**
 * The first of the pane's modules to run, as an entry of its own (`pane-words`, webpack.config.js):
 * its small script runs as soon as the page is parsed, so the words of a language the page alone
 * decides download while the browser still downloads and compiles React and Fluent (the pane's entry
 * shares its runtime and so this module: index.tsx takes the words). Imported at the top of the
 * pane's entry, they started only once that entry ran, and arrived after it (issue 12: a round trip
 * on the first render's path).
 */
import { pickLang } from '../messages/langs.js';
import type { Lang } from '../messages/langs.js';
import { readConfig } from './config.js';
import { loadMessages } from './i18n/load-messages.js';
import type { Messages } from './i18n/load-messages.js';
import { officeHintLocale, officeHostHint } from './office/office-js-source.js';

/**
 * `?lang=`, else the browser's language outside an Office host (the host the pane gets there says
 * so: office-host.ts, browserHost); inside a host Office's language decides, known only after
 * Office.onReady and the entry: the locale of the host hint in the page's URL (or window.name) is
 * the guess meanwhile. A wrong guess costs one download: index.tsx takes early words only in the
 * language it settles on.
 */
function langFromPage(): Lang | null {
  const asked = readConfig(window.location).lang;
  if (asked) return pickLang(asked);
  if (officeHostHint(window) === null) return pickLang(window.navigator.language);
  const locale = officeHintLocale(window);
  return locale ? pickLang(locale) : null;
}

let early: { readonly lang: Lang; readonly words: Promise<Messages> } | null = null;
const lang = langFromPage();
if (lang) {
  early = { lang, words: loadMessages(lang) };
  // Awaited by the first start (takeEarlyWords); a failure is met there, not reported twice.
  early.words.catch(() => undefined);
}

/**
 * The words started at load when they are `lang`'s, once: a start after a failed one (index.tsx
 * retries an unreachable server) downloads them again rather than reuse a failure.
 */
export function takeEarlyWords(lang: Lang): Promise<Messages> | null {
  const taken = early?.lang === lang ? early.words : null;
  early = null;
  return taken;
}
