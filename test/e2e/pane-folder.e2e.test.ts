/**
 * A new folder name that is taken (issue 14, "never two copies"), in headless Chromium against the
 * running product: the user already has an Outlook folder "Customers" with a contact of their own;
 * the sync ran into "Business Central". Saving "Customers" as the folder says what will happen, syncs
 * the old folder (an Outlook edit made there reaches BC), removes the sync's copies from it (the
 * user's own contact stays), and the next sync brings every contact to "Customers" exactly once.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.js';
import { productApi } from './product-api.js';
import type { ProductApi } from './product-api.js';
import { startTestServer } from './server.js';

const USER = 'otto@contoso.com';
const describeIfChromium = existsSync(CHROMIUM) ? describe : describe.skip;

let server: Awaited<ReturnType<typeof startTestServer>>;
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
    server = await startTestServer({ members: [USER] });
    product = productApi(server.url, USER);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await (await browser.newContext({ viewport: { width: 320, height: 900 } })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

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

  test('save "Customers": sync, remove the old copies, the next sync fills "Customers" once', async () => {
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
    const ask = page.getByRole('group', { name: 'Move the sync to the existing folder "Customers"?' });
    await ask.waitFor();
    expect(await ask.textContent()).toContain(
      `then the ${synced.length} contacts synced into "Business Central" are removed from it`,
    );
    await page.getByRole('button', { name: 'Sync, move the contacts and save', exact: true }).click();
    await page
      .getByText(`Settings saved. ${synced.length} synced contacts were removed from "Business Central"`)
      .waitFor({ timeout: 120_000 });

    // The Outlook edit reached BC before its copy went; the user's own contact is untouched. The
    // sync's state moves with the next run (F73: the move is a step of every run, on every host).
    expect(await contactsIn('Business Central')).toEqual([]);
    expect((await contactsIn('Customers')).map((c) => c.displayName)).toEqual(['Own Contact']);

    // The next sync brings every contact to "Customers", once; the edit is there.
    expect((await product.run('full')).status).toBe('succeeded');
    const now = await contactsIn('Customers');
    // The same names as a multiset: each contact once, none left out.
    expect(now.map((c) => c.displayName).sort()).toEqual(
      [...synced.map((c) => c.displayName), 'Own Contact'].sort(),
    );
    expect(now.find((c) => c.displayName === edited.displayName)?.jobTitle).toBe('Edited in Outlook');
    // The state moved with that run: every contact of "Customers" is linked once (the user's own
    // contact was imported as a new BC person, import.create), and no link is left over.
    const { links } = await product.call<{ links: { bcId: string; outlookId: string }[] }>(
      'facade',
      'GET',
      '/sync/v1/links',
    );
    expect(links.map((l) => l.outlookId).sort()).toEqual(now.map((c) => c.id).sort());
    expect(await contactsIn('Business Central')).toEqual([]);
  });
});
