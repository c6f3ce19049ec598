/**
 * /docs in a real browser (issue 13 §5): Swagger UI renders every operation of the OpenAPI document
 * under the facade's Content-Security-Policy, with no CSP violation and no request off this origin.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { startServer } from '../../src/server/main.js';
import type { RunningServer } from '../../src/server/main.js';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.js';

const describeIfChromium = existsSync(CHROMIUM) ? describe : describe.skip;

let server: RunningServer;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'api-docs-e2e-'));
  server = await startServer({
    env: { DATA_DIR: dir },
    overrides: { port: 0, https: false, scheduler: false, logLevel: 'silent', buildPane: false },
    announce: false,
  });
  if (existsSync(CHROMIUM))
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
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
