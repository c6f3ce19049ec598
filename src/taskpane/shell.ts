/**
 * The pane's first frame, in plain DOM (issue 12, first render): the pane's background and
 * "Loading…" in the user's language, where App's first screen (a spinner and the same word) will
 * be. It is painted before the pane's modules (React, Fluent, the pane: most of the entry's
 * evaluation) run, and before its words arrive; React's first commit replaces it (createRoot
 * clears its container). Its look is taskpane.html's `.pane-shell` rules: no style engine needed.
 */
import { pickLang } from '../messages/langs.js';
import type { Lang } from '../messages/langs.js';

/**
 * "Loading…" as each language's catalog says it (`loading`, src/taskpane/i18n/catalogs): the
 * catalogs download apart, so the first frame carries its one word for every language
 * (test/taskpane/shell.test.ts holds them equal).
 * @internal
 */
export const SHELL_WORDS: Readonly<Record<Lang, string>> = {
  en: 'Loading…',
  fi: 'Ladataan…',
  sv: 'Läser in…',
  nl: 'Laden…',
  it: 'Caricamento…',
  fr: 'Chargement…',
};

/**
 * The pane's language: `?lang=`, else the host's (Office's display language; a plain browser's),
 * else the browser's. One rule for the shell (boot.ts) and the pane (index.tsx), so the first
 * frame's word is in the language the pane then shows.
 */
export function paneLang(asked: string | null, hostLanguage: string | null, browserLanguage: string): Lang {
  return pickLang(asked ?? hostLanguage ?? browserLanguage);
}

/**
 * Paints the shell into the empty #root, in `lang`, dark or light as the pane will be. Nothing when
 * #root already holds something (React's pane, or a shell painted before: a start retried after an
 * unreachable server keeps its one shell). Says whether it painted.
 */
export function paintShell(doc: Document, lang: Lang, dark: boolean): boolean {
  const root = doc.getElementById('root');
  if (!root || root.firstChild) return false;
  const shell = doc.createElement('div');
  shell.className = dark ? 'pane-shell pane-shell-dark' : 'pane-shell';
  shell.lang = lang;
  // Said as App's spinner says it: a busy part of the page, with its label.
  shell.setAttribute('role', 'status');
  const ring = doc.createElement('span');
  ring.className = 'pane-shell-ring';
  ring.setAttribute('aria-hidden', 'true');
  const label = doc.createElement('span');
  label.textContent = SHELL_WORDS[lang];
  shell.append(ring, label);
  root.append(shell);
  return true;
}

/**
 * Runs `next` once the frame with what the page changed so far has been painted: after the next
 * animation frame (the paint follows its callbacks), in a task of its own. A page the browser does
 * not render (hidden: no animation frames) goes on after `latestMs` instead.
 */
export function afterNextPaint(win: Window, next: () => void, latestMs = 100): void {
  let done = false;
  const once = (): void => {
    if (done) return;
    done = true;
    win.clearTimeout(fallback);
    next();
  };
  const fallback = win.setTimeout(once, latestMs);
  win.requestAnimationFrame(() => win.setTimeout(once, 0));
}
