import { existsSync, mkdirSync } from 'node:fs';
import { describe } from '@jest/globals';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.js';
import { productApi } from './product-api.js';
import type { ProductApi } from './product-api.js';
import { startTestServer } from './server.js';

/** Where the pane tests leave their screenshots (made by startPane). */
export const SHOTS = 'test/e2e/screenshots';

/** The browser tests run where Chromium is installed, and are skipped (not failed) elsewhere. */
export const describeIfChromium = existsSync(CHROMIUM) ? describe : describe.skip;

export type PaneServer = Awaited<ReturnType<typeof startTestServer>>;

export interface PaneSession {
  readonly server: PaneServer;
  /** The product's APIs as the user. */
  readonly product: ProductApi;
  readonly browser: Browser;
  /** A page `width` px wide and 900 px high (before it opens anything). */
  readonly page: Page;
}

/**
 * What a pane test starts with: the whole product with `user` a member, its APIs as that user,
 * headless Chromium and one page `width` px wide. Whatever started is closed if a later step fails.
 */
export async function startPane(user: string, width = 320): Promise<PaneSession> {
  mkdirSync(SHOTS, { recursive: true });
  const server = await startTestServer({ members: [user] });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
    return { server, product: productApi(server.url, user), browser, page };
  } catch (e) {
    await closePane({ server, browser });
    throw e;
  }
}

/** Closes the browser, then the product (either may be missing when the start failed). */
export async function closePane(s: { server?: PaneServer; browser?: Browser | undefined }): Promise<void> {
  await s.browser?.close();
  await s.server?.close();
}
