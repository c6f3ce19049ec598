/**
 * Issue 14, "Keyboard and screen readers" and "Errors that say what to do", in Chromium at 320 px:
 * after Validate, Save, Preview, Sync and a conflict resolution focus lands on the result (never
 * `<body>`), each result and the run's milestones are said by a polite live region that was on the
 * page before it spoke (a region inserted with its text already in it is not announced), and a
 * resolved conflict is confirmed. The settings fields refuse exactly what the server refuses, each
 * marked with its rule, in six languages.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { FOLDER_NAME, SCHEDULE_MINUTES } from '../../src/core/settings-rules.js';
import { LANGS } from '../../src/messages/langs.js';
import type { Lang } from '../../src/messages/langs.js';
import { paneWords } from '../messages/catalogs.js';
import type { ProductApi } from './product-api.js';
import { SHOTS, closePane, describeIfChromium, startPane } from './pane-session.js';
import type { PaneServer } from './pane-session.js';

const USER = 'ulla@contoso.com';

let server: PaneServer;
let browser: Browser;
let product: ProductApi;

async function openPane(lang: Lang): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 320, height: 900 } })).newPage();
  await page.goto(`${server.url}/taskpane.html?user=${USER}&lang=${lang}`);
  await page.getByRole('button', { name: paneWords(lang).t('sync'), exact: true }).waitFor();
  return page;
}

/**
 * From now on, records into `window.said` each new text of every polite live region on the page
 * now (`aria-live="polite"` or `role="status"`), as a screen reader hears them.
 */
async function listen(page: Page): Promise<void> {
  await page.evaluate(() => {
    const said: string[] = [];
    (window as unknown as { said: string[] }).said = said;
    const regions = Array.from(document.querySelectorAll('[aria-live="polite"], [role="status"]'));
    for (const region of regions) {
      let last = region.textContent ?? '';
      new MutationObserver(() => {
        const text = (region.textContent ?? '').trim();
        if (text && text !== last) said.push(text);
        last = text;
      }).observe(region, { subtree: true, childList: true, characterData: true });
    }
  });
}
const said = (page: Page): Promise<string[]> =>
  page.evaluate(() => (window as unknown as { said: string[] }).said);

/** The focused element's text (its whole subtree), or `<body>` when focus fell back there. */
const focused = (page: Page): Promise<string> =>
  page.evaluate(() =>
    document.activeElement === document.body ? '<body>' : (document.activeElement?.textContent ?? ''),
  );

describeIfChromium('issue 14: focus, live region and the settings rules (320 px)', () => {
  beforeAll(async () => {
    ({ server, product, browser } = await startPane(USER));
  });

  afterAll(() => closePane({ server, browser }));

  test('Validate, Save, Preview, Sync, resolve: focus on the result, each said politely', async () => {
    const { t } = paneWords('en');
    const page = await openPane('en');
    const button = (name: string) => page.getByRole('button', { name, exact: true });
    await listen(page);

    await button(t('validateConnection')).click();
    const mailboxOk = t('mailboxOk', { folder: 'Business Central' });
    await page.getByText(mailboxOk).waitFor();
    expect(await focused(page)).toContain(mailboxOk);
    expect((await said(page)).join('\n')).toContain(mailboxOk);

    await page.getByRole('radio', { name: t('policy_manual') }).check();
    await button(t('save')).click();
    await page.getByText(t('saved')).waitFor();
    expect(await focused(page)).toBe(t('saved'));
    expect(await said(page)).toContain(t('saved'));

    const previewed = t('previewTitle', { mode: t('mode_delta') });
    await button(t('preview')).click();
    await page.getByRole('heading', { name: previewed }).waitFor({ timeout: 120_000 });
    expect(await focused(page)).toContain(previewed);
    expect(await said(page)).toContain(previewed);

    const before = (await said(page)).length;
    await button(t('sync')).click();
    const succeeded = t('resultStatus', { status: t('status_succeeded') });
    await page.getByRole('heading', { name: succeeded }).waitFor({ timeout: 120_000 });
    expect(await focused(page)).toContain(succeeded);
    const run = (await said(page)).slice(before);
    // Milestones (the phases), not every count; then the outcome, last.
    expect(run.filter((s) => s === t('phase_reading') || s === t('phase_outlook')).length).toBeGreaterThan(0);
    expect(run.every((s) => !/\d+ \/ \d+|\d+ of \d+/.test(s))).toBe(true);
    expect(run.at(-1)).toBe(succeeded);

    // A conflict: both sides change one job title; a full sync records it (the policy asks).
    const { links } = await product.call<{ links: { bcId: string; outlookId: string }[] }>(
      'facade',
      'GET',
      '/sync/v1/links',
    );
    const link = links[0]!;
    const path = await product.contactPath(link.bcId);
    const bc = await product.call<{ '@odata.etag': string; displayName: string }>('facade', 'GET', path);
    await product.call('facade', 'PATCH', path, { jobTitle: 'BC Title' }, { 'if-match': bc['@odata.etag'] });
    await product.call('graph', 'PATCH', `/graph/v1.0/me/contacts/${link.outlookId}`, {
      jobTitle: 'Outlook Title',
    });
    expect((await product.run('full')).status).toBe('succeeded');
    await page.reload();
    await button(t('sync')).waitFor();
    await listen(page);
    await page.getByRole('button', { name: t('showFields', { name: bc.displayName }) }).click();
    await button(t('keepOutlookField', { field: paneWords('en').field('jobTitle') })).click();
    await page.getByText(t('noConflicts')).waitFor();
    expect(await focused(page)).toBe(t('resolved'));
    expect(await said(page)).toContain(t('resolved'));
    await page.screenshot({ path: `${SHOTS}/focus-resolved-en.png`, fullPage: true });
    await page.context().close();
  });

  /** Each value: what the server answers to it, and what the pane's field does with it. */
  const SCHEDULES = ['0', '5', '1440', String(SCHEDULE_MINUTES.max), '3', '4', '-5', '2.5', '43201', ''];
  const FOLDERS = ['Customers', '', '   ', 'Business\u200BCentral', 'x'.repeat(FOLDER_NAME.max + 1)];

  test('the schedule and folder fields refuse exactly what the server refuses, with the rule', async () => {
    const settings = await product.call<Record<string, unknown>>('facade', 'GET', '/sync/v1/settings');
    // The server's own check of settings (the pane asks it before a folder move): 400 when refused.
    const serverTakes = (patch: object): Promise<boolean> =>
      product.call('facade', 'POST', '/sync/v1/settings/check', { ...settings, ...patch }).then(
        () => true,
        (e: Error) => (/: 400 /.test(e.message) ? false : Promise.reject(e)),
      );
    const { t } = paneWords('en');
    const page = await openPane('en');
    const save = page.getByRole('button', { name: t('save'), exact: true });
    const check = async (label: string, value: string, patch: object): Promise<void> => {
      const field = page.getByRole(label === t('folderName') ? 'textbox' : 'spinbutton', { name: label });
      await field.fill(value);
      const marked = (await field.getAttribute('aria-invalid')) === 'true';
      const takes = await serverTakes(patch);
      expect({ value, marked, saveOff: await save.isDisabled() }).toEqual({
        value,
        marked: !takes,
        saveOff: !takes,
      });
    };
    for (const v of SCHEDULES)
      await check(t('scheduleMinutes'), v, { scheduleMinutes: v === '' ? null : Number(v) });
    await page.getByRole('spinbutton', { name: t('scheduleMinutes') }).fill('1440');
    for (const v of FOLDERS) await check(t('folderName'), v, { folderName: v });
    await page.context().close();
  });

  test.each(LANGS.map((l) => [l]))(
    '%s: a 3-minute schedule and a blank folder name say the rule',
    async (lang) => {
      const words = paneWords(lang);
      const { t } = words;
      const page = await openPane(lang);
      const schedule = page.getByRole('spinbutton', { name: t('scheduleMinutes') });
      await schedule.fill('3');
      const rule = t('problem_scheduleRange', { ...SCHEDULE_MINUTES });
      // The message is the field's description: read with it, shown under it.
      await page.getByText(rule).waitFor();
      expect(await schedule.evaluate((e) => e.getAttribute('aria-describedby') ?? '')).not.toBe('');
      const described = await schedule.evaluate((e) =>
        (e.getAttribute('aria-describedby') ?? '')
          .split(' ')
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' '),
      );
      expect(described).toContain(rule);
      if (lang === 'en') expect(rule).toContain('43,200');
      const folder = page.getByRole('textbox', { name: t('folderName') });
      await folder.fill('');
      await page.getByText(t('problem_blank')).waitFor();
      expect(await folder.getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByRole('button', { name: t('save'), exact: true }).isDisabled()).toBe(true);
      await page.screenshot({ path: `${SHOTS}/settings-rules-${lang}.png`, fullPage: true });
      await page.context().close();
    },
  );
});
