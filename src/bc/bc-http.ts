import { reportedSleep, retryWaitReason } from '../core/run-waits.js';
import type { WaitReporter } from '../core/run-waits.js';
import { DEFAULT_TIMEOUTS, abortableSleep, isCancellation, withDeadline } from '../platform/deadline.js';
import { DEFAULT_RETRY, RetryBudget, retryDelay } from '../platform/retry-policy.js';
import type { RetryPolicy } from '../platform/retry-policy.js';
import { PortFailure } from '../core/ports.js';
import { checkedWalk, refusalLog } from '../platform/page-walk.js';
import type { CheckedWalk } from '../platform/page-walk.js';
import { BcApiError, errorFromAnswer, errorFromNetwork } from './bc-api-error.js';
import type { BatchOperation } from './bc-batch.js';
import { toBcContact, values } from './bc-wire.js';
import { TextPool } from '../core/text-pool.js';
import type { Json } from './bc-wire.js';
import type { BcContact } from '../core/model.js';

export interface BcHttpOptions {
  /** The API root, e.g. `https://host/api/v2.0` (the facade) or a tenant's `…/api/v2.0`. */
  readonly baseUrl: string;
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
  /** Hears each retry's wait (a 429's or 503's Retry-After, a backoff): the run's (core/run-waits.ts). */
  readonly waits?: WaitReporter;
}

/**
 * BC's HTTP for HttpBcContacts: one attempt (bearer token, JSON, deadline), a request with retries
 * under the shared policy, `$batch` envelopes and paged reads that stay on the API's origin. Counts
 * the requests sent and the throttled answers.
 */
export class BcHttp {
  /** The API root, e.g. `https://host/api/v2.0`. */
  readonly root: string;
  readonly sleep: (ms: number) => Promise<void>;
  readonly waits: WaitReporter | undefined;
  readonly nowMs: () => number;
  readonly random: () => number;
  readonly retry: RetryPolicy;
  requests = 0;
  throttled = 0;
  private readonly doFetch: typeof fetch;

  constructor(private readonly options: BcHttpOptions) {
    this.doFetch = withDeadline(options.fetch ?? ((input, init) => fetch(input, init)), {
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUTS.bcMs,
      signal: options.signal,
    });
    this.sleep = abortableSleep(
      options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      options.signal,
    );
    this.waits = options.waits;
    this.nowMs = options.nowMs ?? (() => Date.now());
    this.random = options.random ?? Math.random;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.root = options.baseUrl.replace(/\/+$/, '');
  }

  stats(): { requests: number; throttled: number } {
    return { requests: this.requests, throttled: this.throttled };
  }

  /** One attempt of an envelope of writes: runBatch decides per write what happens after a failure. */
  async sendEnvelope(requests: readonly Json[]): Promise<Json> {
    const a = await this.attempt('POST', `${this.root}/$batch`, { requests }, {});
    if (a.status >= 200 && a.status < 300) return a.body ?? {};
    throw errorFromAnswer(a.status, a.headers, a.body, this.nowMs());
  }

  /** One write as a plain request, answered like a one-operation `$batch` (runBatch settles it). */
  async sendAlone(request: Json): Promise<Json> {
    const op = request as unknown as BatchOperation & { readonly id: string };
    const a = await this.attempt(op.method, `${this.root}/${op.url}`, op.body, { ...op.headers });
    return { responses: [{ id: op.id, status: a.status, headers: a.headers, body: a.body }] };
  }

  async read(url: string): Promise<Json> {
    try {
      return await this.send('GET', url, undefined, {});
    } catch (e) {
      throw portFailure(e);
    }
  }

  async readPages(first: string): Promise<BcContact[]> {
    // One pool for the read: a company's contacts share their company's texts (text-pool.ts).
    const pool = new TextPool();
    return (await this.readRows(first)).map((j) => toBcContact(j, pool));
  }

  /**
   * Follows `@odata.nextLink` to the end; each request checked by `walk` (links stay on the API's
   * origin: the token goes along; none twice; at most MAX_PAGES).
   */
  async readRows(first: string, walk: CheckedWalk = this.walk()): Promise<Json[]> {
    const out: Json[] = [];
    let url: string | null = first;
    while (url !== null) {
      walk.check(url);
      const json = await this.read(url);
      out.push(...values(json));
      const next = json['@odata.nextLink'];
      url = typeof next === 'string' ? next : null;
    }
    return out;
  }

  /**
   * A walk over this API's answers (platform/page-walk.ts); refused: PortFailure `unavailable`,
   * status 502 (the API answered wrongly), the refusal's code as serviceCode.
   */
  walk(): CheckedWalk {
    return checkedWalk(
      this.options.baseUrl,
      (r) => new PortFailure('unavailable', refusalLog(r), { status: 502, serviceCode: r.code }),
    );
  }

  /**
   * One request with retries under the policy Graph calls use: 429 waits for Retry-After (up to
   * maxThrottledAttempts), 502/503/504 back off (up to maxAttempts), a lost connection is retried —
   * for reads only (`safe`: a GET, or a `$batch` of GETs). A write is never sent again here, whatever
   * its failure: writes go through runBatch (sendAlone, sendEnvelope), which checks one of unknown
   * outcome and asks the caller's SendAgain before any goes again (folderlease: a write given here
   * was sent again after a 429's wait, asking nothing).
   */
  async send(
    method: string,
    url: string,
    body: Json | undefined,
    headers: Record<string, string>,
    safe = method === 'GET',
  ): Promise<Json> {
    const budget = new RetryBudget(this.retry);
    for (;;) {
      let error: BcApiError;
      try {
        const a = await this.attempt(method, url, body, headers);
        if (a.status >= 200 && a.status < 300) return a.body ?? {};
        error = errorFromAnswer(a.status, a.headers, a.body, this.nowMs());
      } catch (e) {
        // A cancelled run's call is not a lost answer: it ends the run, nothing is retried.
        if (!(e instanceof BcApiError)) throw e;
        error = e;
      }
      if (error.status === 429) this.throttled++;
      if (!safe) throw error;
      const retryable = error.retryable || error.status === 0;
      if (!retryable || budget.spent(error.status)) throw error;
      const ms = retryDelay(error, budget.attempts, this.retry, this.random);
      await reportedSleep(this.sleep, this.waits, retryWaitReason('bc', error), ms);
    }
  }

  /**
   * One HTTP attempt: the answer, whatever its status (the body as JSON, null when empty or, for a
   * failure, unreadable). A 2xx whose body cannot be read lost its answer on the way.
   * @throws BcApiError status 0 when no answer arrived; a cancellation as it is.
   */
  async attempt(
    method: string,
    url: string,
    body: Json | undefined,
    headers: Readonly<Record<string, string>>,
  ): Promise<{ status: number; headers: Record<string, string>; body: Json | null }> {
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
      const ok = res.status >= 200 && res.status < 300;
      const json =
        res.status === 204 ? null : ok ? ((await res.json()) as Json) : await res.json().catch(() => null);
      const answerHeaders: Record<string, string> = {};
      res.headers.forEach((v, k) => (answerHeaders[k] = v));
      return { status: res.status, headers: answerHeaders, body: json as Json | null };
    } catch (e) {
      if (isCancellation(e)) throw e;
      throw errorFromNetwork(e);
    }
  }
}

/** A read's failure as the port reports it; anything else (a cancellation) as it is. */
export function portFailure(e: unknown): unknown {
  return e instanceof BcApiError ? portFailureOf(e) : e;
}

/** A failed read as the port's failure, with BC's status and error code as data. */
export function portFailureOf(e: BcApiError): PortFailure {
  const { kind, message, status, serviceCode } = e.toPortError(false);
  return new PortFailure(kind, message, { status, serviceCode });
}
