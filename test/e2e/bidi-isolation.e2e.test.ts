/**
 * panepolish item 1, laid out by Chromium: the product's words with a Hebrew or Arabic name in an
 * English or French sentence keep the sentence's order on screen. Each case is measured twice: the
 * words as the product makes them (values isolated, value-format.ts), and the same words with the
 * isolates taken out, which must show the reorder the users saw, so the measure can fail.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { catalogWords } from '../../src/messages/english.js';
import type { Lang } from '../../src/messages/langs.js';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.js';
import { describeIfChromium } from './pane-session.js';
import { MESSAGES } from '../messages/catalogs.js';

let browser: Browser;

/**
 * The left edge (px) of each of `marks` (each once in `text`) as Chromium lays out `text` in a
 * left-to-right paragraph of the pane's language.
 */
async function leftEdges(lang: Lang, text: string, marks: readonly string[]): Promise<number[]> {
  const page = await browser.newPage({ viewport: { width: 800, height: 200 } });
  try {
    await page.setContent(
      `<html lang="${lang}"><body style="font:16px sans-serif"><p id="p"></p></body></html>`,
    );
    return await page.evaluate(
      ([t, ms]) => {
        const p = document.getElementById('p') as HTMLElement;
        p.textContent = t;
        const node = p.firstChild as Text;
        return ms.map((m) => {
          const range = document.createRange();
          const at = t.indexOf(m);
          range.setStart(node, at);
          range.setEnd(node, at + m.length);
          return range.getBoundingClientRect().left;
        });
      },
      [text, marks] as const,
    );
  } finally {
    await page.close();
  }
}

const bare = (text: string): string => text.replace(/[\u2068\u2069]/g, '');
const inOrder = (xs: readonly number[]): boolean => xs.every((x, i) => i === 0 || x > (xs[i - 1] ?? 0));

const CASES: ReadonlyArray<
  readonly [name: string, lang: Lang, key: string, values: Record<string, string>, marks: readonly string[]]
> = [
  [
    'a Hebrew name before a reason that starts with a digit (English)',
    'en',
    'nameAndReason',
    { name: 'דוד כהן', reason: '2 fields differ' },
    ['דוד', ':', '2'],
  ],
  [
    'an Arabic name before a reason that starts with a digit (French)',
    'fr',
    'nameAndReason',
    { name: 'سارة', reason: '3 champs diffèrent' },
    ['سارة', ':', '3'],
  ],
];

describeIfChromium('a right-to-left value keeps the sentence in order on screen', () => {
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  test.each(CASES)('%s', async (_name, lang, key, values, marks) => {
    const said = catalogWords(lang, MESSAGES[lang] as never).text(key as never, values);
    expect(said).toContain('\u2068');
    // Isolated: the name, then the colon, then the digit, left to right as written.
    expect(inOrder(await leftEdges(lang, said, marks))).toBe(true);
    // Without the isolates the digit and the colon join the name's right-to-left run.
    expect(inOrder(await leftEdges(lang, bare(said), marks))).toBe(false);
  });
});
