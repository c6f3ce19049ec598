import { RetryBudget, retryDelay } from '../platform/retry-policy.js';
import type { RetryPolicy } from '../platform/retry-policy.js';
import { BcApiError } from './bc-api-error.js';
import { parseRetryAfter } from '../platform/retry-policy.js';

type Json = Record<string, unknown>;

/**
 * Operations one `$batch` carries at most: Business Central's limit ("A $batch request can contain
 * a maximum of 100 operations", learn.microsoft.com, Business Central "Work with API limits").
 */
export const MAX_BATCH_OPERATIONS = 100;

/** One operation of an OData JSON batch; `url` is relative to the API root (`companies(…)/contacts`). */
export interface BatchOperation {
  readonly method: 'GET' | 'POST' | 'PATCH';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Json;
}

/** What one operation came to: its answer's body, or the error it ended with after retries. */
export type OperationOutcome =
  { readonly ok: true; readonly body: Json } | { readonly ok: false; readonly error: BcApiError };

export interface BatchDeps {
  /** Sends one envelope `{requests}` with the adapter's retries for the envelope; throws BcApiError. */
  readonly send: (requests: readonly Json[]) => Promise<Json>;
  readonly retry: RetryPolicy;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly nowMs: () => number;
  /** Called for every operation answered 429 (the adapter's throttle count). */
  readonly onThrottled: () => void;
}

interface SubResponse {
  readonly id?: unknown;
  readonly status?: unknown;
  readonly headers?: Record<string, unknown>;
  readonly body?: unknown;
}

/** A failed operation's answer as the adapter's one error type (same codes as a request of its own). */
function errorOfOperation(r: SubResponse, nowMs: number): BcApiError {
  const status = typeof r.status === 'number' ? r.status : 0;
  const err = (r.body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const code = typeof err?.code === 'string' ? err.code : `Http${status}`;
  const message = typeof err?.message === 'string' ? err.message : `HTTP ${status}`;
  const headers = Object.fromEntries(Object.entries(r.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const retryAfter = typeof headers['retry-after'] === 'string' ? headers['retry-after'] : null;
  return new BcApiError(status, code, message, parseRetryAfter(retryAfter, nowMs));
}

/** No answer for an operation in a 200 envelope: whether it ran is not known (BcApiError status 0). */
const MISSING = (): BcApiError =>
  new BcApiError(0, 'NetworkError', 'The $batch answer has no response for this operation.');

/**
 * Sends up to MAX_BATCH_OPERATIONS operations in one `$batch` (Business Central API v2.0, OData
 * JSON batch) and settles each: a 2xx is its body; an operation answered 429 or 502/503/504 goes
 * again in a smaller envelope after the longest wait asked (Retry-After, else backoff), under the
 * same per-operation budget a request of its own has; anything else is that operation's error.
 * When the envelope itself fails, every operation still open ends with that error (a lost answer
 * to a batch of writes leaves each write's outcome unknown). Results in the operations' order.
 */
export async function runBatch(ops: readonly BatchOperation[], deps: BatchDeps): Promise<OperationOutcome[]> {
  if (ops.length > MAX_BATCH_OPERATIONS) throw new RangeError(`at most ${MAX_BATCH_OPERATIONS} operations`);
  const out = new Array<OperationOutcome>(ops.length);
  const budgets = ops.map(() => new RetryBudget(deps.retry));
  let open = ops.map((_, i) => i);
  while (open.length > 0) {
    let answer: Json;
    try {
      answer = await deps.send(open.map((i) => ({ id: String(i), ...ops[i] })));
    } catch (e) {
      if (!(e instanceof BcApiError)) throw e;
      for (const i of open) out[i] = { ok: false, error: e };
      break;
    }
    const responses = Array.isArray(answer.responses) ? (answer.responses as SubResponse[]) : [];
    const byId = new Map(responses.map((r) => [String(r.id), r]));
    const again: number[] = [];
    let wait = 0;
    for (const i of open) {
      const r = byId.get(String(i));
      const status = typeof r?.status === 'number' ? r.status : 0;
      if (r && status >= 200 && status < 300) {
        out[i] = { ok: true, body: (r.body ?? {}) as Json };
        continue;
      }
      const error = r ? errorOfOperation(r, deps.nowMs()) : MISSING();
      if (error.status === 429) deps.onThrottled();
      const budget = budgets[i] as RetryBudget;
      if (error.retryable && !budget.spent(error.status)) {
        again.push(i);
        wait = Math.max(wait, retryDelay(error, budget.attempts, deps.retry, deps.random));
      } else out[i] = { ok: false, error };
    }
    if (again.length > 0) await deps.sleep(wait);
    open = again;
  }
  return out;
}
