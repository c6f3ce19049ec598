/**
 * /docs in a real browser (issue 13 §5): Swagger UI renders every operation of the OpenAPI document
 * under the facade's Content-Security-Policy, with no CSP violation and no request off this origin.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { startQuietServer } from '../support/quiet-server.js';
import type { QuietServer } from '../support/quiet-server.js';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.js';
import { describeIfChromium } from './pane-session.js';

let server: QuietServer;
let browser: Browser;

beforeAll(async () => {
  server = await startQuietServer('api-docs-e2e-');
  if (existsSync(CHROMIUM))
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
  await server.close();
});

describeIfChromium('/docs in Chromium', () => {
  test('Swagger UI shows every operation; no CSP violation, nothing fetched elsewhere', async () => {
    const doc = (await server.app.inject({ url: '/docs/json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const operations = Object.values(doc.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
    const page = await browser.newPage();
    const violations: string[] = [];
    const offOrigin: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url) && !r.url().startsWith('data:')) offOrigin.push(r.url());
    });
    await page.goto(`${server.url}/docs`);
    await page.waitForSelector('.opblock');
    const shown = await page.locator('.opblock').count();
    expect({ shown, violations, offOrigin }).toEqual({ shown: operations, violations: [], offOrigin: [] });
    await page.close();
  });
});
