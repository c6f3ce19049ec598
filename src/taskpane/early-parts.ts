/**
 * Second of the pane's modules to run (index.tsx imports it after early-words.ts, before React and
 * Fluent): the chunks of the first full screen (the body, the Settings panel) start downloading
 * while the browser evaluates the pane's modules, renders the spinner and waits for the user's data,
 * instead of once the spinner is up (issue 12: a round trip and the chunks' compile were on the
 * path to the sync buttons). In a plain browser this runs after the shell's frame is painted
 * (boot.ts), so none of it is fetched before the first content; inside Office it runs while the
 * pane waits for Office.onReady. A failure is met where the part is shown (lazy.tsx: its spinner,
 * then Retry), which downloads it again: webpack forgets a chunk whose download failed.
 */
import { loadBody, loadSettings } from './components/App/first-parts.js';

for (const load of [loadBody, loadSettings]) load().catch(() => undefined);
