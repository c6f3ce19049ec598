/**
 * Nothing runs off the pane in the states a salesperson meets when something goes wrong (issue 14:
 * "an error bar was 989 px wide in a 340 px pane"): a run held by the mass-delete guard, History
 * with a failed scheduled run on the longest folder name the settings allow, and the error bar of a
 * refused request (whose answer carries a long unbreakable text the pane must not show: it words
 * the refusal by its code) — at 320 px, in six languages, light and dark taking turns,
 * measured in the page as pane-layout measures the seeded panels (layout-probe.ts).
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import type { RunRecord } from '../../src/core/records.js';
import { FOLDER_NAME } from '../../src/core/settings-rules.js';
import type { Lang } from '../../src/messages/langs.js';
import { MESSAGES } from '../messages/catalogs.js';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.js';
import { SECTION_SELECTOR, probeLayout } from './layout-probe.js';
import { layoutCases } from './layout-cases.js';
import { productApi } from './product-api.js';
import type { ProductApi } from './product-api.js';
import { startTestServer } from './server.js';

const HELD = 'held@contoso.com';
const FAILED = 'failed@contoso.com';
const LONG_FOLDER = 'Asiakasyhteystiedot-'.repeat(13).slice(0, FOLDER_NAME.max);
/** A refusal's text as a server may send it: one long token with nowhere to break. */
const LONG_DETAIL = `https://contacts.contoso.com/sync/v1/state/${'0123456789abcdef'.repeat(8)}`;
const describeIfChromium = existsSync(CHROMIUM) ? describe : describe.skip;

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;

async function putSettings(api: ProductApi, patch: object): Promise<void> {
  const settings = await api.call<object>('facade', 'GET', '/sync/v1/settings');
  await api.call('facade', 'PUT', '/sync/v1/settings', { ...settings, ...patch });
}

/** A failed scheduled run, newest of the user's runs, as the scheduler records one. */
async function recordFailedRun(api: ProductApi): Promise<void> {
  const { runs } = await api.call<{ runs: RunRecord[] }>('facade', 'GET', '/sync/v1/runs?limit=1');
  const last = runs[0];
  if (!last) throw new Error('no run to copy');
  const failed: RunRecord = {
    ...last,
    id: 'e2e-failed-long-folder',
    trigger: 'schedule',
    status: 'failed',
    folderName: LONG_FOLDER,
    startedAt: new Date(Date.parse(last.startedAt) + 60_000).toISOString(),
    durationMs: 2500,
    errors: [
      {
        side: 'outlook',
        id: '',
        code: 'readFailed',
        params: { port: 'outlook', operation: 'ensureFolder', error: 'unavailable', status: 503 },
      },
    ],
  };
  await server.db.query(
    `INSERT INTO sync_runs (id, user_id, started_at, record) VALUES ($1, $2, $3::timestamptz, $4::jsonb)`,
    [failed.id, last.userId, failed.startedAt, JSON.stringify(failed)],
  );
}

async function expectFits(page: Page, what: string): Promise<void> {
  const report = await page.evaluate(probeLayout, SECTION_SELECTOR);
  expect({ what, ...report }).toEqual({
    what,
    viewport: 320,
    documentWidth: 320,
    wide: [],
    clipped: [],
    pastSection: [],
    split: [],
  });
}

describeIfChromium('the pane at 320 px when something goes wrong: held, failed, refused', () => {
  beforeAll(async () => {
    server = await startTestServer({ members: [HELD, FAILED] });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const held = productApi(server.url, HELD);
    expect((await held.run('full')).status).toBe('succeeded');
    // Only Helsinki stays in scope: most synced copies would go, past a 20 % limit.
    await putSettings(held, { filter: { city: 'Helsinki' }, massDeleteShare: 0.2 });
    const failed = productApi(server.url, FAILED);
    expect((await failed.run('full')).status).toBe('succeeded');
    await recordFailedRun(failed);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  // Each language once, the themes taking turns (layout-cases.ts).
  const cases = layoutCases([320]).map(([, lang, theme]) => [lang, theme] as const);
  test.each(cases)(
    '%s, %s: the held question, a failed run in History and a refusal fit',
    async (lang, theme) => {
      const m = MESSAGES[lang as Lang];
      const context = await browser.newContext({ viewport: { width: 320, height: 900 }, colorScheme: theme });
      // A guard for a loaded machine, not a measure (pane-layout's reason).
      context.setDefaultTimeout(Number(process.env.E2E_STEP_MS ?? 300_000));
      try {
        const page = await context.newPage();
        await page.goto(`${server.url}/taskpane.html?user=${HELD}&lang=${lang}`);
        await page.getByRole('button', { name: m.sync, exact: true }).click();
        await page.getByRole('alert').filter({ hasText: m.heldTitle }).waitFor();
        await expectFits(page, 'held');

        const other = await context.newPage();
        await other.goto(`${server.url}/taskpane.html?user=${FAILED}&lang=${lang}`);
        await other.getByRole('button', { name: m.historySection, exact: true }).click();
        await other.getByRole('list', { name: m.historySection }).getByText(LONG_FOLDER).first().waitFor();
        // From now on the facade refuses every sync call with a long text (a proxy's or an older
        // server's answer): the pane's error bar carries it.
        await other.route('**/sync/v1/**', (route) =>
          route.fulfill({
            status: 400,
            contentType: 'application/json',
            body: JSON.stringify({ error: { code: 'BadRequest', message: LONG_DETAIL } }),
          }),
        );
        await other.getByRole('button', { name: m.sync, exact: true }).click();
        // The Sync panel's error bar (its words: failure_refused), whatever detail it shows.
        const refused = m.failure_refused
          .split('{detail}')[0]!
          .replace(/\s*\($/, '')
          .trim();
        const bar = other.getByRole('alert').filter({ hasText: refused });
        await bar.waitFor();
        await expectFits(other, 'failed run and refusal');
      } finally {
        await context.close();
      }
    },
  );
});
