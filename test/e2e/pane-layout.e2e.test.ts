/**
 * Nothing runs off the pane (issue 14): every panel open, in six languages, light and dark, at
 * 320 px — measured in the page: no element wider than the viewport, no text cut off without a way
 * to read it, and axe-core finds no WCAG 2.x A/AA violation. The data carries long, unbreakable
 * values (a 70-character e-mail in conflict, a long Finnish name skipped) and both kinds of conflict.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { FOLDER_NAME } from '../../src/core/settings-rules.js';
import type { Lang } from '../../src/messages/langs.js';
import { MESSAGES } from '../messages/catalogs.js';
import { SECTION_SELECTOR, probeLayout } from './layout-probe.js';
import type { ProductApi } from './product-api.js';
import type { PaneServer } from './pane-session.js';
import { SHOTS, closePane, describeIfChromium, startPane } from './pane-session.js';
import { layoutCases } from './layout-cases.js';

const USER = 'lea@contoso.com';
const LONG_BC_EMAIL = 'maximilian.alexander.schwarzenberger@international-contoso-example.com';
const LONG_OUTLOOK_EMAIL = 'maximilian.schwarzenberger-lindqvist@sales.international-contoso.com';
const LONG_SKIPPED_NAME = 'Tehtävänimikevastaava Pitkäniminen-Esimerkkihenkilö';
/** The longest folder name the settings allow (FOLDER_NAME.max), with no space to break at. */
const LONG_FOLDER = 'Asiakasyhteystiedot-'.repeat(13).slice(0, FOLDER_NAME.max);
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let server: PaneServer;
let browser: Browser;
let product: ProductApi;

interface Link {
  readonly bcId: string;
  readonly outlookId: string;
}

/** BC and Outlook both change one field of a linked contact. */
async function editBothSides(link: Link, bc: object, outlook: object): Promise<void> {
  const path = await product.contactPath(link.bcId);
  const before = await product.call<{ '@odata.etag': string }>('facade', 'GET', path);
  await product.call('facade', 'PATCH', path, bc, { 'if-match': before['@odata.etag'] });
  await product.call('graph', 'PATCH', `/graph/v1.0/me/contacts/${link.outlookId}`, outlook);
}

/** A policy-settled conflict, an open one (both on long e-mail addresses), a skipped contact. */
async function seed(): Promise<void> {
  const settings = await product.call<Record<string, unknown>>('facade', 'GET', '/sync/v1/settings');
  await product.call('facade', 'PUT', '/sync/v1/settings', { ...settings, conflictPolicy: 'bcWins' });
  expect((await product.run('full')).status).toBe('succeeded');
  const { links } = await product.call<{ links: Link[] }>('facade', 'GET', '/sync/v1/links');
  const [settled, open] = links as [Link, Link];
  await editBothSides(settled, { jobTitle: 'Head Buyer' }, { jobTitle: 'Procurement Lead' });
  expect((await product.run('full')).status).toBe('succeeded');
  await product.call('facade', 'PUT', '/sync/v1/settings', { ...settings, conflictPolicy: 'manual' });
  await editBothSides(
    open,
    { email: LONG_BC_EMAIL },
    { emailAddresses: [{ address: LONG_OUTLOOK_EMAIL, name: 'Max' }] },
  );
  await product.addToSyncFolder({
    givenName: 'Tehtävänimikevastaava',
    surname: 'Pitkäniminen-Esimerkkihenkilö',
    displayName: LONG_SKIPPED_NAME,
    // A second reason (F120): a job title longer than BC's 30 characters.
    jobTitle: 'Tehtävänimikevastaava ja myyntipäällikkö',
  });
  expect((await product.run('full')).status).toBe('succeeded');
  const { conflicts } = await product.call<{ conflicts: { status: string }[] }>(
    'facade',
    'GET',
    '/sync/v1/conflicts',
  );
  expect(conflicts.map((c) => c.status).sort()).toEqual(['open', 'settled']);
}

/** Opens every accordion section and every conflict's fields, checks the connection, previews. */
async function openEverything(page: Page, lang: Lang): Promise<void> {
  const m = MESSAGES[lang];
  await page.getByRole('button', { name: m.sync, exact: true }).waitFor();
  // Each click takes one element out of the match; the bound is the number of sections and conflicts.
  for (const closed of [
    'h2 button[aria-expanded="false"]',
    'button[aria-controls^="conflict-"][aria-expanded="false"]',
  ])
    for (let i = 0; i < 10 && (await page.locator(closed).count()) > 0; i++)
      await page.locator(closed).first().click();
  await page.getByRole('button', { name: m.validateConnection, exact: true }).click();
  await page.getByText(m.bcOk.replace('{company}', '')).waitFor();
  await page.getByRole('button', { name: m.preview, exact: true }).click();
  const previewed = m.previewTitle.replace('{mode}', m.mode_delta);
  await page.getByRole('heading', { name: previewed, exact: true }).waitFor({ timeout: 60_000 });
  await page.getByRole('listitem', { name: LONG_SKIPPED_NAME }).first().waitFor();
  // The rename prompt, asked (not confirmed) for the longest allowed name.
  await page.getByRole('textbox', { name: m.folderName }).fill(LONG_FOLDER);
  await page.getByRole('button', { name: m.save, exact: true }).click();
  await page.getByRole('group', { name: m.folderRenameTitle }).waitFor();
}

const m = (lang: Lang) => MESSAGES[lang];

/** How the Skipped panel shows the skipped contact's further reasons, next to its group's title. */
async function secondReason(page: Page, skipped: string) {
  const item = page
    .getByRole('group', { name: skipped, exact: true })
    .getByRole('listitem', { name: LONG_SKIPPED_NAME });
  return item.evaluate((li) => {
    const list = li.querySelector('ul');
    const title = li.closest('section')?.firstElementChild;
    const name = li.querySelector('span');
    if (!list || !title || !name) return null;
    const reason = list.querySelector('li > span');
    const style = (e: Element | null | undefined) => getComputedStyle(e ?? document.body);
    const items = Array.from(list.children);
    return {
      label: document.getElementById(list.getAttribute('aria-labelledby') ?? '')?.textContent ?? '',
      items: items.length,
      setIn: list.getBoundingClientRect().left >= name.getBoundingClientRect().left + 8,
      bulleted: items.every((i) => style(i).display === 'list-item' && style(i).listStyleType !== 'none'),
      smallerThanTitle: parseFloat(style(reason).fontSize) < parseFloat(style(title).fontSize),
      lighterThanTitle: Number(style(reason).fontWeight) < Number(style(title).fontWeight),
    };
  });
}

/** One screenshot per panel (header, then each section), at most 1,400 px of each, to look at. */
async function panelShots(page: Page, prefix: string, width: number): Promise<void> {
  const parts = [page.locator('header').first(), ...(await page.locator('.fui-AccordionItem').all())];
  for (const [i, part] of parts.entries()) {
    await part.scrollIntoViewIfNeeded();
    const box = await part.boundingBox();
    if (!box) continue;
    const top = box.y + (await page.evaluate(() => window.scrollY));
    await page.screenshot({
      path: `${SHOTS}/${prefix}-${i}.png`,
      fullPage: true,
      clip: { x: 0, y: top, width, height: Math.min(box.height, 1400) },
    });
  }
}

describeIfChromium('the pane at 320 and 800 px: every panel, six languages, light and dark', () => {
  beforeAll(async () => {
    ({ server, product, browser } = await startPane(USER));
    await seed();
  });

  afterAll(() => closePane({ server, browser }));

  // Outlook's task pane is 320–350 px wide; 800 px is a wide pane (or the browser demo). Each
  // width in each language once, the themes taking turns (layout-cases.ts).
  const cases = layoutCases([320, 800]);
  test.each(cases)(
    '%s px, %s, %s: nothing wider than the pane or past its section, no word split that fits, nothing cut off, no axe violation',
    async (width, lang, theme) => {
      const context = await browser.newContext({
        viewport: { width, height: 900 },
        colorScheme: theme,
        // axe-core is injected as an inline script, which the pane's CSP rightly refuses.
        bypassCSP: true,
      });
      // Playwright's 30 s default ran out at load 40 (page.goto; page.screenshot waiting for fonts):
      // 5 of 12 cases at 320 px failed on it with the layout right. A guard, not a measure.
      context.setDefaultTimeout(300_000);
      const page = await context.newPage();
      try {
        await page.goto(`${server.url}/taskpane.html?user=${USER}&lang=${lang}`);
        await openEverything(page, lang);
        const report = await page.evaluate(probeLayout, SECTION_SELECTOR);
        expect(report).toEqual({
          viewport: width,
          documentWidth: width,
          wide: [],
          clipped: [],
          pastSection: [],
          split: [],
        });

        // F120: the skipped contact's second reason is a list inside it, set in, smaller and lighter
        // than a group's title, with bullets and its label: it does not read as the next group.
        expect(await secondReason(page, m(lang).skipped)).toEqual({
          label: m(lang).otherReasons,
          items: 1,
          setIn: true,
          bulleted: true,
          smallerThanTitle: true,
          lighterThanTitle: true,
        });

        await page.addScriptTag({ path: AXE });
        const violations = await page.evaluate(async () => {
          const axe = (
            window as unknown as {
              axe: { run: (o: object) => Promise<{ violations: { id: string; nodes: unknown[] }[] }> };
            }
          ).axe;
          const result = await axe.run({
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
          });
          return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
        });
        expect(violations).toEqual([]);
        // To look at: every language at pane width, and English and Finnish wide too.
        if (width === 320 || lang === 'en' || lang === 'fi')
          await panelShots(page, `layout-${width}-${lang}-${theme}`, width);
      } finally {
        await context.close();
      }
    },
  );
});
