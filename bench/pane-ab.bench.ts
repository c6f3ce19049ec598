/**
 * Interleaved A/B of pane builds on a loaded machine (issue 12, first render):
 * `PANE_AB=base:/tmp/a,mine:/tmp/b ROUNDS=6 node --import tsx bench/pane-ab.bench.ts`, each
 * directory a production build (`npx webpack --mode production --output-path DIR`).
 * One product server; before each cold sample `dist` is a symlink to that sample's build (the server
 * looks files up per request), variants alternating A B B A …, one unkept warm-up sample each.
 * Per sample, from the renderer's Chromium trace (navigationStart → first content in #root):
 * - shell: wall ms (what bench:pane reports; on 2 shared cores mostly the other processes' noise);
 * - main CPU: thread ms of the renderer main thread's tasks, a figure other processes move far less
 *   (the earlier session's private driver measured the same; 30-50 ms apart between samples at load 10);
 * - entry: the pane entry's EvaluateScript, wall and thread ms (compile and run of the bundle).
 * And, so that a first frame painted before React (src/taskpane/shell.ts) is judged fairly:
 * - paint: the page's first-contentful-paint (wall ms): the shell's content on screen;
 * - screen: wall ms and main-thread CPU ms to App's first screen (the first content in #root that is
 *   not the shell: React's commit; the same as shell for a build without one);
 * - ready: wall ms to the sync buttons (as bench:pane's ready, seen by a poll: a few ms late).
 * A real `dist/` directory is moved aside to `dist.ab-saved` for the run and put back after it.
 */
import { existsSync, lstatSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/e2e/chromium.js';
import { startTestServer } from '../test/e2e/server.js';

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  readonly tdur?: number;
  readonly args?: {
    readonly data?: {
      readonly url?: string;
      readonly documentLoaderURL?: string;
      readonly startTime?: number;
    };
  };
}

interface Sample {
  readonly shell: number;
  readonly paint: number;
  readonly screen: number;
  readonly cpu: number;
  readonly screenCpu: number;
  readonly ready: number;
  readonly entryWall: number;
  readonly entryCpu: number;
}

const variants = (process.env.PANE_AB ?? '').split(',').map((v) => {
  const [name, dir] = v.split(':');
  if (!name || !dir || !existsSync(`${dir}/taskpane.html`))
    throw new Error(`PANE_AB: ${v} is not name:build-dir`);
  return { name, dir };
});
const ROUNDS = Number(process.env.ROUNDS ?? 6);
const SAVED = 'dist.ab-saved';

function point(dir: string): void {
  if (existsSync('dist') && lstatSync('dist').isSymbolicLink()) rmSync('dist');
  symlinkSync(dir, 'dist');
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

/** Thread ms where the trace has thread time (tdur), else wall. */
const ms = (e: TraceEvent, thread: boolean): number => ((thread ? e.tdur : undefined) ?? e.dur ?? 0) / 1000;

/**
 * The sample's figures from its trace, or null when the trace lacks a mark. The navigation's start
 * is its navigationStart event in the marks' renderer; a renderer made for the navigation (a process
 * swap from about:blank) can begin tracing after that event (a third of the samples were dropped so),
 * and then it is the mark's time less the page's own time of it (its startTime: from the
 * navigation's start).
 */
function figures(
  events: readonly TraceEvent[],
  page: { readonly shell: number; readonly paint: number; readonly screen: number; readonly ready: number },
): Sample | null {
  const mark = events.find((e) => e.name === 'shell');
  const screenMark = events.find((e) => e.name === 'screen');
  const nav = events.find(
    (e) =>
      e.name === 'navigationStart' &&
      e.pid === mark?.pid &&
      e.args?.data?.documentLoaderURL?.includes('taskpane'),
  );
  if (!mark || !screenMark) return null;
  const start = nav?.ts ?? mark.ts - (mark.args?.data?.startTime ?? page.shell) * 1000;
  const before = (end: number) =>
    events.filter(
      (e) => e.pid === mark.pid && e.tid === mark.tid && e.ph === 'X' && e.ts >= start && e.ts < end,
    );
  const tasksCpu = (xs: readonly TraceEvent[]): number =>
    xs.filter((e) => e.name === 'RunTask').reduce((n, e) => n + ms(e, true), 0);
  const main = before(mark.ts);
  const entry = before(screenMark.ts).filter(
    (e) => e.name === 'EvaluateScript' && /\/taskpane\./.test(e.args?.data?.url ?? ''),
  );
  return {
    ...page,
    cpu: tasksCpu(main),
    screenCpu: tasksCpu(before(screenMark.ts)),
    entryWall: entry.reduce((n, e) => n + ms(e, false), 0),
    entryCpu: entry.reduce((n, e) => n + ms(e, true), 0),
  };
}

async function main(): Promise<void> {
  const first = variants[0];
  if (!first) throw new Error('PANE_AB names no build');
  if (existsSync('dist') && !lstatSync('dist').isSymbolicLink()) renameSync('dist', SAVED);
  // From here on the user's own dist/ is aside: it is put back however the run ends (a server or a
  // Chromium that does not start included).
  const kept = new Map<string, Sample[]>(variants.map((v) => [v.name, []]));
  let server: Awaited<ReturnType<typeof startTestServer>> | null = null;
  let browser: Awaited<ReturnType<typeof chromium.launch>> | null = null;
  try {
    point(first.dir);
    server = await startTestServer();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const [b, url] = [browser, server.url];
    const sample = async (name: string, dir: string, keep: boolean): Promise<void> => {
      point(dir);
      const context = await b.newContext({ viewport: { width: 360, height: 800 } });
      const page = await context.newPage();
      await page.addInitScript(() => {
        // bench:pane's shell (the first content in #root), then App's first screen (not the shell).
        const w = window as unknown as { shellAt?: number; screenAt?: number };
        new MutationObserver((_, observer) => {
          const first = document.getElementById('root')?.firstChild;
          if (first && w.shellAt === undefined) {
            w.shellAt = performance.now();
            performance.mark('shell');
          }
          if (first && !(first instanceof Element && first.classList.contains('pane-shell'))) {
            w.screenAt = performance.now();
            performance.mark('screen');
            observer.disconnect();
          }
        }).observe(document, { subtree: true, childList: true });
      });
      const categories = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing'];
      await b.startTracing(page, { categories });
      await page.goto(`${url}/taskpane.html?user=ann@contoso.com&lang=en`);
      await page.getByRole('button', { name: 'Sync with Microsoft 365', exact: true }).waitFor();
      const at = await page.evaluate(() => {
        const w = window as unknown as { shellAt: number; screenAt: number };
        const fcp = performance.getEntriesByName('first-contentful-paint')[0];
        return {
          shell: w.shellAt,
          screen: w.screenAt,
          paint: fcp?.startTime ?? NaN,
          ready: performance.now(),
        };
      });
      const trace = JSON.parse((await b.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
      await context.close();
      const s = figures(trace.traceEvents, at);
      const f = (x: number): string => x.toFixed(0);
      console.log(
        s
          ? `${name}: shell ${f(s.shell)} ms, main CPU ${f(s.cpu)} ms, paint ${f(s.paint)} ms, screen ${f(s.screen)} ms / ${f(s.screenCpu)} ms CPU, ready ${f(s.ready)} ms, entry ${f(s.entryWall)} ms wall / ${f(s.entryCpu)} ms CPU${keep ? '' : ' (warm-up)'}`
          : `${name}: no mark in the trace, sample dropped`,
      );
      if (s && keep) kept.get(name)?.push(s);
    };
    for (const v of variants) await sample(v.name, v.dir, false);
    for (let r = 0; r < ROUNDS; r++)
      for (const v of r % 2 ? [...variants].reverse() : variants) await sample(v.name, v.dir, true);
  } finally {
    try {
      await browser?.close();
      await server?.close();
    } finally {
      if (existsSync('dist') && lstatSync('dist').isSymbolicLink()) rmSync('dist');
      if (existsSync(SAVED)) renameSync(SAVED, 'dist');
    }
  }
  for (const [name, xs] of kept) {
    const m = (k: keyof Sample): string => median(xs.map((x) => x[k])).toFixed(0);
    console.log(
      `${name}, ${xs.length} samples, medians: shell ${m('shell')} ms, main CPU ${m('cpu')} ms, paint ${m('paint')} ms, screen ${m('screen')} ms / ${m('screenCpu')} ms CPU, ready ${m('ready')} ms, entry ${m('entryWall')} ms wall / ${m('entryCpu')} ms CPU`,
    );
  }
}

await main();
