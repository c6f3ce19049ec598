/**
 * The pane reads right in every script (panertl), laid out by Chromium with every panel open and a
 * conflict and a skipped contact named in Hebrew: every box the pane renders (text, number, find,
 * drop-down) lays out what is typed in its own direction (dir="auto"); every piece of text holding
 * right-to-left letters is isolated, either inside a sentence (FSI … PDI, value-format.ts) or as a
 * value of its own (<bdi>, layout/breakable.tsx Value); and a Hebrew name ending in a number, listed
 * with its side, shows in the order an RTL reader reads it — and out of it with the <bdi> taken
 * away, so the measure can fail.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { Page } from 'playwright-core';
import { MESSAGES } from '../messages/catalogs.js';
import type { ProductApi } from './product-api.js';
import type { PaneSession } from './pane-session.js';
import { closePane, describeIfChromium, startPane } from './pane-session.js';

const USER = 'noa@contoso.com';
/** A skipped contact (no e-mail): Hebrew, a Latin part and a trailing number. */
const SKIPPED = 'שרה לוי (CRONUS) 2';
const CONFLICT_NAME = 'דוד כהן';
const BC_TITLE = 'מנהל רכש 2';
const OUTLOOK_TITLE = 'ראש קניות 3';
const m = MESSAGES.en;

let s: PaneSession;
let product: ProductApi;

interface Link {
  readonly bcId: string;
  readonly outlookId: string;
}

/** A conflict on a Hebrew-named contact's job title (both sides Hebrew), and a Hebrew skipped contact. */
async function seed(): Promise<void> {
  expect((await product.run('full')).status).toBe('succeeded');
  const { links } = await product.call<{ links: Link[] }>('facade', 'GET', '/sync/v1/links');
  const link = links[0] as Link;
  const path = await product.contactPath(link.bcId);
  const patchBc = async (patch: object) => {
    const before = await product.call<{ '@odata.etag': string }>('facade', 'GET', path);
    await product.call('facade', 'PATCH', path, patch, { 'if-match': before['@odata.etag'] });
  };
  await patchBc({ displayName: CONFLICT_NAME });
  expect((await product.run('full')).status).toBe('succeeded');
  await patchBc({ jobTitle: BC_TITLE });
  await product.call('graph', 'PATCH', `/graph/v1.0/me/contacts/${link.outlookId}`, {
    jobTitle: OUTLOOK_TITLE,
  });
  await product.addToSyncFolder({ givenName: 'שרה', surname: 'לוי', displayName: SKIPPED });
  expect((await product.run('full')).status).toBe('succeeded');
}

/** Every section and conflict open, a filter row added, a preview shown. */
async function openEverything(page: Page): Promise<void> {
  await page.getByRole('button', { name: m.sync, exact: true }).waitFor();
  for (const closed of [
    'h2 button[aria-expanded="false"]',
    'button[aria-controls^="conflict-"][aria-expanded="false"]',
  ])
    for (let i = 0; i < 10 && (await page.locator(closed).count()) > 0; i++)
      await page.locator(closed).first().click();
  await page.getByRole('button', { name: m.addFilter, exact: true }).click();
  await page.getByRole('button', { name: m.preview, exact: true }).click();
  const previewed = m.previewTitle.replace('{mode}', m.mode_delta);
  await page.getByRole('heading', { name: previewed, exact: true }).waitFor({ timeout: 60_000 });
  await page.getByRole('listitem', { name: SKIPPED }).first().waitFor();
}

describeIfChromium('the pane reads right in every script', () => {
  beforeAll(async () => {
    s = await startPane(USER);
    product = s.product;
    await seed();
    await s.page.goto(`${s.server.url}/taskpane.html?user=${USER}&lang=en`);
    await openEverything(s.page);
  });

  afterAll(() => closePane(s));

  test('every box the pane renders for typing or choosing has dir="auto"', async () => {
    const boxes = await s.page.evaluate(() =>
      Array.from(
        document.querySelectorAll(
          'input:not([type="radio"]):not([type="checkbox"]), textarea, select, [role="combobox"]',
        ),
      ).map(
        (e) => `${e.tagName.toLowerCase()}[${e.getAttribute('type') ?? ''}] ${e.getAttribute('dir') ?? '-'}`,
      ),
    );
    // The folder name, a filter value, the filter field drop-down, the two numbers, the find boxes.
    expect(boxes.length).toBeGreaterThanOrEqual(8);
    expect(boxes.filter((b) => !b.endsWith(' auto'))).toEqual([]);
  });

  test('every text holding right-to-left letters is isolated', async () => {
    const bare = await s.page.evaluate(() => {
      const rtl = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/u;
      const out: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = n.textContent ?? '';
        if (!rtl.test(text)) continue;
        // Inside a sentence: each right-to-left run sits between FSI and PDI.
        const outside = text.replace(/\u2068[^\u2069]*\u2069/gu, '');
        if (!rtl.test(outside)) continue;
        if (n.parentElement?.closest('bdi, [dir="auto"]')) continue;
        out.push(text);
      }
      return out;
    });
    expect(bare).toEqual([]);
    // The names and values were there to be checked.
    const shown = await s.page.evaluate(() => document.body.innerText);
    for (const text of [SKIPPED, CONFLICT_NAME, BC_TITLE, OUTLOOK_TITLE]) expect(shown).toContain(text);
  });

  test('a Hebrew name ending in a number, listed with its side, keeps its order', async () => {
    const item = s.page
      .getByRole('group', { name: m.skipped, exact: true })
      .getByRole('listitem', { name: SKIPPED })
      .first();
    /** Left edges of the name's number, its Latin part, its first Hebrew word and the side after it. */
    const edges = (unwrap: boolean) =>
      item.evaluate(
        (li, [marks, strip]) => {
          if (strip)
            for (const b of Array.from(li.querySelectorAll('bdi')))
              b.replaceWith(...Array.from(b.childNodes));
          const left = (mark: string): number => {
            const walker = document.createTreeWalker(li, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              const at = (n.textContent ?? '').indexOf(mark);
              if (at < 0) continue;
              const range = document.createRange();
              range.setStart(n, at);
              range.setEnd(n, at + mark.length);
              return range.getBoundingClientRect().left;
            }
            return NaN;
          };
          return marks.map(left);
        },
        [['2', 'CRONUS', 'שרה', 'Outlook'], unwrap] as const,
      );
    const inOrder = (xs: readonly number[]) => xs.every((x, i) => i === 0 || x > (xs[i - 1] ?? 0));
    // Read right to left the name is "שרה לוי (CRONUS) 2": the number leftmost, then the side.
    expect(inOrder(await edges(false))).toBe(true);
    expect(inOrder(await edges(true))).toBe(false);
  });
});
