/**
 * F125 (issue 9 §7): the pane open in headless Chromium while the server is SIGKILLed and started
 * again on the same port stays the same document — it never turns into the browser's "This site
 * can't be reached" page — and works again by itself. A marker set on `window` after the page
 * loaded must survive, and the main frame must not navigate.
 * - the waiting page `npm start` serves while it builds the pane (it reloaded itself every 5 s by
 *   `<meta http-equiv=refresh>`, so a kill meanwhile left the browser's error page): it keeps asking
 *   while the server is down and opens the pane once the server answers with it;
 * - the pane itself, with the real server (`bin/bc-contact-sync.js start`, a process of its own)
 *   killed while idle and while a sync from the pane is writing to Outlook.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { chromium } from 'playwright-core';
import type { Browser, Page, Route } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.js';
import { pollUntil } from '../support/poll.js';
import { ProductProcesses, facadeFetch } from '../support/product-process.js';
import { freshDataDir } from '../support/quiet-server.js';
import {
  CLICK_END_MS,
  KILLED_RUN_END_MS,
  PANE_SETTLE_MS,
  runEndOf,
  runEnds,
  watchRunEnds,
} from './run-ends.js';
import type { AwaitedEnd } from './run-ends.js';

const USER = 'ann@contoso.com';
const describeIfChromium = existsSync(CHROMIUM) ? describe : describe.skip;

let browser: Browser;
const processes = new ProductProcesses();
const dirs: string[] = [];
/** The waiting-page servers started (process groups of their own), killed at the end whatever happened. */
const waiting: ChildProcess[] = [];

/**
 * A page whose document is watched: `marked()` says whether the marker set after the first load
 * is still there (the same document), `navigations` the main frame's navigations since.
 */
async function watchedPage(url: string): Promise<{
  page: Page;
  navigations: string[];
  marked: () => Promise<boolean>;
}> {
  const page = await (await browser.newContext({ viewport: { width: 340, height: 900 } })).newPage();
  await page.goto(url);
  await page.evaluate(() => ((window as unknown as { f125: number }).f125 = 125));
  const navigations: string[] = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations.push(frame.url());
  });
  const marked = () =>
    page.evaluate(() => (window as unknown as { f125?: number }).f125 === 125).catch(() => false);
  return { page, navigations, marked };
}

/** A stand-in for webpack-cli: once the file `go` exists it writes the pane and ends. */
const FAKE_WEBPACK = `
const { existsSync, writeFileSync } = require('node:fs');
const wait = () => {
  if (existsSync('go')) {
    writeFileSync('dist/taskpane.html', '<!doctype html><title>Built pane</title><p>The built pane</p>');
    process.exit(0);
  }
  setTimeout(wait, 50);
};
wait();
`;

/** waiting-pane-main.ts on `root`; resolves with its URL once it listens. */
function startWaitingServer(root: string, port: number): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/support/waiting-pane-main.ts', root, String(port)],
    // Its own process group: the kill takes the stand-in build with it, as a kill of `npm start` does.
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  waiting.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const listening = /listening (\S+)/.exec(out);
      if (listening?.[1]) resolve({ child, url: listening[1] });
    });
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`waiting-pane server exited with ${code}: ${err}${out}`)));
  });
}

/** SIGKILLs the process group of `child` and resolves once it is gone. */
function killGroup(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    process.kill(-(child.pid as number), 'SIGKILL');
  });
}

describeIfChromium('F125: a SIGKILLed and restarted server, the page stays and reconnects', () => {
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    processes.killAll();
    for (const child of waiting)
      if (child.exitCode === null && child.signalCode === null)
        process.kill(-(child.pid as number), 'SIGKILL');
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  test('F125: the waiting page of a pane build survives the kill and opens the pane by itself', async () => {
    const root = mkdtempSync(join(tmpdir(), 'f125-root-'));
    dirs.push(root);
    mkdirSync(join(root, 'node_modules/webpack-cli/bin'), { recursive: true });
    writeFileSync(join(root, 'node_modules/webpack-cli/bin/cli.js'), FAKE_WEBPACK);
    let server = await startWaitingServer(root, 0);
    const port = Number(new URL(server.url).port);
    const pane = `http://localhost:${port}/taskpane.html`;
    const { page, navigations, marked } = await watchedPage(pane);
    await page.getByText('The task pane is being built').waitFor();

    await killGroup(server.child);
    // While nobody answers, the page says so and stays (before: its refresh opened the browser's
    // error page within 5 s).
    await Promise.race([
      page.getByText(/The server does not answer/).waitFor({ timeout: 120_000 }),
      page.waitForEvent('framenavigated', { timeout: 120_000 }),
    ]);
    expect(navigations).toEqual([]);
    expect(await marked()).toBe(true);

    // Back on the same port, its build done: the page opens the pane by itself, once.
    writeFileSync(join(root, 'go'), '');
    server = await startWaitingServer(root, port);
    await page.getByText('The built pane').waitFor({ timeout: 120_000 });
    expect(navigations).toEqual([pane]);
    await killGroup(server.child);
  });

  test('the pane opened while the server goes away: it opens by itself once the server answers', async () => {
    const dir = await freshDataDir('f125-open-');
    dirs.push(dir);
    const server = await processes.start(dir);
    const page = await (await browser.newContext({ viewport: { width: 340, height: 900 } })).newPage();
    const navigations: string[] = [];
    // The pane's own parts (its words, lazy panels) find nobody until the test lets them through:
    // as a server killed just after it sent the page. Its page, loader and Office.js come.
    let away = true;
    let refused = 0;
    await page.route(
      (url) => /\.[0-9a-f]{8}\.js$/.test(url.pathname) && !url.pathname.startsWith('/taskpane.'),
      async (route) => {
        if (!away) return route.continue();
        refused++;
        await route.abort('connectionrefused');
      },
    );
    await page.goto(`${server.url}/taskpane.html?user=${USER}&lang=en`);
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations.push(frame.url());
    });
    await pollUntil('a part of the pane refused', () => (refused > 0 ? true : undefined));
    away = false;
    // Before: the pane stayed blank for good ("A part of the pane could not be downloaded").
    await page
      .getByRole('button', { name: 'Full sync with Microsoft 365', exact: true })
      .waitFor({ timeout: 120_000 });
    expect(navigations).toEqual([]);
    await processes.stop(server.child, 'SIGKILL');
  });

  /**
   * The run's ends: before CI saw it, the killed run's own end always said "The server does not
   * answer" before the server was back, and the next click met a lease kept by the run's last save
   * ("A sync is already running … can start at"). When the server is back while the run's state
   * calls are still out (CI, a quick restart), its failed record and its release land: the folder
   * is kept while its writes may land, and the pane says so with when ("The last sync of this
   * folder was stopped … can start at"), an end the run-end watch did not know (run-ends.ts).
   */
  test.each([
    ['idle'],
    ['a sync from the pane writing to Outlook, its end said while the server is away'],
    ['a sync from the pane writing to Outlook, its end reaching the restarted server'],
  ])(
    'the pane, the real server SIGKILLed while %s: same document, syncs again after the restart',
    async (when) => {
      const dir = await freshDataDir('f125-pane-');
      dirs.push(dir);
      let server = await processes.start(dir);
      const port = new URL(server.url).port;
      const { page, navigations, marked } = await watchedPage(
        `${server.url}/taskpane.html?user=${USER}&lang=en`,
      );
      const fullSync = page.getByRole('button', { name: 'Full sync with Microsoft 365', exact: true });
      await fullSync.waitFor();
      await watchRunEnds(page);

      let killedRun: AwaitedEnd | null = null;
      // The killed run's calls to the sync state wait here until the server is back (last row).
      const stateCalls: Route[] = [];
      let holdingState = false;
      if (when === 'idle') {
        await processes.stop(server.child, 'SIGKILL');
      } else {
        // The pane's Graph writes wait here until the server is dead: the kill lands mid-run.
        const held: Route[] = [];
        let holding = true;
        await page.route(
          (url) => url.pathname.startsWith('/graph/'),
          async (route) => {
            if (holding && route.request().method() !== 'GET') held.push(route);
            else await route.continue().catch(() => undefined);
          },
        );
        await page.route(
          (url) => url.pathname.startsWith('/sync/v1/state/'),
          async (route) => {
            if (holdingState) stateCalls.push(route);
            else await route.continue().catch(() => undefined);
          },
        );
        killedRun = await runEndOf(page, 'the click on Full sync before the kill', () => fullSync.click());
        await pollUntil('a Graph write of the running sync', () => (held.length > 0 ? true : undefined));
        holdingState = when.includes('restarted');
        await processes.stop(server.child, 'SIGKILL');
        holding = false;
        for (const route of held) await route.continue().catch(() => undefined);
      }
      // The server is down: a check from the pane says so, in the pane.
      await page.getByRole('button', { name: 'Validate connection', exact: true }).click();
      await page.getByText(/^Mailbox check failed: The server does not answer/).waitFor({ timeout: 120_000 });

      server = await processes.start(dir, { PORT: port });
      holdingState = false;
      for (const route of stateCalls) await route.continue().catch(() => undefined);
      if (killedRun) await killedRun.end(KILLED_RUN_END_MS);
      // The same page syncs again. The killed run's lease holds a new run back while its writes may
      // still land (up to the write settle after its last save, 1c80244): the pane refuses at once
      // with until when (ab041e9: a refusal, not "The sync failed"), and a try after that goes
      // through. Any other end stops the test: a click is answered with a result or a time.
      const refusals: string[] = [];
      const outcome = await pollUntil(
        'a full sync from the pane after the restart',
        async () => {
          const text = await runEnds(page, 'a click on Full sync after the restart', () => fullSync.click());
          if (text.startsWith('Result: ')) return text;
          if (!/the next sync can start at \S/.test(text))
            throw new Error(`A click after the restart ended: ${text}`);
          refusals.push(text);
          return undefined;
        },
        // The folder is kept for the pane's settle from the killed run's last save, then one run.
        { everyMs: 1_000, boundMs: PANE_SETTLE_MS + CLICK_END_MS, state: () => refusals.slice(-1).join('') },
      );
      expect(outcome).toBe('Result: Succeeded');
      expect(navigations).toEqual([]);
      expect(await marked()).toBe(true);
      const runs = (await (await facadeFetch(server.url, USER, '/sync/v1/runs?limit=1')).json()) as {
        runs: { status: string }[];
      };
      expect(runs.runs[0]?.status).toBe('succeeded');
      await processes.stop(server.child, 'SIGKILL');
    },
  );
});
