import { reportedSleep, retryWaitReason } from '../core/run-waits.js';
import type { WaitReporter } from '../core/run-waits.js';
import type { PortErrorKind } from '../core/port-errors.js';
import { CancelRequestedError, LeaseLostError } from '../core/run-errors.js';
import type { RunFailureSource } from '../core/run-errors.js';
import { StateStoreRefusal, assertStorableText, isStateRefusal } from '../core/state-refusal.js';
import { DEFAULT_TIMEOUTS, abortableSleep, isCancellation, withDeadline } from '../platform/deadline.js';
import { CallTimeoutError } from '../platform/call-timeout-error.js';
import { DEFAULT_RETRY, RetryBudget, parseRetryAfter, retryDelay } from '../platform/retry-policy.js';
import type { Unanswered } from '../platform/retry-policy.js';

/**
 * Any failure of the sync API as this client sees it: HTTP status (0: no response), code, message.
 * @internal
 */
export class SyncApiError extends Error implements RunFailureSource {
  override readonly name = 'SyncApiError';
  /** The facade's Retry-After in milliseconds; null when it gave none. */
  retryAfterMs: number | null = null;
  /** No whole answer within the request's timeout (status 0): the request may have landed. */
  timedOut = false;
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly { readonly target: string; readonly message: string }[] = [],
  ) {
    super(message);
  }

  /** The pane's run whose sync state could not be read or saved ends saying so (F93). */
  runFailure(): { code: 'storeFailed'; params: Record<string, string | number> } {
    const error: PortErrorKind =
      this.status === 429 ? 'throttled' : this.status === 0 || this.status >= 500 ? 'unavailable' : 'invalid';
    return { code: 'storeFailed', params: { error, status: this.status, serviceCode: this.code } };
  }
}

/** The facade's error code for a fenced write of a run that no longer holds its lease. */
const LEASE_LOST_CODE = 'LeaseLost';
const CANCEL_REQUESTED_CODE = 'RunCancelRequested';
/** The facade still runs the first request of this Idempotency-Key (server/idempotency.ts): send it again later. */
const KEY_IN_PROGRESS_CODE = 'IdempotencyKeyInProgress';

/**
 * Methods a request of which may be sent again as it is: a read, or a PUT, which stores a whole
 * record (settings, a cursor, a run record), the same however often it lands. A POST is sent again
 * only with the Idempotency-Key of its first attempt (every POST route of the facade honours it:
 * server/idempotency.ts), so a repeat is answered the first answer, not done twice. Anything else
 * (DELETE, PATCH: no state route has one) is not sent again after an unknown outcome.
 */
const REPEATABLE = new Set(['GET', 'HEAD', 'PUT']);

/**
 * Failures after which the request's outcome is unknown or nothing was done, so a repeatable
 * request goes again: no answer (connection refused or lost, or past its timeout: status 0), a
 * gateway's 502/504, 503 unavailable, and the facade's `IdempotencyKeyInProgress` (the first
 * attempt still runs there).
 */
function outcomeUnknown(e: SyncApiError): boolean {
  return (
    e.status === 0 ||
    e.status === 502 ||
    e.status === 503 ||
    e.status === 504 ||
    e.code === KEY_IN_PROGRESS_CODE
  );
}

export type Query = Record<string, string | number | undefined>;

/** How the sync API is reached: its deadline per request and the run's signal. */
export interface SyncApiCallOptions {
  /** Per request, in milliseconds (default 60 s, as BC's); no whole answer by then is a lost answer. */
  readonly timeoutMs?: number;
  /** The run's signal: Cancel aborts a request in flight and refuses later ones (issue 9 §3). */
  readonly signal?: AbortSignal;
  /** Waits before a request refused 429 is sent again (tests inject a recording one). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** [0, 1): the retry delay's jitter. */
  readonly random?: () => number;
  /** A fresh Idempotency-Key for a POST (tests inject a counter); default crypto.randomUUID. */
  readonly newKey?: () => string;
  /** Hears each retry's wait (syncThrottled): the run's (core/run-waits.ts) in the pane's engine. */
  readonly waits?: WaitReporter;
}

/**
 * One request to the facade's sync API with the caller's bearer token: the answer's JSON body, or
 * the failure as an error (a state store's refusal as the typed `StateStoreRefusal`, a fenced
 * write refused as `LeaseLostError`). Every request carries a deadline and the run's signal
 * (platform/deadline.ts).
 */
export class SyncApiCaller {
  private readonly base: string;
  private readonly doFetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly newKey: () => string;
  private readonly waits: WaitReporter | undefined;
  /** This caller's timed-out attempts (one caller per pane run): the run's bound on them (RetryBudget). */
  private readonly unanswered: Unanswered = { count: 0 };

  constructor(
    baseUrl: string,
    private readonly getToken: () => Promise<string> | string,
    fetchImpl?: typeof fetch,
    options: SyncApiCallOptions = {},
  ) {
    this.base = baseUrl.replace(/\/+$/, '');
    this.doFetch = withDeadline(fetchImpl ?? ((input, init) => globalThis.fetch(input, init)), {
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUTS.stateMs,
      signal: options.signal,
    });
    this.sleep = abortableSleep(
      options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      options.signal,
    );
    this.random = options.random ?? Math.random;
    this.waits = options.waits;
    this.newKey = options.newKey ?? (() => globalThis.crypto.randomUUID());
  }

  /**
   * `send`, sent again under the one retry policy of every outbound call (platform/retry-policy.ts):
   * - after a 429 when the facade says when (Retry-After): a 429 is answered before any work
   *   (server/work-limits.ts), so any method may go again;
   * - after an unknown outcome (`outcomeUnknown`: a lost answer, a timeout, 502/503/504) when a
   *   repeat is safe (`REPEATABLE`, or a POST with its Idempotency-Key): a request delivered whose
   *   answer was lost ended the run storeFailed while its write had landed (attack F1: the run's
   *   final record PUT, 60 s, then "could not be reached" beside a stored `succeeded`). Timed-out
   *   attempts are bounded per call and per caller (maxTimedOutAttempts), the others by maxAttempts;
   *   the waits back off as every client's do, and end at once on the run's signal.
   * Every POST carries one Idempotency-Key for all its attempts, so a repeat is never done twice.
   * @throws as `send`: the last failure once the policy's attempts are spent, or at once when a
   *   repeat would not be safe or the failure is an answer (a refusal, 4xx, 500).
   */
  async call<T = void>(method: string, path: string, query: Query, body?: unknown): Promise<T> {
    const budget = new RetryBudget(DEFAULT_RETRY, this.unanswered);
    const verb = method.toUpperCase();
    const key = verb === 'POST' ? this.newKey() : undefined;
    const repeatable = REPEATABLE.has(verb) || key !== undefined;
    for (;;) {
      try {
        return await this.send<T>(method, path, query, body, key);
      } catch (e) {
        if (!(e instanceof SyncApiError)) throw e;
        if (e.timedOut) this.unanswered.count++;
        if (e.status === 429) {
          if (e.retryAfterMs === null || budget.spent(429)) throw e;
        } else if (!repeatable || !outcomeUnknown(e) || budget.spent(e.status, e.timedOut)) throw e;
        const ms = retryDelay(e, budget.attempts, DEFAULT_RETRY, this.random);
        await reportedSleep(this.sleep, this.waits, retryWaitReason('sync', e), ms);
      }
    }
  }

  /**
   * @throws StateStoreRefusal a value no store keeps (here, before sending) or the facade's refusal of one.
   * @throws CallCancelledError the run's signal aborted before the whole answer came.
   * @throws SyncApiError any other failure: status 0 with `NetworkError` when no answer came in time
   *   or the connection failed, else the facade's status and code.
   */
  private async send<T>(
    method: string,
    path: string,
    query: Query,
    body: unknown,
    idempotencyKey: string | undefined,
  ): Promise<T> {
    // Refused here as every other store refuses it (same typed StateStoreRefusal), before the facade's
    // input guard would answer a generic 400 for the NUL.
    if (body !== undefined) assertStorableText(body);
    let response: Response;
    try {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
      const qs = params.toString();
      const token = await this.getToken();
      const headers: Record<string, string> = {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
      };
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
      response = await this.doFetch(`${this.base}${path}${qs ? `?${qs}` : ''}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (e) {
      // A cancelled run ends `cancelled`, not as a store that failed.
      if (e instanceof SyncApiError || isCancellation(e)) throw e;
      const error = new SyncApiError(
        0,
        'NetworkError',
        `The sync API could not be reached: ${(e as Error).message}`,
      );
      error.timedOut = e instanceof CallTimeoutError;
      throw error;
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      const error = errorOf(response.status, text);
      if (error instanceof SyncApiError)
        error.retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
      throw error;
    }
    if (response.status === 204 || text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new SyncApiError(
        response.status,
        'InvalidResponse',
        `The sync API sent a body that is not JSON.`,
      );
    }
  }
}

/**
 * The facade's error body as this client's error: a state store's refusal comes back as the same
 * typed `StateStoreRefusal` every store throws (its detail's `reason` is the refusal as data).
 */
function errorOf(
  status: number,
  text: string,
): SyncApiError | StateStoreRefusal | LeaseLostError | CancelRequestedError {
  try {
    const body = JSON.parse(text) as {
      error?: {
        code?: string;
        message?: string;
        details?: (SyncApiError['details'][number] & { readonly reason?: unknown })[];
      };
    };
    const refusal = body.error?.details?.[0]?.reason;
    if ((status === 400 || status === 409) && isStateRefusal(refusal)) return new StateStoreRefusal(refusal);
    // A fenced write of a run that lost its lease (lease-fence.ts): the run ends `leaseLost`.
    if (status === 409 && body.error?.code === LEASE_LOST_CODE)
      return new LeaseLostError(`leaseLost: ${body.error.message ?? ''}`);
    // A save of a run whose cancel was asked elsewhere (sql-run-records.ts): the run ends `cancelled`.
    if (status === 409 && body.error?.code === CANCEL_REQUESTED_CODE)
      return new CancelRequestedError(`cancelRequested: ${body.error.message ?? ''}`);
    if (body.error?.message)
      return new SyncApiError(
        status,
        body.error.code ?? 'Error',
        body.error.message,
        body.error.details ?? [],
      );
  } catch {
    // Not our error body (a proxy's page): report the status.
  }
  return new SyncApiError(status, 'HttpError', `The sync API answered ${status}.`);
}
