import { syncFolder } from '../../core/folder.js';
import { runCompanyAmong } from '../../core/state-origin.js';
import type { MailFolder, Mailbox } from '../../core/ports.js';
import type { TokenSource } from '../auth/tokens.js';
import { NoCompanyAccessError, download } from './failure.js';
import { ApiError, jsonFetch } from './http.js';
import { checkedWalk, refusalLog } from '../../platform/page-walk.js';
import type { BcContactRecord, Company, Me, PaneApi } from './types.js';

export interface FacadeApiOptions {
  /** The facade's origin (`https://localhost:3000`). */
  readonly origin: string;
  /** Graph root (the emulator in dev, graph.microsoft.com in production). */
  readonly graphBaseUrl: string;
  readonly tokens: TokenSource;
  readonly fetch?: typeof fetch;
  /** Fetch for Graph calls only (the emulator's link rewrite in dev). */
  readonly graphFetch?: typeof fetch;
}

/** `PaneApi` over the facade's `/sync/v1` and `/api/v2.0`, plus Graph for the mailbox check. */
export function facadeApi(
  options: FacadeApiOptions,
): PaneApi & { readonly runCompany: () => Promise<Company & { readonly listed: readonly Company[] }> } {
  const call = jsonFetch(() => options.tokens.facade(), options.fetch);
  const sync = `${options.origin}/sync/v1`;
  const bc = `${options.origin}/api/v2.0`;
  /**
   * Every entry of a paged list route (F46): pages of at most 1,000, each naming the next one by
   * `@odata.nextLink` (an origin-relative URL) until the last.
   */
  const every = async <T>(path: string, name: string): Promise<T[]> => {
    const all: T[] = [];
    // Links stay on the facade's origin (the token goes along), none twice, at most MAX_PAGES.
    const walk = checkedWalk(options.origin, (r) => new ApiError(502, r.code, refusalLog(r)));
    let url: string | undefined = `${sync}${path}`;
    while (url !== undefined) {
      walk.check(url);
      const page: Record<string, unknown> & { '@odata.nextLink'?: string } = await call('GET', url);
      all.push(...(page[name] as T[]));
      const next = page['@odata.nextLink'];
      url = next === undefined ? undefined : new URL(next, options.origin).href;
    }
    return all;
  };
  /** The companies BC lists to the user: those they are a member of (README "Company access"). */
  const companies = async (): Promise<Company[]> =>
    (await call<{ value: Company[] }>('GET', `${bc}/companies`)).value;
  const noCompany = () => new NoCompanyAccessError('The user may use no Business Central company.');
  /**
   * The company the sync uses (F86, and its leftover: Validate showed the first listed one): the
   * sync state's (`GET /sync/v1/me` companyId) while BC lists it to the user, else the first
   * listed — one rule (core runCompanyAmong) for Validate and for the pane's runs. Asks BC each
   * time (Validate must reach it, not remember that it once did).
   */
  const chosenCompany = async (): Promise<Company & { readonly listed: readonly Company[] }> => {
    const [listed, me] = await Promise.all([companies(), call<Me>('GET', `${sync}/me`)]);
    const chosen = runCompanyAmong(
      listed.map((c) => c.id),
      me.companyId ?? null,
    );
    const found = listed.find((c) => c.id === chosen);
    if (!found) throw noCompany();
    return { ...found, listed };
  };
  const company = async (): Promise<Company> => {
    const { listed: _listed, ...found } = await chosenCompany();
    return found;
  };
  const mailbox = async () => {
    // The Graph adapter is the engine's: loaded on demand, not with the pane.
    const { GraphMailbox } = await download(() => import('../../graph/index.js'));
    return new GraphMailbox({
      baseUrl: options.graphBaseUrl,
      mailbox: { kind: 'me' },
      getToken: () => options.tokens.graph(),
      ...(options.graphFetch ? { fetch: options.graphFetch } : options.fetch ? { fetch: options.fetch } : {}),
    });
  };
  /**
   * The Outlook folder the sync uses: the one the last run used (the sync API keeps its id), under
   * whatever name the user gave it in Outlook; else the folder named `name`; null when neither is
   * there (issue 9 §2: a folder renamed in Outlook is never taken for a missing one).
   */
  const syncFolderOf = async (box: Mailbox, name: string): Promise<MailFolder | null> => {
    // One link is enough to learn the folder (F46: the list is paged; never read it whole for this).
    const { folderId } = await call<{ folderId: string | null }>('GET', `${sync}/links?limit=1`);
    return syncFolder(box, folderId, name);
  };
  return {
    // The company the sync state belongs to while BC lists it to the user (F86: a company granted
    // later, sorted first, must not take over the sync); else the first listed.
    // With the list it was picked from: the run names a state's company by it (F104).
    runCompany: chosenCompany,
    me: () => call<Me>('GET', `${sync}/me`),
    getSettings: () => call('GET', `${sync}/settings`),
    getSchedule: () => call('GET', `${sync}/schedule`),
    putSettings: (settings) => call('PUT', `${sync}/settings`, settings),
    checkSettings: (settings) => call('POST', `${sync}/settings/check`, settings),
    matchPreview: (filter) => call('POST', `${sync}/match-preview`, { filter }),
    listRuns: async (limit = 10) => (await call<{ runs: [] }>('GET', `${sync}/runs?limit=${limit}`)).runs,
    listConflicts: () => every('/conflicts', 'conflicts'),
    resolveConflict: async (bcId, choice) => {
      await call('POST', `${sync}/conflicts/${encodeURIComponent(bcId)}/resolve`, choice);
    },
    dismissConflict: async (bcId) => {
      await call('POST', `${sync}/conflicts/${encodeURIComponent(bcId)}/dismiss`, {});
    },
    listSkipped: () => every('/skipped', 'skipped'),
    listLinks: () => every('/links', 'links'),
    company,
    // The sync API's "This sender" routes: case-insensitive look-up, idempotent add (issue 8 §7).
    findBcContactsByEmail: async (email) =>
      (
        await call<{ contacts: BcContactRecord[] }>(
          'GET',
          `${sync}/sender?email=${encodeURIComponent(email.trim())}`,
        )
      ).contacts,
    createBcPerson: async (draft) =>
      (await call<{ contact: BcContactRecord }>('POST', `${sync}/sender`, draft)).contact,
    checkMailbox: async (folderName) => {
      const box = await mailbox();
      return ((await syncFolderOf(box, folderName)) ?? (await box.ensureFolder(folderName))).displayName;
    },
    folderPreview: (name) => call('POST', `${sync}/folder-preview`, { folderName: name }),
  };
}
