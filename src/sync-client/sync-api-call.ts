import { reportedSleep, retryWaitReason } from '../core/run-waits.js';
import type { WaitReporter } from '../core/run-waits.js';
import type { PortErrorKind } from '../core/port-errors.js';
import { CancelRequestedError, LeaseLostError } from '../core/run-errors.js';
import type { RunFailureSource } from '../core/run-errors.js';
import { StateStoreRefusal, assertStorableText, isStateRefusal } from '../core/state-refusal.js';
import { DEFAULT_TIMEOUTS, abortableSleep, isCancellation, withDeadline } from '../platform/deadline.js';
import { DEFAULT_RETRY, RetryBudget, parseRetryAfter, retryDelay } from '../platform/retry-policy.js';

/**
 * Any failure of the sync API as this client sees it: HTTP status (0: no response), code, message.
 * @internal
 */
export class SyncApiError extends Error implements RunFailureSource {
  override readonly name = 'SyncApiError';
  /** The facade's Retry-After in milliseconds; null when it gave none. */
  retryAfterMs: number | null = null;
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
  /** Hears each 429's wait (syncThrottled): the run's (core/run-waits.ts) in the pane's engine. */
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
  private readonly waits: WaitReporter | undefined;

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
  }

  /**
   * `send`, sent again after a 429 when the facade says when (Retry-After), under the one retry
   * policy of every outbound call (platform/retry-policy.ts). A 429 is answered before any work
   * (the rate limit, the bulk-work limit: server/work-limits.ts), so any method may be repeated;
   * every other failure is thrown at once as before.
   * @throws as `send`; a 429 once the policy's throttled attempts are spent.
   */
  async call<T = void>(method: string, path: string, query: Query, body?: unknown): Promise<T> {
    const budget = new RetryBudget(DEFAULT_RETRY);
    for (;;) {
      try {
        return await this.send<T>(method, path, query, body);
      } catch (e) {
        if (!(e instanceof SyncApiError) || e.status !== 429 || e.retryAfterMs === null) throw e;
        if (budget.spent(429)) throw e;
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
  private async send<T>(method: string, path: string, query: Query, body?: unknown): Promise<T> {
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
      response = await this.doFetch(`${this.base}${path}${qs ? `?${qs}` : ''}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (e) {
      // A cancelled run ends `cancelled`, not as a store that failed.
      if (e instanceof SyncApiError || isCancellation(e)) throw e;
      throw new SyncApiError(0, 'NetworkError', `The sync API could not be reached: ${(e as Error).message}`);
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
