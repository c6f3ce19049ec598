/**
 * F34 in headless Chromium: Graph answers lost on the pane's own path (its engine calls Graph from
 * the browser). A lost answer (status and headers, then the connection dies) and a connection
 * closed before any byte (which Chromium answers by sending the POST again by itself on a reused
 * keep-alive connection) both end with one Outlook contact per BC contact, and the run's counts
 * are the contacts it made.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import type { FaultKind } from '../../src/emulator/options.js';
import { CONTACT_QUERY, fromGraphContact } from '../../src/graph/contact-mapping.js';
import type { RunRecord } from '../../src/core/records.js';
import type { ProductApi } from './product-api.js';
import { closePane, describeIfChromium, startPane } from './pane-session.js';
import type { PaneServer } from './pane-session.js';

const USER = 'lars@contoso.com';

let server: PaneServer;
let browser: Browser;
let page: Page;
let product: ProductApi;

/** The sync folder's contacts as Graph holds them (BC id stamps included). */
async function outlookContacts(): Promise<{ id: string; bcId: string }[]> {
  const filter = encodeURIComponent("displayName eq 'Business Central'");
  const folders = await product.call<{ value: { id: string }[] }>(
    'graph',
    'GET',
    `/graph/v1.0/me/contactFolders?$filter=${filter}`,
  );
  const folder = folders.value[0];
  if (!folder) return [];
  const list = await product.call<{ value: Record<string, unknown>[] }>(
    'graph',
    'GET',
    `/graph/v1.0/me/contactFolders/${folder.id}/contacts?$top=1000&${CONTACT_QUERY}`,
  );
  return list.value.map((j) => fromGraphContact(j)).map((c) => ({ id: c.id, bcId: c.bcId }));
}

/** Syncs from the pane with `fault` on the first `times` Graph contact creates; what it left. */
async function syncWithLostCreates(fault: FaultKind, times: number) {
  const before = await outlookContacts();
  server.emulator.updateConfig({
    faults: { script: [{ match: { method: 'POST', urlContains: '/contacts' }, fault, times }] },
  });
  const counters = server.emulator.counters.snapshot();
  // Graph requests the page itself sent (a resend by Chromium's network stack is not among them).
  let sentByPage = 0;
  const onRequest = (r: { url(): string }) => {
    if (new URL(r.url()).pathname.startsWith('/graph/')) sentByPage++;
  };
  page.on('request', onRequest);
  await page.getByRole('button', { name: 'Sync with Microsoft 365', exact: true }).click();
  await page.getByRole('heading', { name: 'Result: Succeeded' }).waitFor({ timeout: 120_000 });
  page.off('request', onRequest);
  const after = server.emulator.counters.snapshot();
  const { runs } = await product.call<{ runs: RunRecord[] }>('facade', 'GET', '/sync/v1/runs?limit=1');
  return {
    before,
    after: await outlookContacts(),
    record: runs[0] as RunRecord,
    faults: after.faults - counters.faults,
    resentByBrowser: after.requests - counters.requests - sentByPage,
  };
}

describeIfChromium('lost Graph answers on the pane path (F34)', () => {
  beforeAll(async () => {
    ({ server, product, browser, page } = await startPane(USER, 340));
    await page.goto(`${server.url}/taskpane.html?user=${USER}&lang=en`);
  });

  afterAll(() => closePane({ server, browser }));

  const oneCopyEach = (contacts: { bcId: string }[]) => {
    const stamped = contacts.map((c) => c.bcId).filter((b) => b !== '');
    expect(stamped.length).toBe(contacts.length);
    expect(stamped.length - new Set(stamped).size).toBe(0);
  };

  test('answers cut off after their headers: found again by BC id, nothing made twice', async () => {
    const run = await syncWithLostCreates('lostResponse', 2);
    expect(run.faults).toBe(2);
    expect(run.record.status).toBe('succeeded');
    oneCopyEach(run.after);
    expect(run.after.length).toBeGreaterThan(0);
    expect(run.record.counts.outlook.created).toBe(run.after.length - run.before.length);
    const { links } = await product.call<{ links: unknown[] }>('facade', 'GET', '/sync/v1/links');
    expect(links).toHaveLength(run.after.length);
  });

  test('connections closed before any byte (the browser resends): the copies are removed', async () => {
    // New BC contacts for the next run to create in Outlook.
    const path = (await product.contactPath('x')).replace(/\/contacts\(x\)$/, '/contacts');
    for (let i = 0; i < 25; i++)
      await product.call('facade', 'POST', path, {
        type: 'Person',
        displayName: `Resent ${i}`,
        email: `resent${i}@fabrikam.com`,
      });
    const run = await syncWithLostCreates('closedUnanswered', 1);
    expect(run.faults).toBe(1);
    expect(run.record.status).toBe('succeeded');
    oneCopyEach(run.after);
    expect(run.record.counts.outlook.created).toBe(25);
    expect(run.after.length - run.before.length).toBe(25);
    // Whether Chromium resent the envelope depends on its reusing a connection: say which it was.
    process.stdout.write(`F34 e2e: Graph requests resent by Chromium itself: ${run.resentByBrowser}\n`);
  });
});
