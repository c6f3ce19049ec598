/**
 * The one retry policy of every outbound service call (Graph and Business Central, issue 11 §2):
 * 429 waits for the server's Retry-After and may be met many times (throttling is the service
 * telling us when to come back), other transient failures (502/503/504, a lost read) back off
 * exponentially and give up sooner. Browser-safe: the pane's adapters use it too.
 *
 * Sources: Graph "Microsoft Graph throttling guidance" and Business Central "Work with API limits"
 * (learn.microsoft.com) both answer 429 Too Many Requests with Retry-After in seconds.
 */

export interface RetryPolicy {
  /** Attempts per request or item for 5xx/network failures (first try included). */
  readonly maxAttempts: number;
  /** Attempts per request or item for 429s: Retry-After is honoured, so this cap can be generous. */
  readonly maxThrottledAttempts: number;
  /** Backoff base and cap when the server gave no Retry-After. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /**
   * Attempts that got no answer within their timeout, per request or item and per run (an
   * `Unanswered` count shared by the run's requests), after which one more is not made: a
   * service that does not answer ends the call after this many timeouts, not maxAttempts of them
   * (Graph: 6 × 60 s kept a run and its lease for 6 min). Default MAX_TIMED_OUT_ATTEMPTS.
   */
  readonly maxTimedOutAttempts?: number;
}

/** At most one retry after a timeout: the call ends with its second unanswered attempt. */
const MAX_TIMED_OUT_ATTEMPTS = 2;

/**
 * A run's unanswered attempts to one service, counted across its requests by whoever sends them
 * (once per HTTP attempt: a $batch envelope's 20 items time out as one), read by RetryBudget.
 */
export interface Unanswered {
  count: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 6,
  maxThrottledAttempts: 30,
  baseDelayMs: 250,
  maxDelayMs: 30_000,
};

/**
 * The longest wait an answer's Retry-After is taken for: 5 minutes. Graph's and BC's throttling
 * guidance shows waits of seconds; a day (86400) or an HTTP-date years ahead is a broken or hostile
 * answer that would hold a run, its lease and its mailbox's later runs that long — and past
 * setTimeout's 2^31 ms such a wait fires at once, no pause at all (attack A2). Equal to the longest
 * retry delay retryDelay gives (DEFAULT_RETRY.maxDelayMs × 10).
 * @internal exported for its test
 */
export const MAX_RETRY_AFTER_MS = 300_000;

/**
 * Retry-After is either delta-seconds (Graph sends fractions such as "2.128") or an HTTP-date.
 * Returns milliseconds, at most MAX_RETRY_AFTER_MS, or null when absent or unreadable. Every
 * reader of the header goes through here (Graph, BC, the sync API client, the pane's fetch).
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (text === '') return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.min(MAX_RETRY_AFTER_MS, Math.round(Number(text) * 1000));
  // An HTTP-date names a weekday and month; anything else ("-3") is unreadable, not a year.
  if (!/[a-z]{3}/i.test(text)) return null;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return null;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, date - nowMs));
}

/**
 * How long to wait before attempt `attempt + 1` (attempt counts from 1): the server's Retry-After
 * plus a little jitter (so parallel callers do not return in lockstep), else exponential backoff
 * with jitter. `random` returns [0, 1).
 */
export function retryDelay(
  error: { readonly retryAfterMs: number | null },
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
): number {
  if (error.retryAfterMs !== null) {
    const jitter = Math.min(error.retryAfterMs * 0.1, 1000) * random();
    return Math.min(error.retryAfterMs + jitter, policy.maxDelayMs * 10);
  }
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return exp / 2 + (random() * exp) / 2;
}

/**
 * Counts one request's failed attempts by kind; `spent` says the policy allows no further attempt
 * after this failure (429s against maxThrottledAttempts, anything else against maxAttempts).
 */
export class RetryBudget {
  private failures = 0;
  private throttles = 0;
  private timeouts = 0;

  /** `unanswered`: the run's count of timed-out attempts, kept by its sender (none: this request's own). */
  constructor(
    private readonly policy: RetryPolicy,
    private readonly unanswered?: Unanswered,
  ) {}

  /**
   * Records a failed attempt (`timedOut`: no answer within its timeout); true when no attempt is
   * left. A timed-out one is the last once this request or its run met maxTimedOutAttempts.
   */
  spent(status: number, timedOut = false): boolean {
    if (status === 429) this.throttles++;
    else this.failures++;
    const maxTimedOut = this.policy.maxTimedOutAttempts ?? MAX_TIMED_OUT_ATTEMPTS;
    if (timedOut) {
      this.timeouts++;
      if (Math.max(this.timeouts, this.unanswered?.count ?? 0) >= maxTimedOut) return true;
    }
    return this.failures >= this.policy.maxAttempts || this.throttles >= this.policy.maxThrottledAttempts;
  }

  /** Attempts failed so far, of any kind (the backoff's exponent). */
  get attempts(): number {
    return this.failures + this.throttles;
  }
}
