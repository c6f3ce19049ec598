import { DEFAULT_TIMEOUTS, withDeadline } from '../../platform/deadline.js';
import { CallTimeoutError } from '../../platform/call-timeout-error.js';
import { HttpError } from '../http-error.js';
import { shownInput } from '../../platform/shown-input.js';
import { checkedWalk, refusalLog } from '../../platform/page-walk.js';
import type { CheckedWalk } from '../../platform/page-walk.js';
import type { TenantGet } from './upstream-tracking.js';
import type { GetToken } from './upstream-token.js';
import { TokenRequestError } from './upstream-token.js';

type Json = Record<string, unknown>;

export interface TenantApiOptions {
  /** `${BC_BASE_URL}/${tenant}/${environment}/api/v2.0` (see `upstreamApiRoot`). */
  readonly apiRoot: string;
  readonly getToken: GetToken;
  readonly fetch?: typeof fetch;
  /** Per call to the tenant, in milliseconds (default 60 s, BC_TIMEOUT_MS). */
  readonly timeoutMs?: number;
  /** Sees every request to the tenant once answered: its method, path and status (0: no answer). For /metrics. */
  readonly onAnswer?: (request: {
    readonly method: string;
    readonly path: string;
    readonly status: number;
  }) => void;
}

/** One answer of the tenant: status, headers, the body parsed (`{}` when not a JSON object) and raw. */
interface TenantAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly json: Json;
  readonly body: string;
}

export function upstreamApiRoot(baseUrl: string, tenantId: string, environment: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(tenantId)}/${encodeURIComponent(environment)}/api/v2.0`;
}

/**
 * HTTP to a Business Central tenant's API v2.0: one request per call with its bearer token and a
 * deadline, BC's error answers turned into the facade's (its code and message, 429/503 with
 * Retry-After, other server faults 502, no answer 502/504), and the links BC gives followed only
 * while they stay under its API root (the token goes along).
 */
export class TenantApi {
  private readonly doFetch: typeof fetch;

  constructor(private readonly options: TenantApiOptions) {
    this.doFetch = withDeadline(options.fetch ?? ((i, init) => fetch(i, init)), {
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUTS.bcMs,
    });
  }

  async call(
    method: string,
    path: string,
    init: { query?: Record<string, string>; body?: Json; headers?: Record<string, string> } = {},
  ): Promise<TenantAnswer> {
    const qs = init.query ? new URLSearchParams(init.query).toString().replaceAll('+', '%20') : '';
    const url = `${this.options.apiRoot}${path}${qs ? `?${qs}` : ''}`;
    const token = await this.token();
    let res: Response;
    try {
      res = await this.doFetch(url, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(init.body ? { 'content-type': 'application/json' } : {}),
          ...init.headers,
        },
        ...(init.body ? { body: JSON.stringify(init.body) } : {}),
      });
    } catch (e) {
      this.options.onAnswer?.({ method, path, status: 0 });
      const timedOut = e instanceof CallTimeoutError;
      throw new HttpError(
        timedOut ? 504 : 502,
        timedOut ? 'Upstream_Timeout' : 'Upstream_Unavailable',
        `Business Central did not answer: ${(e as Error).message}`,
      );
    }
    this.options.onAnswer?.({ method, path, status: res.status });
    const body = res.status === 204 ? '' : await res.text().catch(() => '');
    const json = parseJson(body);
    if (!res.ok) {
      const err = (json.error ?? {}) as Json;
      // 429 and 503 pass through with BC's Retry-After: the facade does not retry (one upstream
      // request per facade request, issue 11 §2); its caller's BC adapter waits as told, under the
      // retry policy Graph calls use. Other server faults are the gateway's (502).
      const status =
        res.status === 429 || res.status === 503 ? res.status : res.status >= 500 ? 502 : res.status;
      const retryAfter = res.headers.get('retry-after');
      throw new HttpError(
        status,
        // BC's own words, which quote what the request sent (a property name, a key): shown as any
        // quoted input is, so an answer relayed is bounded and nothing in it hidden.
        shownInput(text(err.code)) || `Upstream_Http${res.status}`,
        shownInput(text(err.message), RELAYED_MESSAGE_MAX) || `HTTP ${res.status}`,
        undefined,
        retryAfter !== null && (status === 429 || status === 503) ? { 'retry-after': retryAfter } : undefined,
      );
    }
    return { status: res.status, headers: res.headers, json, body };
  }

  /**
   * The bearer token for the tenant. Entra's refusal of an on-behalf-of token is the user's (no
   * consent, a conditional access policy, an expired sign-in): 403; of the facade's own client
   * credentials, the gateway's (502); no answer from Entra: 504. The reason travels as data.
   */
  private async token(): Promise<string> {
    try {
      return await this.options.getToken();
    } catch (e) {
      if (!(e instanceof TokenRequestError)) throw e;
      const reason = {
        kind: 'tokenRefused',
        grant: e.grant,
        scope: e.scope,
        error: e.refusal?.error ?? null,
        aadsts: e.refusal?.aadsts ?? null,
      };
      const status = e.refusal === null ? 504 : e.grant === 'onBehalfOf' ? 403 : 502;
      const code = e.refusal === null ? 'Upstream_TokenUnavailable' : 'Upstream_TokenRefused';
      throw new HttpError(status, code, e.message, [{ target: 'authorization', message: e.message, reason }]);
    }
  }

  /** GET `path`; null for 404 (an entity that does not exist). */
  async getOrNull(path: string): Promise<Json | null> {
    try {
      return (await this.call('GET', path)).json;
    } catch (e) {
      if (e instanceof HttpError && e.status === 404) return null;
      throw e;
    }
  }

  /** One tracked GET, by path or by a link the tenant gave (upstream-tracking.ts). */
  readonly tracked: TenantGet = async (target, headers) => {
    const { path, query } = 'link' in target ? this.underRoot(target.link) : target;
    return { json: (await this.call('GET', path, { query, headers })).json };
  };

  /** Follows BC's nextLinks until `limit` entities or the end. */
  async readRows(path: string, query: Record<string, string>, limit: number): Promise<Json[]> {
    const out: Json[] = [];
    const walk = upstreamWalk();
    let page = await this.call('GET', path, { query });
    for (;;) {
      const value = Array.isArray(page.json.value) ? (page.json.value as Json[]) : [];
      out.push(...value);
      const next = page.json['@odata.nextLink'];
      if (out.length >= limit || typeof next !== 'string') return out.slice(0, limit);
      walk.check(next);
      const at = this.underRoot(next);
      page = await this.call('GET', at.path, { query: at.query });
    }
  }

  /** A link the tenant gave, as a path under its API root and options; 502 for any other link. */
  private underRoot(link: string): { path: string; query: Record<string, string> } {
    if (!link.startsWith(this.options.apiRoot))
      throw new HttpError(
        502,
        'Upstream_InvalidNextLink',
        'Business Central returned a link outside its API root.',
      );
    return {
      path: link.slice(this.options.apiRoot.length).split('?')[0]!,
      query: Object.fromEntries(new URL(link).searchParams),
    };
  }
}

/**
 * A walk over the tenant's links (platform/page-walk.ts): none twice, at most MAX_PAGES. Their
 * origin is kept by `underRoot` (a link is sent as a path under the API root, never as it is).
 * Refused: 502 of the refusal's code, as `underRoot`'s.
 */
export function upstreamWalk(): CheckedWalk {
  return checkedWalk(null, (r) => new HttpError(502, r.code, refusalLog(r)));
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The most characters of BC's own error message the facade relays (BC's run to a few hundred). */
const RELAYED_MESSAGE_MAX = 1000;

function parseJson(body: string): Json {
  try {
    const v: unknown = JSON.parse(body);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
  } catch {
    return {};
  }
}
