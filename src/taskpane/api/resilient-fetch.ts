/**
 * The pane's one way to the network: every request from the pane (facade, BC API, sync state, Graph)
 * goes through this fetch, which
 * - ends each attempt after `timeoutMs` (the caller's signal still cancels at once);
 * - retries transient failures (no answer, 429, 502, 503, 504) with exponential back-off, honouring
 *   Retry-After — only for requests that are safe to repeat. The engineering rule: a write whose
 *   outcome is unknown is checked before it is repeated, so this layer repeats only what needs no
 *   check (trust item 5): reads; PUT, since every PUT the pane sends is a whole state (settings, a
 *   run record, a cursor: http-state-store.ts, facade-api.ts), the same by content however often it
 *   lands; and a DELETE only when the server said it did nothing (429, 503). A DELETE whose outcome
 *   is unknown (no answer, or 502/504: a gateway that lost the origin's answer) goes back to its
 *   caller, whose layer checks it (graph/contact-writes.ts: a 404 after a lost attempt is done) —
 *   sent again here, the 404 of its own earlier success came back as a failure. A POST or PATCH
 *   whose answer was lost may have been applied: never repeated here;
 * - on 401, asks the token source for a fresh token once and replays (a restarted facade in dev
 *   mode signs with new keys; an expired token in production);
 * - gives every POST to the facade a fresh `Idempotency-Key` (a UUID), so the facade answers a POST
 *   the browser sends again by itself (a keep-alive connection closed before the answer) with the
 *   first answer instead of doing it twice (issue 9; server/idempotency.ts).
 * Nothing is cached here, so a failure never outlives its request.
 */

import { parseRetryAfter } from '../../platform/retry-policy.js';
import { reportedSleep, retryWaitReason } from '../../core/run-waits.js';
import type { WaitReporter, WaitService } from '../../core/run-waits.js';

export interface ResilienceOptions {
  /** Attempts per request, the first included. */
  readonly attempts?: number;
  /** Milliseconds before attempt `n + 1` (n = 1, 2, …). */
  readonly backoffMs?: (n: number) => number;
  /** Per attempt; streams (`accept: text/event-stream`) have none. */
  readonly timeoutMs?: number;
  /** Injected for tests: waits `ms`, or rejects when `signal` aborts. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** A fresh bearer token for the request's URL after a 401; null: no token to renew. */
  readonly renewToken?: (url: string) => Promise<string | null>;
  /**
   * Whether a POST to `url` gets an Idempotency-Key: the facade's (the pane's origin), not Graph's,
   * which has no such header (it would also need CORS approval). Absent: no POST gets one.
   */
  readonly idempotencyKeyFor?: (url: string) => boolean;
  /** Injected for tests: a new key. */
  readonly newKey?: () => string;
  /**
   * Hears each retry's wait (the pane's run's, through a WaitsRelay: core/run-waits.ts), as the
   * wait of the service `serviceOf` names for the request's URL (null: not a run's service).
   */
  readonly waits?: WaitReporter;
  readonly serviceOf?: (url: string) => WaitService | null;
}

/** Sent again after any transient failure: reads, and whole-state PUTs (see above). */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'PUT', 'OPTIONS']);
/** Sent again only after an answer that says nothing was done (see above). */
const SAFE_WHEN_REFUSED = new Set(['DELETE']);
const TRANSIENT_STATUS = new Set([429, 502, 503, 504]);
/** Transient answers that say the request was not carried out (throttled, unavailable). */
const REFUSED_STATUS = new Set([429, 503]);
const DEFAULT_ATTEMPTS = 4;
const defaultBackoff = (n: number): number => Math.min(8_000, 500 * 2 ** (n - 1));
const DEFAULT_TIMEOUT_MS = 30_000;

function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

function retryAfterMs(res: Response): number | null {
  return parseRetryAfter(res.headers.get('retry-after'), Date.now());
}

export function resilientFetch(fetchFn: typeof fetch, options: ResilienceOptions = {}): typeof fetch {
  const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
  const backoff = options.backoffMs ?? defaultBackoff;
  const sleep = options.sleep ?? realSleep;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return async (input, init = {}) => {
    const request = new Request(input, init);
    const method = request.method.toUpperCase();
    const url = request.url;
    const body =
      init.body ?? (method === 'GET' || method === 'HEAD' ? undefined : await request.clone().text());
    const headers = new Headers(request.headers);
    if (method === 'POST' && !headers.has('idempotency-key') && options.idempotencyKeyFor?.(url))
      headers.set('idempotency-key', (options.newKey ?? (() => crypto.randomUUID()))());
    const stream = headers.get('accept')?.includes('text/event-stream') ?? false;
    const caller = init.signal ?? undefined;
    let renewed = false;
    for (let attempt = 1; ; attempt++) {
      const signals = [caller, stream ? undefined : AbortSignal.timeout(timeoutMs)].filter(
        (s): s is AbortSignal => s !== undefined,
      );
      const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
      let res: Response | null = null;
      let failure: unknown = null;
      try {
        res = await fetchFn(url, { ...init, method, headers, body, ...(signal ? { signal } : {}) });
      } catch (e) {
        if (caller?.aborted) throw e;
        failure = e;
      }
      if (res?.status === 401 && !renewed && options.renewToken && headers.has('authorization')) {
        const token = await options.renewToken(url);
        if (token) {
          renewed = true;
          headers.set('authorization', `Bearer ${token}`);
          attempt--;
          continue;
        }
      }
      const transient = res === null || TRANSIENT_STATUS.has(res.status);
      const repeatable =
        SAFE_METHODS.has(method) ||
        (SAFE_WHEN_REFUSED.has(method) && res !== null && REFUSED_STATUS.has(res.status));
      if (!transient || !repeatable || attempt >= attempts) {
        if (res) return res;
        throw failure;
      }
      const told = res && retryAfterMs(res);
      const ms = told ?? backoff(attempt);
      const service = options.serviceOf?.(url) ?? null;
      const reason =
        service && retryWaitReason(service, { status: res?.status ?? 0, retryAfterMs: told ?? null });
      await reportedSleep(
        (t) => sleep(t, caller),
        reason ? options.waits : undefined,
        reason || 'outlookRetry',
        ms,
      );
    }
  };
}
