/**
 * Which copy of Office.js a page loads. Inside an Office host Microsoft requires the CDN copy
 * (https://appsforoffice.microsoft.com/lib/1/hosted/office.js: hosts and the store expect it, and
 * the host scripts it loads track the host's version); outside Office (the offline demo, tests
 * without a host) the local copy from @microsoft/office-js serves.
 *
 * "Inside a host" means a host hint that Office.js itself reads (dist/office.js, `_retrieveHostInfo`
 * and the rich-client checks), in the same order:
 * 1. `window.external.GetHostInfo()` (Office rich clients; `agaveHost.GetHostInfo()` on Mac),
 * 2. the `_host_Info` query parameter (Outlook on the web, Win32 and Mac append it to the page URL),
 * 3. `hostInfo` in a JSON `window.name` (dialogs and frames Office opens),
 * 4. `hostInfoValue` in sessionStorage (kept by Office.js across navigations inside the pane),
 * plus the host bridges without a hint: `window.external.GetContext` (Office 2013 clients) and
 * `window.webkit.messageHandlers.Agave` (Office on Mac and iOS).
 */

/** @internal */
export const OFFICE_JS_CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

/** The parts of `window` that Office.js reads its host hint from. */
export interface HintSource {
  readonly location: { readonly search: string };
  readonly name: string;
  readonly external?: unknown;
  readonly agaveHost?: unknown;
  readonly webkit?: unknown;
  readonly sessionStorage?: { getItem(key: string): string | null } | null;
}

function callable(target: unknown, method: string): boolean {
  if (target === null || (typeof target !== 'object' && typeof target !== 'function')) return false;
  try {
    // IE-era hosts report COM methods as typeof 'unknown'; Office.js treats that as present too.
    const kind = typeof (target as Record<string, unknown>)[method];
    return kind === 'function' || (kind as string) === 'unknown';
  } catch {
    return false;
  }
}

function windowNameHint(name: string): boolean {
  if (!name.includes('hostInfo')) return false;
  try {
    const parsed = JSON.parse(name) as { hostInfo?: unknown } | null;
    return typeof parsed?.hostInfo === 'string' && parsed.hostInfo.length > 0;
  } catch {
    return false;
  }
}

function sessionHint(source: HintSource): boolean {
  try {
    return Boolean(source.sessionStorage?.getItem('hostInfoValue'));
  } catch {
    return false; // storage blocked (third-party frame policies): no hint from there
  }
}

/** The name of the first host hint Office.js would act on, or null in a plain browser. */
export function officeHostHint(source: HintSource): string | null {
  if (callable(source.external, 'GetHostInfo')) return 'window.external.GetHostInfo';
  if (callable(source.agaveHost, 'GetHostInfo')) return 'agaveHost.GetHostInfo';
  if (/[?&]_host_Info=[^&]/.test(source.location.search)) return '_host_Info';
  if (windowNameHint(source.name)) return 'window.name';
  if (sessionHint(source)) return 'sessionStorage';
  if (callable(source.external, 'GetContext')) return 'window.external.GetContext';
  const handlers = (source.webkit as { messageHandlers?: { Agave?: unknown } } | undefined)?.messageHandlers;
  if (handlers?.Agave) return 'webkit.messageHandlers.Agave';
  return null;
}

/**
 * What the loader (office-js-loader.ts) does on a page: inside an Office host, write the CDN's
 * Office.js as a parser-blocking script; outside one, add the local copy without blocking, or none
 * when the page does not use Office.js there (`outside: 'none'`). The task pane asks Office.js
 * nothing without a host hint (office-host.ts: officeHost gives the browser host at once), so it
 * skips the copy: Office.js and the mapping table it loads (223 KB of script) were downloaded,
 * compiled and run beside the pane's first render for nothing (issue 12). The sign-in dialog keeps
 * it: its ready() waits for Office.onReady whatever the hints say.
 */
type OfficeJsLoad =
  | { readonly kind: 'blocking'; readonly url: string }
  | { readonly kind: 'async'; readonly url: string }
  | null;

export function officeJsLoad(source: HintSource, local: string, outside: 'local' | 'none'): OfficeJsLoad {
  if (officeHostHint(source) !== null) return { kind: 'blocking', url: OFFICE_JS_CDN };
  return outside === 'local' ? { kind: 'async', url: local } : null;
}
