/**
 * The pane recovers by itself (issue 9 §7) and "This sender" can be tried outside Outlook
 * (issue 14), in headless Chromium against the running product:
 * - a blocked request is retried, and a request that keeps failing says so; the next action works;
 * - the server restarts mid-session (new dev signing keys, same data): the open pane syncs again
 *   without a reload;
 * - the development-only sender picker shows every state: synced, not a BC contact, out of scope
 *   with its rule, in conflict — and adds a new sender once however often "Add" is clicked.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import type { ProductApi } from './product-api.js';
import { startTestServer } from './server.js';
import { SHOTS, closePane, describeIfChromium, startPane } from './pane-session.js';
import type { PaneServer } from './pane-session.js';

const USER = 'rita@contoso.com';

let server: PaneServer;
let browser: Browser;
let page: Page;
let product: ProductApi;

const button = (name: string) => page.getByRole('button', { name, exact: true });
const UNREACHABLE =
  'The server does not answer: it may be restarting, or the connection is down. Try again in a minute.';
/** Words of a raw error (the browser's, a client's, a service's) anywhere on the page. */
const RAW_ERROR =
  /Failed to fetch|NetworkError|TypeError|ECONNREFUSED|could not be reached|ChunkLoadError|Loading chunk/;
async function rawErrorsOnPage(): Promise<string[]> {
  const text = await page.evaluate(() => document.body.innerText);
  return text.split('\n').filter((line) => RAW_ERROR.test(line));
}
/**
 * Clicks a sync action and resolves with what the live region says when the run ends (a result
 * already on screen from an earlier run does not count).
 */
async function runFromPane(name: string): Promise<string> {
  await page.evaluate(() => {
    const w = window as unknown as { outcomes: string[] };
    w.outcomes = [];
    const live = document.querySelector('section[aria-label="Synchronize contacts"] [aria-live="polite"]');
    new MutationObserver(() => {
      const text = live?.textContent ?? '';
      if (/^Result: /.test(text)) w.outcomes.push(text);
    }).observe(live as Node, { subtree: true, childList: true, characterData: true });
  });
  await button(name).click();
  const failed = page.getByText(/^The sync failed/);
  await page.waitForFunction(
    () => (window as unknown as { outcomes: string[] }).outcomes.length > 0,
    undefined,
    { timeout: 60_000 },
  );
  expect(await failed.count()).toBe(0);
  return page.evaluate(() => (window as unknown as { outcomes: string[] }).outcomes[0] ?? '');
}

interface BcContact {
  readonly id: string;
  readonly type: string;
  readonly displayName: string;
  readonly email: string;
  readonly city: string;
}

describeIfChromium('the pane recovers by itself; "This sender" in every state', () => {
  beforeAll(async () => {
    ({ server, product, browser, page } = await startPane(USER, 340));
  });

  afterAll(() => closePane({ server, browser }));

  test('a blocked request, then a server restart mid-session: no reload needed', async () => {
    await page.goto(`${server.url}/taskpane.html?user=${USER}&lang=en`);
    await button('Sync with Microsoft 365').click();
    await page.getByRole('heading', { name: 'Result: Succeeded' }).waitFor({ timeout: 60_000 });

    // One blocked answer: the pane asks again by itself.
    let blocked = 0;
    const folders = (url: URL): boolean => url.pathname.endsWith('/me/contactFolders');
    await page.route(folders, async (route) => {
      if (blocked++ === 0) await route.abort('blockedbyclient');
      else await route.continue();
    });
    await button('Validate connection').click();
    await page.getByText(/^Mailbox reached;/).waitFor();
    expect(blocked).toBeGreaterThanOrEqual(2);
    await page.unroute(folders);

    // The server goes away: every action says what happened and what to do, in the pane's words
    // (no "Failed to fetch", no service text), and the pane stays usable.
    const { port, dataDir } = server;
    await server.close(true);
    await button('Validate connection').click();
    await page.getByText(`Mailbox check failed: ${UNREACHABLE}`).waitFor({ timeout: 60_000 });
    await page.getByText(`Business Central check failed: ${UNREACHABLE}`).waitFor();
    await button('Sync with Microsoft 365').click();
    await page.getByRole('alert').getByText(`The sync failed: ${UNREACHABLE}`).waitFor({ timeout: 60_000 });
    // A part not downloaded yet: said, with Retry.
    await page.getByRole('button', { name: 'History', exact: true }).click();
    const history = page.locator('.fui-AccordionItem', {
      has: page.getByRole('button', { name: 'History', exact: true }),
    });
    await history.getByText(UNREACHABLE).waitFor({ timeout: 60_000 });
    expect(await rawErrorsOnPage()).toEqual([]);
    await shot('recovery-server-down');

    // Back on the same origin with new signing keys: the same open page syncs again, and the part
    // that failed to download comes with Retry.
    server = await startTestServer({ port, dataDir, members: [USER] });
    await history.getByRole('button', { name: 'Retry' }).click();
    await history.getByRole('list', { name: 'History' }).waitFor({ timeout: 60_000 });
    expect(await runFromPane('Full sync with Microsoft 365')).toBe('Result: Succeeded');
    await button('Validate connection').click();
    await page.getByText(/^Mailbox reached;/).waitFor();
    const { runs } = await product.call<{ runs: { mode: string; status: string }[] }>(
      'facade',
      'GET',
      '/sync/v1/runs?limit=1',
    );
    expect(runs[0]).toMatchObject({ mode: 'full', status: 'succeeded' });
    await shot('recovery-after-restart');
  });

  test('"This sender" outside Outlook: synced, not in BC, out of scope, in conflict, added once', async () => {
    // Scope: contacts in Helsinki or Tampere; every conflict waits for the user.
    const settings = await product.call<Record<string, unknown>>('facade', 'GET', '/sync/v1/settings');
    await product.call('facade', 'PUT', '/sync/v1/settings', {
      ...settings,
      filter: { city: 'Helsinki|Tampere' },
      conflictPolicy: 'manual',
      // The narrower scope removes most copies: no mass-delete question in this test.
      massDeleteShare: 1,
    });
    expect((await product.run('full')).status).toBe('succeeded');
    const { links } = await product.call<{ links: { bcId: string; outlookId: string }[] }>(
      'facade',
      'GET',
      '/sync/v1/links',
    );
    const contact = (bcId: string) =>
      product.contactPath(bcId).then((p) => product.call<BcContact>('facade', 'GET', p));
    const synced = await contact(links[0]?.bcId ?? '');
    const conflicted = await contact(links[1]?.bcId ?? '');
    const path = await product.contactPath(conflicted.id);
    const etag = (await product.call<{ '@odata.etag': string }>('facade', 'GET', path))['@odata.etag'];
    await product.call('facade', 'PATCH', path, { jobTitle: 'BC side' }, { 'if-match': etag });
    await product.call('graph', 'PATCH', `/graph/v1.0/me/contacts/${links[1]?.outlookId}`, {
      jobTitle: 'Outlook side',
    });
    expect((await product.run('full')).status).toBe('succeeded');
    const companies = (await product.contactPath('x')).replace(/\/contacts\(x\)$/, '/contacts');
    const { value: all } = await product.call<{ value: BcContact[] }>('facade', 'GET', companies);
    const outside = all.find(
      (c) => c.type === 'Person' && c.email && !['Helsinki', 'Tampere'].includes(c.city),
    ) as BcContact;

    await page.goto(`${server.url}/taskpane.html?user=${USER}&lang=en`);
    await button('This sender').click();
    const region = page.getByRole('region', { name: 'This sender' });
    const picker = region.getByRole('textbox', { name: /Sample sender \(development only\)/ });
    const show = async (email: string, text: string | RegExp): Promise<void> => {
      await picker.fill(email);
      await region.getByRole('button', { name: 'Show', exact: true }).click();
      await region.getByText(text).waitFor();
    };
    await show(synced.email, `${synced.displayName} is a synced Business Central contact.`);
    await shot('sender-synced');
    await show(
      outside.email,
      new RegExp(`^${outside.displayName} is in Business Central but not synced: .*City`),
    );
    await shot('sender-out-of-scope');
    await show(conflicted.email, `${conflicted.displayName} has a conflict to resolve.`);
    await shot('sender-conflict');
    await show(
      'new.person@fabrikam.example',
      'new.person@fabrikam.example is not a Business Central contact.',
    );
    await shot('sender-not-in-bc');

    // "Add" twice in a row: one BC contact.
    const add = region.getByRole('button', { name: 'Add to Business Central and sync' });
    await add.dblclick();
    await region.getByText('new.person@fabrikam.example was added to Business Central.').waitFor();
    await page.getByRole('heading', { name: 'Result: Succeeded' }).waitFor({ timeout: 60_000 });
    const { value: after } = await product.call<{ value: BcContact[] }>('facade', 'GET', companies);
    expect(after.filter((c) => c.email === 'new.person@fabrikam.example')).toHaveLength(1);
  });
});

function shot(name: string): Promise<Buffer> {
  return page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}
