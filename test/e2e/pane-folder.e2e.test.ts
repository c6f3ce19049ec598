/**
 * A new folder name that is taken (issue 14, "never two copies"; F73), in headless Chromium against
 * the running product: the user already has an Outlook folder "Customers" with a contact of their
 * own; the sync ran into "Business Central". The pane only saves the name and says first what the
 * next run will do (the server's folder preview); "Save and sync now" starts that run, which syncs
 * the old folder (an Outlook edit made there reaches BC), removes the sync's copies from it and
 * brings every contact to "Customers" exactly once. A move held by an open conflict says why and
 * what to do; nothing moves and the conflict stays listed.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import type { ProductApi } from './product-api.js';
import { closePane, describeIfChromium, startPane } from './pane-session.js';
import type { PaneServer } from './pane-session.js';

const USER = 'otto@contoso.com';

let server: PaneServer;
let browser: Browser;
let page: Page;
let product: ProductApi;

interface Folder {
  readonly id: string;
  readonly displayName: string;
}
interface Contact {
  readonly id: string;
  readonly displayName: string;
  readonly jobTitle: string | null;
}

async function folders(): Promise<Folder[]> {
  return (await product.call<{ value: Folder[] }>('graph', 'GET', '/graph/v1.0/me/contactFolders')).value;
}

async function contactsIn(name: string): Promise<Contact[]> {
  const folder = (await folders()).find((f) => f.displayName === name);
  if (!folder) throw new Error(`no folder ${name}`);
  const path = `/graph/v1.0/me/contactFolders/${folder.id}/contacts?$top=1000`;
  return (await product.call<{ value: Contact[] }>('graph', 'GET', path)).value;
}

describeIfChromium('a taken folder name: the sync moves there, never two copies, nothing lost', () => {
  beforeAll(async () => {
    ({ server, product, browser, page } = await startPane(USER, 320));
  });

  afterAll(() => closePane({ server, browser }));

  test('F4: a 300-character name is refused before the folder is touched', async () => {
    expect((await product.run('full')).status).toBe('succeeded');
    const before = await folders();
    await page.goto(`${server.url}/taskpane.html?user=${USER}&lang=en`);
    const folder = page.getByRole('textbox', { name: 'Folder name' });
    await folder.fill('x'.repeat(300));
    await page.getByText('must be at most 255 characters').first().waitFor();
    expect(await page.getByRole('button', { name: 'Save', exact: true }).isDisabled()).toBe(true);
    // Enter does not submit past the disabled button (HTML implicit submission); nothing is asked.
    await folder.press('Enter');
    expect(await page.getByRole('group', { name: 'Rename the sync folder?' }).count()).toBe(0);
    // The server refuses the same name as data (its check runs before any rename the pane does).
    const settings = await product.call<object>('facade', 'GET', '/sync/v1/settings');
    await expect(
      product.call('facade', 'POST', '/sync/v1/settings/check', { ...settings, folderName: 'x'.repeat(300) }),
    ).rejects.toThrow(/: 400 .*tooLong/);
    expect(await folders()).toEqual(before);
    const { folderName } = await product.call<{ folderName: string }>('facade', 'GET', '/sync/v1/settings');
    expect(folderName).toBe('Business Central');
  });

  test('save "Customers", sync now: the run moves the old copies there, each once, nothing lost', async () => {
    expect((await product.run('full')).status).toBe('succeeded');
    const synced = await contactsIn('Business Central');
    expect(synced.length).toBeGreaterThan(0);
    const created = await product.call<Folder>('graph', 'POST', '/graph/v1.0/me/contactFolders', {
      displayName: 'Customers',
    });
    await product.call('graph', 'POST', `/graph/v1.0/me/contactFolders/${created.id}/contacts`, {
      givenName: 'Own',
      surname: 'Contact',
      displayName: 'Own Contact',
      emailAddresses: [{ address: 'own.contact@fabrikam.com', name: 'Own Contact' }],
    });
    // An Outlook edit in the old folder, not yet in BC.
    const edited = synced[0] as Contact;
    await product.call('graph', 'PATCH', `/graph/v1.0/me/contacts/${edited.id}`, {
      jobTitle: 'Edited in Outlook',
    });

    await page.goto(`${server.url}/taskpane.html?user=${USER}&lang=en`);
    const folder = page.getByRole('textbox', { name: 'Folder name' });
    await folder.fill('Customers');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    // What the next run will do, from the server's plan; nothing is written yet.
    const ask = page.getByRole('group', { name: 'Move the sync to the existing folder "Customers"?' });
    await ask.waitFor();
    expect(await ask.textContent()).toContain(
      'The next sync first saves the changes made in "Business Central" to Business Central, then removes the contacts it synced there and brings them to "Customers"',
    );
    expect(await ask.getByTestId('folder-holds').textContent()).toContain(
      '"Customers" already holds 1 contact of its own.',
    );
    expect(await contactsIn('Business Central')).toHaveLength(synced.length);
    await page.getByRole('button', { name: 'Save and sync now', exact: true }).click();
    // The run's outcome in the Settings panel (its progress: settings-folder-move.test).
    await page
      .getByText('Settings saved; the sync now uses the folder "Customers".')
      .waitFor({ timeout: 240_000 });

    // One run did it all: the Outlook edit reached BC before its copy went, every contact is in
    // "Customers" once (the user's own one too, imported), the old folder is empty.
    expect(await contactsIn('Business Central')).toEqual([]);
    const now = await contactsIn('Customers');
    expect(now.map((c) => c.displayName).sort()).toEqual(
      [...synced.map((c) => c.displayName), 'Own Contact'].sort(),
    );
    expect(now.find((c) => c.displayName === edited.displayName)?.jobTitle).toBe('Edited in Outlook');
    const { links } = await product.call<{ links: { bcId: string; outlookId: string }[] }>(
      'facade',
      'GET',
      '/sync/v1/links',
    );
    expect(links.map((l) => l.outlookId).sort()).toEqual(now.map((c) => c.id).sort());
  });

  test('a move held by an open conflict: why and what to do; the sync and the conflict stay', async () => {
    // An open conflict in "Customers": both sides changed one contact under "Ask me".
    const settings = await product.call<Record<string, unknown>>('facade', 'GET', '/sync/v1/settings');
    await product.call('facade', 'PUT', '/sync/v1/settings', { ...settings, conflictPolicy: 'manual' });
    const { links } = await product.call<{ links: { bcId: string; outlookId: string }[] }>(
      'facade',
      'GET',
      '/sync/v1/links',
    );
    const link = links[0] as { bcId: string; outlookId: string };
    const path = await product.contactPath(link.bcId);
    const before = await product.call<{ '@odata.etag': string }>('facade', 'GET', path);
    await product.call(
      'facade',
      'PATCH',
      path,
      { jobTitle: 'BC Title' },
      { 'if-match': before['@odata.etag'] },
    );
    await product.call('graph', 'PATCH', `/graph/v1.0/me/contacts/${link.outlookId}`, {
      jobTitle: 'Outlook Title',
    });
    expect((await product.run('delta')).conflicts).toBeGreaterThan(0);
    await product.call('graph', 'POST', '/graph/v1.0/me/contactFolders', { displayName: 'Archive' });
    const inCustomers = (await contactsIn('Customers')).length;

    await page.goto(`${server.url}/taskpane.html?user=${USER}&lang=en`);
    await page.getByRole('textbox', { name: 'Folder name' }).fill('Archive');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const ask = page.getByRole('group', { name: 'Move the sync to the existing folder "Archive"?' });
    await ask.waitFor();
    expect(await ask.textContent()).toContain(
      'Open or settled conflicts and skipped changes in "Customers" hold the move',
    );
    await page.getByRole('button', { name: 'Save and sync now', exact: true }).click();
    const status = page.getByTestId('folder-move-status');
    await status.getByText('The sync stays in "Customers" for now').waitFor({ timeout: 240_000 });
    expect(await status.textContent()).toContain(
      '1 contact in "Customers" holds values Business Central does not have yet',
    );
    expect(await status.textContent()).toContain(
      'the contacts to resolve stay listed under Conflicts and Skipped contacts.',
    );
    // Nothing moved; the conflict stays listed (the sync state is still the old folder's).
    expect(await contactsIn('Customers')).toHaveLength(inCustomers);
    expect(await contactsIn('Archive')).toEqual([]);
    const { conflicts } = await product.call<{ conflicts: { bcId: string }[] }>(
      'facade',
      'GET',
      '/sync/v1/conflicts',
    );
    expect(conflicts.map((c) => c.bcId)).toContain(link.bcId);
    await page.getByRole('heading', { name: /^Conflicts \(1 open/ }).waitFor();
    await page.screenshot({ path: 'test/e2e/screenshots/folder-move-held-en.png', fullPage: true });
  });
});
