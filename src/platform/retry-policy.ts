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
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 6,
  maxThrottledAttempts: 30,
  baseDelayMs: 250,
  maxDelayMs: 30_000,
};

/**
 * Retry-After is either delta-seconds (Graph sends fractions such as "2.128") or an HTTP-date.
 * Returns milliseconds, or null when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (text === '') return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP-date names a weekday and month; anything else ("-3") is unreadable, not a year.
  if (!/[a-z]{3}/i.test(text)) return null;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - nowMs);
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

  constructor(private readonly policy: RetryPolicy) {}

  /** Records a failed attempt; true when no attempt is left. */
  spent(status: number): boolean {
    if (status === 429) this.throttles++;
    else this.failures++;
    return this.failures >= this.policy.maxAttempts || this.throttles >= this.policy.maxThrottledAttempts;
  }

  /** Attempts failed so far, of any kind (the backoff's exponent). */
  get attempts(): number {
    return this.failures + this.throttles;
  }
}
