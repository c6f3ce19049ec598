/**
 * Issue 12 (the pane's first render), in headless Chromium against the running product: the pane's
 * first frame (src/taskpane/shell.ts) is painted from the entry script alone, in the user's language
 * and theme, before any other part of the pane (its words, its panels) has arrived; the pane then
 * replaces it, once. Before: #root stayed empty (nothing painted) until the words had arrived and
 * React had rendered, and stayed blank for as long as the server refused them (F136).
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { Browser, Page, Route } from 'playwright-core';
import { paneWords } from '../messages/catalogs.js';
import { pollUntil } from '../support/poll.js';
import { closePane, describeIfChromium, startPane } from './pane-session.js';
import type { PaneServer } from './pane-session.js';

const USER = 'ann@contoso.com';

let server: PaneServer;
let browser: Browser;

/** The pane's parts other than its entry: the words, the lazy panels (webpack's hashed chunks). */
const part = (url: URL): boolean =>
  /\.[0-9a-f]{8}\.js$/.test(url.pathname) && !url.pathname.startsWith('/taskpane.');

/** What #root holds: each child's class and text, and whether the page painted any content yet. */
function rootNow(page: Page): Promise<{ children: { cls: string; text: string }[]; painted: boolean }> {
  return page.evaluate(() => ({
    children: Array.from(document.getElementById('root')?.children ?? []).map((c) => ({
      cls: c.className,
      text: (c as HTMLElement).innerText,
    })),
    painted: performance.getEntriesByName('first-contentful-paint').length > 0,
  }));
}

/**
 * What #root holds once the page painted content. Bounded at 60 s (not the poll's 300 s): on the
 * pane before the shell nothing is painted while the words are away, and the test says so sooner.
 */
function painted(page: Page): ReturnType<typeof rootNow> {
  return pollUntil(
    'content painted while the pane\u2019s parts are away',
    async () => {
      const now = await rootNow(page);
      return now.painted ? now : undefined;
    },
    { boundMs: 60_000, state: async () => JSON.stringify(await rootNow(page)) },
  );
}

describeIfChromium("the pane's first frame (issue 12)", () => {
  beforeAll(async () => {
    ({ server, browser } = await startPane(USER, 340));
  });

  afterAll(() => closePane({ server, browser }));

  test('painted in the user\u2019s language before the words arrive, then replaced by the pane', async () => {
    const page = await (await browser.newContext({ viewport: { width: 340, height: 900 } })).newPage();
    const held: Route[] = [];
    let holding = true;
    await page.route(part, async (route) => {
      if (holding) held.push(route);
      else await route.continue();
    });
    await page.goto(`${server.url}/taskpane.html?user=${USER}&lang=fi`, { waitUntil: 'commit' });
    await pollUntil('a part of the pane asked for', () => (held.length > 0 ? true : undefined));
    // Held: the shell is there and painted (the page's first content), in Finnish, light.
    const shown = await painted(page);
    expect(shown.children).toEqual([{ cls: 'pane-shell', text: 'Ladataan…' }]);
    const look = await page.evaluate(() => {
      const shell = document.querySelector('.pane-shell') as HTMLElement;
      return {
        lang: shell.lang,
        role: shell.getAttribute('role'),
        bg: getComputedStyle(shell).backgroundColor,
      };
    });
    expect(look).toEqual({ lang: 'fi', role: 'status', bg: 'rgb(255, 255, 255)' });

    holding = false;
    for (const route of held) await route.continue();
    const fi = paneWords('fi');
    await page.getByRole('button', { name: fi.t('sync'), exact: true }).waitFor({ timeout: 60_000 });
    // The pane alone: React's root replaced the shell, no second root beside it.
    const after = await rootNow(page);
    expect(after.children).toHaveLength(1);
    expect(after.children[0]?.cls).toContain('fui-FluentProvider');
    expect(await page.locator('.pane-shell').count()).toBe(0);
    await page.context().close();
  });

  test('a dark browser: dark from its first frame; its words refused, the shell stays and the pane comes once (F136)', async () => {
    const context = await browser.newContext({ viewport: { width: 340, height: 900 }, colorScheme: 'dark' });
    const page = await context.newPage();
    let refused = 0;
    let away = true;
    await page.route(part, async (route) => {
      if (!away) return route.continue();
      refused++;
      await route.abort('connectionrefused');
    });
    await page.goto(`${server.url}/taskpane.html?user=${USER}&lang=en`, { waitUntil: 'commit' });
    await pollUntil('the words refused', () => (refused > 0 ? true : undefined));
    const shown = await painted(page);
    expect(shown.children).toEqual([{ cls: 'pane-shell pane-shell-dark', text: 'Loading…' }]);
    const bg = await page.evaluate(
      () => getComputedStyle(document.querySelector('.pane-shell') as Element).backgroundColor,
    );
    expect(bg).toBe('rgb(41, 41, 41)');

    away = false;
    await page
      .getByRole('button', { name: 'Sync with Microsoft 365', exact: true })
      .waitFor({ timeout: 120_000 });
    const after = await rootNow(page);
    expect(after.children).toHaveLength(1);
    expect(after.children[0]?.cls).toContain('fui-FluentProvider');
    await context.close();
  });

  // Issue 12: the body's and the Settings panel's chunks were asked for only once App's spinner was
  // up, after the words had arrived and React had rendered: a round trip on the way to the sync
  // buttons. Now they download while the pane's modules run (early-parts.ts).
  test('the first full screen\u2019s parts are asked for while the words are still away', async () => {
    const seen = async (
      hold: boolean,
    ): Promise<{ page: Page; parts: Set<string>; release: () => Promise<void> }> => {
      const page = await (await browser.newContext({ viewport: { width: 340, height: 900 } })).newPage();
      const parts = new Set<string>();
      const held: Route[] = [];
      let holding = hold;
      await page.route(part, async (route) => {
        parts.add(new URL(route.request().url()).pathname);
        if (holding) held.push(route);
        else await route.continue();
      });
      await page.goto(`${server.url}/taskpane.html?user=${USER}&lang=en`, { waitUntil: 'commit' });
      const release = async (): Promise<void> => {
        holding = false;
        for (const route of held) await route.continue();
        await page
          .getByRole('button', { name: 'Sync with Microsoft 365', exact: true })
          .waitFor({ timeout: 120_000 });
        await page.context().close();
      };
      return { page, parts, release };
    };
    // The parts a pane asks for before its sync buttons show, none held.
    const free = await seen(false);
    await free.release();
    const needed = [...free.parts];
    expect(needed.length).toBeGreaterThan(2);
    // Every part held: nothing of the pane renders, and yet every one of them is asked for.
    const held = await seen(true);
    await pollUntil(
      'every part of the first full screen asked for, all held',
      () => (needed.every((p) => held.parts.has(p)) ? true : undefined),
      { state: async () => JSON.stringify({ needed, asked: [...held.parts] }) },
    );
    // Asked for from behind the shell: it was painted first, and React has not replaced it.
    expect((await painted(held.page)).children).toEqual([{ cls: 'pane-shell', text: 'Loading…' }]);
    await held.release();
  });
});
