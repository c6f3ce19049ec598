import { SYNC_FIELDS, normalizeEmail } from '../core/model.js';
import type { BcContact } from '../core/model.js';
import type { BcContactDraft, BcContacts, BcRead, BcUpdate, WriteOutcome } from '../core/ports.js';
import type { CountryRegion } from '../core/country.js';
import { PortFailure } from '../core/ports.js';
import { DEFAULT_TIMEOUTS, abortableSleep, isCancellation, withDeadline } from '../platform/deadline.js';
import { mapLimited } from '../platform/map-limited.js';
import { DEFAULT_RETRY, RetryBudget, retryDelay } from '../platform/retry-policy.js';
import type { RetryPolicy } from '../platform/retry-policy.js';
import { BcApiError, errorFromNetwork, errorFromResponse } from './bc-api-error.js';
import { query, str, toBcContact, values } from './bc-wire.js';
import type { Json } from './bc-wire.js';
import { isRemovedRow, relativeDeltaLink, removedIdOf, trackedCompanyOf } from './delta-link.js';

export interface HttpBcContactsOptions {
  /** The API root, e.g. `https://host/api/v2.0` (the facade) or a tenant's `…/api/v2.0`. */
  readonly baseUrl: string;
  readonly companyId: string;
  /** A bearer token for the facade's API (MSAL in the pane, client credentials on the server). */
  readonly getToken: () => Promise<string>;
  readonly fetch?: typeof fetch;
  /** Waits between retries; tests pass one that does not wait. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly nowMs?: () => number;
  /** Jitter source for retry waits, [0, 1); tests pass a constant. */
  readonly random?: () => number;
  /** Default: the one policy Graph calls use too (src/platform/retry-policy.ts). */
  readonly retry?: Partial<RetryPolicy>;
  /** `Prefer: odata.maxpagesize` for list reads. */
  readonly pageSize?: number;
  /** Per HTTP attempt, in milliseconds (default 60 s, BC_TIMEOUT_MS on the facade); a timeout is a lost answer. */
  readonly timeoutMs?: number;
  /** The run's signal: Cancel aborts requests in flight and retry waits (issue 9 §3). */
  readonly signal?: AbortSignal;
}

/** How many ids one `id eq … or …` filter carries (keeps URLs well under common limits). */
const IDS_PER_READ = 40;
/**
 * Writes sent at once (issue 12 §2: one at a time made BC the slow side of a delta). Business
 * Central Online allows 100 simultaneous requests per user and 6,000 per 5 minutes
 * (learn.microsoft.com, Business Central "Work with API limits"); 4 stays far inside both.
 */
const WRITES_IN_FLIGHT = 4;
/** Addresses per `email eq … or …` read (each sent in up to two forms). */
const EMAILS_PER_READ = 10;

/**
 * The engine's `BcContacts` port over a Business Central API v2.0 (`…/api/v2.0`) for one company:
 * the facade's or a tenant's, with BC's protocol only — deletions and delta reads come from BC's
 * change tracking (delta links, delta-link.ts). Browser-safe: only fetch and timers.
 */
export class HttpBcContacts implements BcContacts {
  readonly maxBatch = 20;
  private readonly doFetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly nowMs: () => number;
  private readonly random: () => number;
  private readonly retry: RetryPolicy;
  private readonly company: string;
  private requests = 0;
  private throttled = 0;

  constructor(private readonly options: HttpBcContactsOptions) {
    this.doFetch = withDeadline(options.fetch ?? ((input, init) => fetch(input, init)), {
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUTS.bcMs,
      signal: options.signal,
    });
    this.sleep = abortableSleep(
      options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      options.signal,
    );
    this.nowMs = options.nowMs ?? (() => Date.now());
    this.random = options.random ?? Math.random;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.company = `${options.baseUrl.replace(/\/+$/, '')}/companies(${options.companyId})`;
  }

  stats(): { requests: number; throttled: number } {
    return { requests: this.requests, throttled: this.throttled };
  }

  async listAll(options: { readonly odataFilter?: string } = {}): Promise<BcContact[]> {
    return this.readPages(`${this.company}/contacts${query({ $filter: options.odataFilter })}`);
  }

  /**
   * A tracked read: from the delta link when it tracks this company's contacts (moved onto this
   * adapter's API root, so a link saved by another host serves here too), else every contact with
   * `Prefer: odata.track-changes`. A link the service refuses (410 Gone, or 400/404 for a token it
   * cannot read) falls back to the full read; other failures throw PortFailure.
   */
  async readChanges(deltaLink: string | null): Promise<BcRead> {
    const tracked = deltaLink ? trackedCompanyOf(deltaLink) : null;
    if (tracked && tracked.companyId === this.options.companyId.toLowerCase()) {
      try {
        const { rows, link } = await this.readTracked(`${this.company}/contacts${tracked.url.search}`);
        const removed = rows.filter(isRemovedRow);
        return {
          kind: 'changes',
          changed: rows.filter((r) => !isRemovedRow(r)).map(toBcContact),
          deletedIds: removed.flatMap((r) => removedIdOf(r) ?? []),
          deltaLink: link,
        };
      } catch (e) {
        if (!(e instanceof BcApiError && [400, 404, 410].includes(e.status))) throw portFailure(e);
      }
    }
    try {
      const { rows, link } = await this.readTracked(`${this.company}/contacts`);
      return {
        kind: 'snapshot',
        contacts: rows.filter((r) => !isRemovedRow(r)).map(toBcContact),
        deltaLink: link,
      };
    } catch (e) {
      throw portFailure(e);
    }
  }

  /** Every page from `first` with change tracking; the last page's delta link, relative ('' without). */
  private async readTracked(first: string): Promise<{ rows: Json[]; link: string }> {
    const origin = new URL(this.options.baseUrl).origin;
    const prefer = `odata.track-changes, odata.maxpagesize=${this.options.pageSize ?? 1000}`;
    const rows: Json[] = [];
    for (let url = first; ;) {
      const json = await this.send('GET', url, undefined, { prefer });
      rows.push(...values(json));
      const next = json['@odata.nextLink'];
      if (typeof next !== 'string') {
        const link = json['@odata.deltaLink'];
        return { rows, link: typeof link === 'string' ? relativeDeltaLink(link, this.options.baseUrl) : '' };
      }
      if (new URL(next).origin !== origin)
        throw new PortFailure('unavailable', `nextLink leaves the API origin: ${next}`);
      url = next;
    }
  }

  async getMany(ids: readonly string[]): Promise<BcContact[]> {
    const out: BcContact[] = [];
    const valid = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
    for (let i = 0; i < valid.length; i += IDS_PER_READ) {
      const filter = valid
        .slice(i, i + IDS_PER_READ)
        .map((id) => `id eq ${id}`)
        .join(' or ');
      out.push(...(await this.readPages(`${this.company}/contacts${query({ $filter: filter })}`)));
    }
    // Keep the caller's order.
    const byId = new Map(out.map((c) => [c.id.toLowerCase(), c]));
    return ids.flatMap((id) => byId.get(id.toLowerCase()) ?? []);
  }

  /**
   * `email eq …` per address, as typed and lower-cased: the facade compares e-mail case-insensitively,
   * a tenant's API may not, and addresses are mostly stored in one of those two forms.
   */
  async findByEmails(emails: readonly string[]): Promise<BcContact[]> {
    const wanted = [...new Set(emails.map((e) => e.trim()).filter((e) => e !== ''))];
    const out = new Map<string, BcContact>();
    for (let i = 0; i < wanted.length; i += EMAILS_PER_READ) {
      const forms = wanted.slice(i, i + EMAILS_PER_READ).flatMap((e) => [...new Set([e, e.toLowerCase()])]);
      const filter = forms.map((e) => `email eq '${e.replaceAll("'", "''")}'`).join(' or ');
      for (const c of await this.readPages(`${this.company}/contacts${query({ $filter: filter })}`))
        out.set(c.id, c);
    }
    const keys = new Set(wanted.map(normalizeEmail));
    return [...out.values()].filter((c) => keys.has(normalizeEmail(c.email)));
  }

  /** `GET companies({id})/countriesRegions`, every page (BC API v2.0; the facade serves the same). */
  async countriesRegions(): Promise<CountryRegion[]> {
    const rows = await this.readRows(`${this.company}/countriesRegions`);
    return rows.map((j) => ({ code: str(j.code), displayName: str(j.displayName) }));
  }

  /** One POST per contact, WRITES_IN_FLIGHT at once; results in the drafts' order. */
  async create(drafts: readonly BcContactDraft[]): Promise<WriteOutcome<BcContact>[]> {
    return mapLimited(drafts, WRITES_IN_FLIGHT, (draft) => {
      const body: Json = { type: draft.type };
      for (const f of SYNC_FIELDS) body[f] = draft[f];
      return this.write('POST', `${this.company}/contacts`, body, {});
    });
  }

  /** One PATCH per contact (If-Match: its etag), WRITES_IN_FLIGHT at once; results in order. */
  async update(updates: readonly BcUpdate[]): Promise<WriteOutcome<BcContact>[]> {
    return mapLimited(updates, WRITES_IN_FLIGHT, (u) => {
      const url = `${this.company}/contacts(${encodeURIComponent(u.id)})`;
      return this.write('PATCH', url, { ...u.patch }, { 'if-match': u.etag });
    });
  }

  private async write(
    method: 'POST' | 'PATCH',
    url: string,
    body: Json,
    headers: Record<string, string>,
  ): Promise<WriteOutcome<BcContact>> {
    try {
      return { ok: true, value: toBcContact(await this.send(method, url, body, headers)) };
    } catch (e) {
      if (e instanceof BcApiError) return { ok: false, error: e.toPortError(true) };
      throw e;
    }
  }

  private async read(url: string): Promise<Json> {
    try {
      return await this.send('GET', url, undefined, {});
    } catch (e) {
      throw portFailure(e);
    }
  }

  private async readPages(first: string): Promise<BcContact[]> {
    return (await this.readRows(first)).map(toBcContact);
  }

  /** Follows `@odata.nextLink` to the end; links must stay on the API's origin (the token goes along). */
  private async readRows(first: string): Promise<Json[]> {
    const origin = new URL(this.options.baseUrl).origin;
    const out: Json[] = [];
    let url: string | null = first;
    while (url !== null) {
      const json = await this.read(url);
      out.push(...values(json));
      const next = json['@odata.nextLink'];
      url = typeof next === 'string' ? next : null;
      if (url !== null && new URL(url).origin !== origin) {
        throw new PortFailure('unavailable', `nextLink leaves the API origin: ${url}`);
      }
    }
    return out;
  }

  /**
   * One request with retries under the policy Graph calls use: 429 waits for Retry-After (up to
   * maxThrottledAttempts), 502/503/504 back off (up to maxAttempts); a lost connection is retried
   * only for reads, since a write may have been applied.
   */
  private async send(method: string, url: string, body: Json | undefined, headers: Record<string, string>) {
    const budget = new RetryBudget(this.retry);
    for (;;) {
      let error: BcApiError;
      try {
        this.requests++;
        const res = await this.doFetch(url, {
          method,
          headers: {
            authorization: `Bearer ${await this.options.getToken()}`,
            accept: 'application/json',
            ...(method === 'GET' ? { prefer: `odata.maxpagesize=${this.options.pageSize ?? 1000}` } : {}),
            ...(body ? { 'content-type': 'application/json' } : {}),
            ...headers,
          },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
        if (res.ok) return res.status === 204 ? {} : ((await res.json()) as Json);
        error = await errorFromResponse(res, this.nowMs());
      } catch (e) {
        // A cancelled run's call is not a lost answer: it ends the run, nothing is retried.
        if (e instanceof BcApiError || isCancellation(e)) throw e;
        error = errorFromNetwork(e);
        if (method !== 'GET' && error.outcomeUnknown) throw error;
      }
      if (error.status === 429) this.throttled++;
      const retryable = error.retryable || error.status === 0;
      if (!retryable || budget.spent(error.status)) throw error;
      await this.sleep(retryDelay(error, budget.attempts, this.retry, this.random));
    }
  }
}

/** A read's failure as the port reports it; anything else (a cancellation) as it is. */
function portFailure(e: unknown): unknown {
  return e instanceof BcApiError ? new PortFailure(e.kind(false), e.toPortError(false).message) : e;
}
