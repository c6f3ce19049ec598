/**
 * The first of the pane's modules to run (index.tsx imports it before any other): the words of a
 * language the page alone decides start downloading while the browser still evaluates React and
 * Fluent, instead of after them (issue 12: a round trip on the first render's path).
 */
import { pickLang } from '../messages/langs.js';
import type { Lang } from '../messages/langs.js';
import { readConfig } from './config.js';
import { loadMessages } from './i18n/load-messages.js';
import type { Messages } from './i18n/load-messages.js';
import { officeHostHint } from './office/office-js-source.js';

/**
 * `?lang=`, else the browser's language outside an Office host (the host the pane gets there says
 * so: office-host.ts, browserHost); inside a host Office's language decides, known only later.
 */
function langFromPage(): Lang | null {
  const asked = readConfig(window.location).lang;
  if (asked) return pickLang(asked);
  return officeHostHint(window) === null ? pickLang(window.navigator.language) : null;
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
