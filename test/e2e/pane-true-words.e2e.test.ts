/**
 * Issue 14, "Numbers and words that are true", in Chromium at 320 px and in all six languages: the
 * one line under each sync button, the preview of the mode about to run (every planned write grouped
 * by side and action, a find box and paging over a plan of 260), the mass-delete question with the
 * real share next to the limit, and each run in History (mode, trigger, folder, counts in words,
 * duration, the error text of a failed run). Expected words come from the catalogs through the
 * same formatter; expected numbers from the product's own state (links, Outlook's folder).
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import type { RunError, RunRecord } from '../../src/core/records.js';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { DEMO_COMPANY_ID } from '../../src/store/demo-seed.js';
import { LANGS } from '../../src/messages/langs.js';
import type { Lang } from '../../src/messages/langs.js';
import { runErrorText } from '../../src/messages/words.js';
import { paneWords } from '../messages/catalogs.js';
import type { ProductApi } from './product-api.js';
import { durationText } from '../../src/taskpane/i18n/duration-text.js';
import { SHOTS, closePane, describeIfChromium, startPane } from './pane-session.js';
import type { PaneServer } from './pane-session.js';

const USER = 'tove@contoso.com';
const CITY = 'Kouvola';
/** More than a page (PagedList shows 20 at a time). */
const N = 260;

let server: PaneServer;
let browser: Browser;
let product: ProductApi;

/** The words as the page shows them: any run of spaces (no-break ones too) is one space. */
const flat = (s: string | null): string => (s ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();

async function openPane(lang: Lang): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 320, height: 900 } })).newPage();
  await page.goto(`${server.url}/taskpane.html?user=${USER}&lang=${lang}`);
  await page.getByRole('button', { name: paneWords(lang).t('sync'), exact: true }).waitFor();
  return page;
}

async function links(): Promise<number> {
  return (await product.call<{ links: unknown[] }>('facade', 'GET', '/sync/v1/links')).links.length;
}

async function runs(limit = 20): Promise<RunRecord[]> {
  return (await product.call<{ runs: RunRecord[] }>('facade', 'GET', `/sync/v1/runs?limit=${limit}`)).runs;
}

async function putSettings(patch: object): Promise<void> {
  const settings = await product.call<object>('facade', 'GET', '/sync/v1/settings');
  await product.call('facade', 'PUT', '/sync/v1/settings', { ...settings, ...patch });
}

describeIfChromium('issue 14: numbers and words that are true (320 px, six languages)', () => {
  beforeAll(async () => {
    ({ server, product, browser } = await startPane(USER));
    expect((await product.run('full')).status).toBe('succeeded');
  });

  afterAll(() => closePane({ server, browser }));

  test.each(LANGS.map((l) => [l]))('%s: one line under each sync button says what it does', async (lang) => {
    const { t } = paneWords(lang);
    const page = await openPane(lang);
    for (const [label, help] of [
      ['sync', 'syncHelp'],
      ['fullSync', 'fullSyncHelp'],
      ['preview', 'previewHelp'],
    ] as const) {
      const button = page.getByRole('button', { name: t(label), exact: true });
      // The line is the button's description (read with it) and is shown right under it.
      const described = await button.evaluate((b) => {
        const line = document.getElementById(b.getAttribute('aria-describedby') ?? '');
        const [br, lr] = [b.getBoundingClientRect(), line?.getBoundingClientRect()];
        return {
          text: line?.textContent ?? '',
          below: lr ? lr.top >= br.bottom - 1 && lr.right <= 320 : false,
        };
      });
      expect(described).toEqual({ text: t(help), below: true });
    }
    if (lang === 'en') {
      // The seeds' words: delta is the changes since the last sync, both ways, faster; full is all.
      expect(t('syncHelp')).toMatch(/since the last sync.*both ways.*faster/i);
      expect(t('fullSyncHelp')).toMatch(/all contacts in both directions/i);
    } else expect(t('syncHelp')).not.toBe(paneWords('en').t('syncHelp'));
    await page.context().close();
  });

  test('the preview is of the mode about to run: 260 creates grouped, found, paged; then run as shown', async () => {
    // BC gains 260 persons; Outlook gains one contact of its own and one changed job title.
    await server.db.query(
      `INSERT INTO bc_contacts (id, company_id, number, type, display_name, first_name, surname, email,
         job_title, city, last_modified)
       SELECT gen_random_uuid(), $1, 'KV' || lpad(i::text, 4, '0'), 'Person', 'Buyer ' || lpad(i::text, 4, '0'),
         'Buyer', lpad(i::text, 4, '0'), 'buyer' || lpad(i::text, 4, '0') || '@northwind.example', 'Buyer', $2, now()
       FROM generate_series(1, $3::int) AS i`,
      [DEMO_COMPANY_ID, CITY, N],
    );
    const { rows } = await server.db.query<{ outlook_id: string }>(
      'SELECT outlook_id FROM sync_links WHERE user_id = $1 LIMIT 1',
      [devUserKey(USER)],
    );
    await product.call('graph', 'PATCH', `/graph/v1.0/me/contacts/${rows[0]?.outlook_id}`, {
      jobTitle: 'Outlook-only title',
    });
    await product.addToSyncFolder({
      givenName: 'Aino',
      surname: 'Outlookinen',
      displayName: 'Aino Outlookinen',
      emailAddresses: [{ address: 'aino.outlookinen@example.fi', name: 'Aino Outlookinen' }],
    });

    for (const lang of LANGS) {
      const { t } = paneWords(lang);
      const page = await openPane(lang);
      await page.getByRole('button', { name: t('preview'), exact: true }).click();
      const title = t('previewTitle', { mode: t('mode_delta') });
      await page.getByRole('heading', { name: title, exact: true }).waitFor({ timeout: 120_000 });
      const group = (side: 'sideOutlook' | 'sideBc', action: string, n: number) =>
        page.getByRole('region', {
          name: t('previewGroup', { side: t(side), action: t(action as 'wouldCreate'), n }),
          exact: true,
        });
      const creates = group('sideOutlook', 'wouldCreate', N);
      await creates.waitFor();
      // Outlook's changed title goes to BC; Outlook's own contact is created there.
      await group('sideBc', 'wouldUpdate', 1).waitFor();
      await group('sideBc', 'wouldCreate', 1).waitFor();
      if (lang !== 'en' && lang !== 'fi') {
        await page.context().close();
        continue;
      }
      // Paging: 20 at first, 20 more per "Show more".
      expect(await creates.getByRole('listitem').count()).toBe(20);
      await creates.getByRole('button', { name: t('showMore', { shown: 20, total: N }) }).click();
      expect(await creates.getByRole('listitem').count()).toBe(40);
      // The find box: one contact, in its own group count.
      await page.getByRole('searchbox', { name: t('findInPlan') }).fill('Buyer 0137');
      const found = group('sideOutlook', 'wouldCreate', 1);
      await found.waitFor();
      expect(flat(await found.getByRole('listitem').textContent())).toBe('Buyer 0137');
      await page.getByRole('searchbox', { name: t('findInPlan') }).fill('no such contact');
      await page.getByText(t('noPlanMatches', { text: 'no such contact' })).waitFor();
      await page.screenshot({ path: `${SHOTS}/preview-large-${lang}.png`, fullPage: true });
      await page.context().close();
    }

    // From a sync's preview to a full sync's, and back; then the sync does what its preview said.
    const { t } = paneWords('en');
    const page = await openPane('en');
    await page.getByRole('button', { name: t('preview'), exact: true }).click();
    await page.getByRole('button', { name: t('previewOther', { mode: t('mode_full') }) }).click();
    await page
      .getByRole('heading', { name: t('previewTitle', { mode: t('mode_full') }), exact: true })
      .waitFor({ timeout: 120_000 });
    await page.getByRole('button', { name: t('previewOther', { mode: t('mode_delta') }) }).click();
    await page
      .getByRole('heading', { name: t('previewTitle', { mode: t('mode_delta') }), exact: true })
      .waitFor({ timeout: 120_000 });
    await page.getByRole('button', { name: t('sync'), exact: true }).click();
    await page
      .getByRole('heading', { name: t('resultStatus', { status: t('status_succeeded') }) })
      .waitFor({ timeout: 120_000 });
    const [run] = await runs(1);
    expect(run).toMatchObject({ dryRun: false, mode: 'delta', status: 'succeeded' });
    expect(run?.counts.outlook).toMatchObject({ created: N, deleted: 0 });
    expect(run?.counts.bc).toMatchObject({ created: 1, updated: 1 });
    await page.context().close();
  });

  test('the mass-delete question says the real share and the limit, in six languages', async () => {
    const synced = await links();
    // Only Helsinki stays in scope: most synced copies would go.
    await putSettings({ filter: { city: 'Helsinki' }, massDeleteShare: 0.2 });
    // The last language confirms; the others keep the contacts.
    const order: Lang[] = [...LANGS.filter((l) => l !== 'en'), 'en'];
    let deletes = 0;
    for (const lang of order) {
      const { t } = paneWords(lang);
      const page = await openPane(lang);
      await page.getByRole('button', { name: t('sync'), exact: true }).click();
      const alert = page.getByRole('alert').filter({ hasText: t('heldTitle') });
      await alert.waitFor({ timeout: 120_000 });
      const text = flat(await alert.textContent());
      const held = (await runs(1))[0]?.held;
      expect(held).toMatchObject({ folderSize: synced, share: 0.2 });
      deletes = held?.deletes ?? 0;
      expect(deletes / synced).toBeGreaterThan(0.5);
      // Both shares, as the language writes a percentage; and the counts.
      const pct = (x: number) => flat(new Intl.NumberFormat(lang, { style: 'percent' }).format(x));
      const num = (x: number) => flat(new Intl.NumberFormat(lang).format(x));
      expect(text).toContain(pct(deletes / synced));
      expect(text).toContain(pct(0.2));
      expect(text).toContain(num(deletes));
      expect(text).toContain(num(synced));
      expect(text).toContain(flat(t('heldText', { deletes, synced, share: deletes / synced, limit: 0.2 })));
      await page.screenshot({ path: `${SHOTS}/held-${lang}.png`, fullPage: true });
      const answer = lang === 'en' ? t('confirmDelete') : t('keep');
      await alert.getByRole('button', { name: answer, exact: true }).click();
      if (lang === 'en') {
        const result = page.getByRole('heading', { name: /^Result: / });
        await result.waitFor({ timeout: 300_000 });
        await page.screenshot({ path: `${SHOTS}/held-confirmed-${lang}.png`, fullPage: true });
        expect(await result.textContent()).toBe(t('resultStatus', { status: t('status_succeeded') }));
      }
      await page.context().close();
    }
    // The number said is the number deleted.
    expect((await runs(1))[0]?.counts.outlook.deleted).toBe(deletes);
    expect(await links()).toBe(synced - deletes);
  });

  test('History: mode, trigger, folder, counts in words, duration and a failed run’s error', async () => {
    // A scheduled run that failed, as the scheduler records one (its Outlook folder unreachable).
    const [last] = await runs(1);
    if (!last) throw new Error('no run to copy');
    const error: RunError = {
      side: 'outlook',
      id: '',
      code: 'readFailed',
      params: { port: 'outlook', operation: 'ensureFolder', error: 'unavailable', status: 503 },
    };
    const failed: RunRecord = {
      ...last,
      id: 'e2e-failed-scheduled',
      trigger: 'schedule',
      status: 'failed',
      startedAt: new Date().toISOString(),
      durationMs: 2500,
      errors: [error],
      counts: { bc: { created: 0, updated: 0, deleted: 0 }, outlook: { created: 0, updated: 0, deleted: 0 } },
    };
    await server.db.query(
      `INSERT INTO sync_runs (id, user_id, started_at, record) VALUES ($1, $2, $3::timestamptz, $4::jsonb)`,
      [failed.id, last.userId, failed.startedAt, JSON.stringify(failed)],
    );
    const all = await runs(10);
    const deleting = all.find((r) => !r.dryRun && r.status === 'succeeded' && r.counts.outlook.deleted > 0);
    if (!deleting) throw new Error('no deleting run');

    for (const lang of LANGS) {
      const words = paneWords(lang);
      const { t } = words;
      const page = await openPane(lang);
      await page.getByRole('button', { name: t('historySection'), exact: true }).click();
      const list = page.getByRole('list', { name: t('historySection') });
      await list.waitFor({ timeout: 60_000 });
      const item = (r: RunRecord) =>
        list
          .getByRole('listitem', {
            name: t('historyTitle', {
              mode: r.dryRun ? t('dryRun') : t(`mode_${r.mode}`),
              status: t(`status_${r.status}`),
            }),
            exact: true,
          })
          .first();
      const failedText = flat(await item(failed).textContent());
      // "{when} · {trigger} · Folder: {folder}": all but the time, which the browser formats.
      const line = flat(
        t('historyLine', { when: '@', trigger: t('trigger_schedule'), folder: failed.folderName }),
      );
      expect(failedText).toContain(line.slice(line.indexOf('@') + 1).trim());
      expect(failedText).toContain(flat(durationText(t, 2500)));
      expect(failedText).toContain(flat(t('error', { message: runErrorText(words, error) })));
      const deletingText = flat(await item(deleting).textContent());
      expect(deletingText).toContain(t('trigger_pane'));
      expect(deletingText).toContain(
        flat(words.text('run_written', { side: 'outlook', ...deleting.counts.outlook })),
      );
      expect(deletingText).toContain(
        flat(t('runCounts', { skipped: deleting.skipped, conflicts: deleting.conflicts })),
      );
      expect(deletingText).toContain(flat(durationText(t, deleting.durationMs)));
      await page.screenshot({ path: `${SHOTS}/history-${lang}.png`, fullPage: true });
      await page.context().close();
    }
  });
});
