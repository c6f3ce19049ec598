/**
 * The layout probe (layout-probe.ts) catches each kind it names and nothing in a layout that is
 * right: one small page per kind, laid out by Chromium, no server. The named example is the split
 * the stricter check found at 800 px: "schwarzenberger" of a long e-mail in a conflict table cell.
 */

import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { breakPieces } from '../../src/taskpane/layout/breakable.js';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.js';
import { SECTION_SELECTOR, probeLayout } from './layout-probe.js';
import type { LayoutReport } from './layout-probe.js';
import { describeIfChromium } from './pane-session.js';

const EMAIL = 'maximilian.alexander.schwarzenberger@international-contoso-example.com';
/** The cell is as wide as this start of the address: a line ends inside "schwarzenberger". */
const FITS = 'maximilian.alexander.schwarzen';
const STYLE = '<style>body{margin:0;font:14px sans-serif} td,th{padding:0} table{border-spacing:0}</style>';

/** What a page must report, by kind (matchers allowed); the kinds not named must be empty. */
type Found = Partial<Record<'wide' | 'clipped' | 'pastSection' | 'split', unknown[]>>;

let browser: Browser;

async function probe(body: string): Promise<LayoutReport> {
  const page = await browser.newPage({ viewport: { width: 320, height: 600 } });
  try {
    await page.setContent(`${STYLE}${body}`);
    // An element with data-fit takes the width of that text as this font sets it (plus 1 px).
    await page.evaluate(() => {
      for (const el of Array.from(document.querySelectorAll<HTMLElement>('[data-fit]'))) {
        const m = document.createElement('span');
        m.textContent = el.dataset.fit ?? '';
        document.body.append(m);
        el.style.width = `${m.getBoundingClientRect().width + 1}px`;
        m.remove();
      }
    });
    return await page.evaluate(probeLayout, SECTION_SELECTOR);
  } finally {
    await page.close();
  }
}

const html = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const withBreaks = (text: string): string => breakPieces(text).map(html).join('<wbr>');
const cell = (content: string): string =>
  `<table style="table-layout:fixed"><tr><td data-fit="${FITS}" style="overflow-wrap:anywhere">${content}</td></tr></table>`;

describeIfChromium('the layout probe', () => {
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('"schwarzenberger" split in a conflict cell although it fits; with break points it is not', async () => {
    const raw = await probe(cell(html(EMAIL)));
    expect(raw.split).toEqual([expect.stringMatching(/^"schwarzenberger" split in td/)]);
    const fixed = await probe(cell(withBreaks(EMAIL)));
    expect(fixed.split).toEqual([]);
  });

  const NARROW = '<div style="width:60px;overflow-wrap:anywhere">';
  test.each<[string, string, Found]>([
    ['a word wider than its line may split', `${NARROW}Tehtävänimikevastaava</div>`, { split: [] }],
    [
      'a short word split at the line end (break-all)',
      '<div data-fit="ab Gar" style="word-break:break-all">ab Garder</div>',
      { split: [expect.stringMatching(/^"Garder" split/)] },
    ],
    [
      'a header cell whose text runs into the next',
      '<table style="table-layout:fixed;width:200px"><tr><th style="width:50px;white-space:nowrap">Laatst gesynchroniseerd</th><th>B</th></tr></table>',
      { pastSection: [expect.stringMatching(/^text "Laatst gesynchroniseerd" past th/)] },
    ],
    [
      'a button sticking out of its list item',
      '<ul style="width:100px;margin:0;padding:0"><li><button style="width:150px">Keep</button></li></ul>',
      { pastSection: [expect.stringMatching(/^button "Keep" past li/)] },
    ],
    [
      'an element wider than the pane',
      '<div style="width:400px">Error</div>',
      { wide: [expect.stringMatching(/^div "Error" 0\.\.400 px/)] },
    ],
    [
      'an ellipsis with no title',
      '<div style="width:50px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap">Long folder name here</div>',
      { clipped: [expect.stringMatching(/^div "Long folder name here"/)] },
    ],
    [
      'an ellipsis with a title: readable',
      '<div title="Long folder name here" style="width:50px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap">Long folder name here</div>',
      {},
    ],
    [
      'content in a scrolling box: readable by scrolling',
      '<section style="width:100px"><div style="overflow-x:auto"><div style="width:300px">wide table</div></div></section>',
      {},
    ],
  ])('%s', async (_, body, found) => {
    const report = await probe(body);
    const none = { wide: [], clipped: [], pastSection: [], split: [] };
    expect({ ...report, viewport: undefined, documentWidth: undefined }).toEqual({
      ...none,
      ...found,
      viewport: undefined,
      documentWidth: undefined,
    });
  });
});
