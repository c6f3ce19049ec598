/**
 * Issue 12 (first render): the built pane asks for its words before its entry script (React, Fluent,
 * the pane) has arrived, let alone run. The words come from a small script of their own that runs
 * once the page is parsed (early-words.ts, `pane-words` in webpack.config.js); they were asked for
 * from inside the entry, a download and a compile later, and arrived after it had run.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { chromium } from 'playwright-core';
import type { Browser, Request } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.js';
import { startTestServer } from './server.js';
import type { TestServer } from './server.js';
import { describeIfChromium } from './pane-session.js';
import { OFFICE_JS_CDN } from '../../src/taskpane/office/office-js-source.js';

/** The pane's entry script (webpack `[name].[contenthash:8].js`). */
const ENTRY = /\/taskpane\.[0-9a-f]{8}\.js$/;
/** One language's words: the pane's catalog and the codes' catalog in one chunk. */
const WORDS = (lang: string) => new RegExp(`/words-${lang}\\.[0-9a-f]{8}\\.js$`);

let server: TestServer;
let browser: Browser;

describeIfChromium('the pane asks for its words before its entry script runs', () => {
  beforeAll(async () => {
    server = await startTestServer();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('with the entry held back, the Finnish words are requested; released, the pane opens in Finnish', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
    try {
      const page = await context.newPage();
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      let entryAnswered = false;
      await page.route(ENTRY, async (route) => {
        await held;
        entryAnswered = true;
        await route.continue();
      });
      const words: Request[] = [];
      page.on('request', (r) => {
        if (/\/words-\w+\.[0-9a-f]{8}\.js$/.test(r.url())) words.push(r);
      });
      const asked = page.waitForRequest(WORDS('fi'));
      await page.goto(`${server.url}/taskpane.html?user=ann@contoso.com&lang=fi`, { waitUntil: 'commit' });
      await asked;
      expect(entryAnswered).toBe(false);
      release();
      // The Finnish pane: its sync button, in the words that were asked for before the entry ran.
      await page.getByRole('button', { name: 'Synkronoi Microsoft 365:n kanssa', exact: true }).waitFor();
      expect(words.map((r) => new URL(r.url()).pathname.replace(/\.[0-9a-f]{8}\.js$/, ''))).toEqual([
        '/words-fi',
      ]);
    } finally {
      await context.close();
    }
  });

  // Inside Office the language is Office's, known only after Office.onReady and the entry: the
  // locale of the host hint in the page's URL is the early guess (early-words.ts).
  test('inside Office, without the entry, the words of the host hint\u2019s locale are requested', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
    try {
      const page = await context.newPage();
      // Office.js from the CDN is not what is tested here: an empty script stands in for it.
      await page.route(OFFICE_JS_CDN, (route) =>
        route.fulfill({ status: 200, contentType: 'text/javascript', body: '' }),
      );
      // The entry never arrives: the words are asked for without it.
      await page.route(ENTRY, (route) => route.abort());
      const asked = page.waitForRequest(WORDS('sv'));
      await page.goto(`${server.url}/taskpane.html?_host_Info=Outlook$Web$16.01$sv-SE$$$$0`, {
        waitUntil: 'commit',
      });
      expect(new URL((await asked).url()).pathname).toMatch(WORDS('sv'));
    } finally {
      await context.close();
    }
  });
});
