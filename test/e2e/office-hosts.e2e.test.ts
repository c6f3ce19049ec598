/// <reference types="office-js" />
/**
 * The built pane loads Office.js as it would inside Outlook, in headless Chromium: with each Outlook
 * host hint Office.js understands (web, Win32, Mac), the page takes Office.js from Microsoft's CDN,
 * every script Office.js then requests is served, and Office.onReady resolves with the host. Only the
 * host bridge is a stand-in (office-bridges.ts); the CDN's paths are answered from the local copy the
 * build keeps in dist/office-js, and MicrosoftAjax.js (which Outlook's host scripts load from
 * ajax.aspnetcdn.com) from the same library in Debian's Mono package (scripts/microsoft-ajax.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Frame, Page, Route } from 'playwright-core';
import { ensureMicrosoftAjax, MICROSOFT_AJAX_CDN } from '../../scripts/microsoft-ajax.js';
import { officeJsDist, outlookOfficeJsFiles } from '../../scripts/office-js-files.mjs';
import { OFFICE_JS_CDN } from '../../src/taskpane/office/office-js-source.js';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.js';
import { MAILBOX, macBridge, webHost, win32Bridge } from './office-bridges.js';
import { startTestServer } from './server.js';
import type { TestServer } from './server.js';
import { describeIfChromium } from './pane-session.js';

const CDN_BASE = OFFICE_JS_CDN.slice(0, OFFICE_JS_CDN.lastIndexOf('/') + 1);
/** Office.js trusts only https Office web origins as a web host (its list includes *.office.net). */
const WEB_HOST = 'https://outlook-host.office.net';
/** The pane's origin inside the web host (https, proxied to the loopback server). */
const PANE_ORIGIN = 'https://contact-sync.pane.test';
const local = outlookOfficeJsFiles(officeJsDist('.'));
/** The hidden frame Office.js's telemetry opens (ULSEndpointProxy). */
const OFFICE_TELEMETRY = 'https://telemetryservice.firstpartyapps.oaspapps.com/';
/** Office.js asks for MicrosoftAjax.js with the page's own scheme. */
const MS_AJAX = new RegExp(`^https?:${MICROSOFT_AJAX_CDN.slice('https:'.length).replace(/[.]/g, '\\.')}$`);

interface ScriptLoad {
  readonly url: string;
  status: number | 'failed' | 'pending';
}

/** Every script the page requests, with its status once answered. */
class ScriptLog {
  readonly loads: ScriptLoad[] = [];
  private readonly answers: Promise<unknown>[] = [];
  record(url: string, response: Promise<{ status(): number } | null>): void {
    const entry: ScriptLoad = { url, status: 'pending' };
    this.loads.push(entry);
    this.answers.push(
      response.then(
        (r) => (entry.status = r?.status() ?? 'failed'),
        () => (entry.status = 'failed'),
      ),
    );
  }
  /**
   * Waits until every script requested so far (and any they requested meanwhile) is answered, and
   * returns exactly those: a lazy pane chunk requested after the wait ended is not yet answered and
   * belongs to a later look (seen under load: the pane's chunk arrived between the wait and the check).
   */
  async settled(): Promise<ScriptLoad[]> {
    let done = 0;
    while (done < this.answers.length) {
      const upTo = this.answers.length;
      await Promise.all(this.answers.slice(done, upTo));
      done = upTo;
    }
    return this.loads.slice(0, done);
  }
  urls(): string[] {
    return this.loads.map((s) => s.url);
  }
}

let server: TestServer;
let browser: Browser;
let msAjax: string;

const forward = async (route: Route, url: string): Promise<void> => {
  try {
    await route.fulfill({ response: await route.fetch({ url }) });
  } catch {
    // The context closed while the pane still polled the facade: nothing to answer any more.
  }
};

/** A browser context whose CDN and pane-origin requests reach the local server; records every script. */
async function hostContext(log: ScriptLog): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
  await context.route(`${CDN_BASE}**`, (route) => {
    const path = route.request().url().slice(CDN_BASE.length).split('?')[0] ?? '';
    return forward(route, `${server.url}/office-js/${path}`);
  });
  await context.route(MS_AJAX, (route) =>
    route.fulfill({ contentType: 'text/javascript', body: readFileSync(msAjax) }),
  );
  await context.route(`${PANE_ORIGIN}/**`, (route) =>
    forward(route, route.request().url().replace(PANE_ORIGIN, server.url)),
  );
  // Nothing else leaves the machine. (Registered last, so Playwright runs it first.)
  await context.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => {
    const url = route.request().url();
    if (url.startsWith(WEB_HOST) || url.startsWith(PANE_ORIGIN) || url.startsWith(CDN_BASE))
      return route.fallback();
    if (MS_AJAX.test(url)) return route.fallback();
    return route.abort();
  });
  context.on('request', (req) => {
    if (req.resourceType() === 'script') log.record(req.url(), req.response());
  });
  return context;
}

async function close(context: BrowserContext): Promise<void> {
  await context.unrouteAll({ behavior: 'ignoreErrors' });
  await context.close();
}

/** `use` in a host context (hostContext) that records into `log`, closed after it whatever happens. */
async function inHostContext(log: ScriptLog, use: (context: BrowserContext) => Promise<void>): Promise<void> {
  const context = await hostContext(log);
  try {
    await use(context);
  } finally {
    await close(context);
  }
}

type Ready = { host: string | null; platform: string | null; email: string | null };

/** Office.onReady, awaited inside the page (event-driven: no sleeps). */
const whenReady = (frame: Page | Frame): Promise<Ready> =>
  frame.evaluate(async () => {
    const info = await Office.onReady();
    return {
      host: (info.host as unknown as string | null) ?? null,
      platform: (info.platform as unknown as string | null) ?? null,
      email: Office.context.mailbox?.userProfile.emailAddress ?? null,
    };
  });

/** Every script request of Office.js was answered 200, and those from its folder are in the local copy. */
async function expectAllServed(log: ScriptLog, atLeast: number): Promise<void> {
  const scripts = await log.settled();
  const officeJs = scripts.filter((s) => s.url.startsWith(CDN_BASE) || s.url.includes('/office-js/'));
  expect(officeJs.length).toBeGreaterThanOrEqual(atLeast);
  expect(scripts.filter((s) => s.status !== 200)).toEqual([]);
  for (const s of officeJs) {
    const path = s.url.startsWith(CDN_BASE)
      ? s.url.slice(CDN_BASE.length)
      : (s.url.split('/office-js/')[1] ?? '');
    expect(local.files).toContain(path.split('?')[0]);
  }
}

/**
 * The sign-in dialog page outside a host with its own bundle answered empty: the page keeps its
 * Office.js (the bundle would hand over to MSAL, whose sign-in redirect leaves the page).
 */
async function openDialogHeld(page: Page): Promise<void> {
  await page.route(/\/auth-dialog\.[0-9a-f]+\.js$/, (route) =>
    route.fulfill({ status: 200, contentType: 'text/javascript', body: '' }),
  );
  await page.goto(`${server.url}/auth-dialog.html`);
}

const HOSTS = [
  { platform: 'win32', hint: 'Outlook$Win32$16.02$en-US$$$$0', ready: 'PC', bridge: 'win32' },
  { platform: 'mac', hint: 'Outlook$Mac$16.00$en-US$$$$0', ready: 'Mac', bridge: 'mac' },
  { platform: 'web', hint: 'Outlook$Web$16.01$en-US$$$$0', ready: 'OfficeOnline', bridge: 'web' },
] as const;

describeIfChromium('Office.js inside Outlook hosts (headless Chromium)', () => {
  beforeAll(async () => {
    msAjax = ensureMicrosoftAjax();
    server = await startTestServer();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('the local copy names every Outlook host script Office.js can pick, and they exist', () => {
    expect(Object.keys(local.hostScripts).sort()).toEqual(['ios', 'mac', 'web', 'win32']);
    for (const file of local.files) expect(existsSync(`dist/office-js/${file}`)).toBe(true);
    expect(local.external).toEqual([MICROSOFT_AJAX_CDN]);
  });

  test.each(HOSTS)(
    'Outlook $platform: Office.js from the CDN, every script served, onReady resolves',
    async (h) => {
      const log = new ScriptLog();
      await inHostContext(log, async (context) => {
        const page = await context.newPage();
        if (process.env.E2E_DEBUG) {
          page.on('console', (m) => console.log(h.platform, m.text()));
          page.on('pageerror', (e) => console.log(h.platform, 'pageerror', e.message));
        }
        let frame: Page | Frame = page;
        if (h.bridge === 'win32') await context.addInitScript(win32Bridge, { data: MAILBOX, hostInfo: null });
        if (h.bridge === 'mac') await context.addInitScript(macBridge, { data: MAILBOX });
        if (h.bridge === 'web') {
          await context.addInitScript(webHost, { data: MAILBOX, hostOrigin: WEB_HOST });
          const src = `${PANE_ORIGIN}/taskpane.html?_host_Info=${h.hint}#&_xdm_Info=e2e-conversation|contact-sync|${WEB_HOST}`;
          await context.route(`${WEB_HOST}/**`, (route) =>
            route.fulfill({
              contentType: 'text/html',
              body: `<!doctype html><title>Outlook</title><iframe name="pane" style="width:360px;height:800px" src="${src}"></iframe>`,
            }),
          );
          await page.goto(`${WEB_HOST}/mail/`);
          frame = await (await page.waitForSelector('iframe[name=pane]')).contentFrame().then((f) => f!);
        } else {
          await page.goto(`${server.url}/taskpane.html?_host_Info=${h.hint}`);
        }
        const ready = await whenReady(frame);
        expect(ready).toEqual({ host: 'Outlook', platform: h.ready, email: MAILBOX.userEmailAddress });
        const urls = log.urls();
        expect(urls).toContain(OFFICE_JS_CDN);
        expect(urls).toContain(`${CDN_BASE}${local.hostScripts[h.platform]}`);
        expect(urls.some((u) => MS_AJAX.test(u))).toBe(true);
        expect(urls.some((u) => u.endsWith('/office-js/office.js'))).toBe(false);
        await expectAllServed(log, 4);
      });
    },
  );

  test('Outlook on Windows giving its hint only through window.external.GetHostInfo still gets the CDN', async () => {
    const log = new ScriptLog();
    await inHostContext(log, async (context) => {
      await context.addInitScript(win32Bridge, { data: MAILBOX, hostInfo: 'Outlook$Win32$16.02$en-US$$$$0' });
      const page = await context.newPage();
      await page.goto(`${server.url}/taskpane.html`);
      expect(await whenReady(page)).toEqual({
        host: 'Outlook',
        platform: 'PC',
        email: MAILBOX.userEmailAddress,
      });
      expect(log.urls()).toContain(`${CDN_BASE}${local.hostScripts.win32}`);
      await expectAllServed(log, 4);
    });
  });

  test('F7: the telemetry frame Office.js opens is requested, not refused by the pane’s CSP', async () => {
    await inHostContext(new ScriptLog(), async (context) => {
      const page = await context.newPage();
      const refused: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
      });
      // Office.js opens the frame a few seconds after loading; a refused frame is never requested.
      const framed = context.waitForEvent('request', {
        predicate: (r) => r.url().startsWith(OFFICE_TELEMETRY),
        timeout: 120_000,
      });
      // The sign-in dialog: outside a host the pane's own page loads no Office.js (the next test),
      // the dialog the local copy, under the one policy every page of the pane is served with.
      await openDialogHeld(page);
      expect((await framed).resourceType()).toBe('document');
      expect(refused).toEqual([]);
    });
  });

  test('in a plain browser the pane opens, its data loaded, and asks for no Office.js', async () => {
    const log = new ScriptLog();
    await inHostContext(log, async (context) => {
      const page = await context.newPage();
      // Issue 12: Office.js can only answer "no host" here and the pane does not ask it, so it is
      // not downloaded, compiled and run beside the first render.
      await page.goto(`${server.url}/taskpane.html?user=ann@contoso.com&lang=en`, { waitUntil: 'commit' });
      await page
        .getByRole('button', { name: 'Sync with Microsoft 365', exact: true })
        .waitFor({ timeout: 120_000 });
      const scripts = (await log.settled()).map((s) => s.url);
      expect(scripts).toContain(`${server.url}/office-js-loader.js`);
      expect(scripts.filter((u) => u.includes('/office-js/') || u.startsWith(CDN_BASE))).toEqual([]);
      expect(await page.evaluate(() => typeof Office)).toBe('undefined');
    });
  });

  test('in a plain browser the sign-in dialog uses the local copy, asks no CDN, and onReady gives host null', async () => {
    const log = new ScriptLog();
    await inHostContext(log, async (context) => {
      const page = await context.newPage();
      await openDialogHeld(page);
      expect(await page.evaluate(async () => (await Office.onReady()).host)).toBeNull();
      expect(log.urls()).toContain(`${server.url}/office-js/office.js`);
      expect(log.urls().some((u) => u.startsWith('https://'))).toBe(false);
      await expectAllServed(log, 2);
    });
  });
});
