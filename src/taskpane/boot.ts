/**
 * The pane's entry (webpack.config.js). It paints the pane's first frame (shell.ts: "Loading…" in
 * the user's language) and then starts index.tsx, bundled into this same script (`webpackMode:
 * "eager"`: no chunk of its own, no request, nothing a stopped server could refuse: F136).
 * Why not index.tsx itself: webpack inlines an entry module, with every module concatenated into it
 * (React's wrappers, Fluent, the pane), into the bundle's top-level IIFE, which V8 compiles eagerly;
 * as a module required here it is compiled when it runs. Traced on 2 cores at load 12-15 (bench/
 * pane-ab.bench.ts, interleaved): the entry's EvaluateScript 95 -> 64 ms CPU with the runtime in a
 * script apart, the same shape (issue 12, first render).
 * The shell is painted before the pane's modules run (their evaluation, then React's first render,
 * is most of the time to the first screen), so index.tsx starts after that frame's paint. Outside
 * an Office host the page decides the language and theme (browserHost); inside one only Office
 * knows them, after Office.onReady: index.tsx paints the shell there, and starts at once here.
 */
import { browserHost } from './office/office-host.js';
import { officeHostHint } from './office/office-js-source.js';
import { readConfig } from './config.js';
import { afterNextPaint, paintShell, paneLang } from './shell.js';

const start = (): void => void import(/* webpackMode: "eager" */ './index.js');
if (officeHostHint(window) === null) {
  const host = browserHost(window);
  const lang = paneLang(readConfig(window.location).lang, host.displayLanguage, navigator.language);
  paintShell(document, lang, host.dark);
  afterNextPaint(window, start);
} else start();
