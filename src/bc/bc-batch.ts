import { reportedSleep, retryWaitReason } from '../core/run-waits.js';
import type { WaitReason, WaitReporter } from '../core/run-waits.js';
import { RetryBudget, retryDelay } from '../platform/retry-policy.js';
import type { RetryPolicy } from '../platform/retry-policy.js';
import { BcApiError, NOT_SENT_AGAIN, errorFromAnswer } from './bc-api-error.js';
import { isCancellation } from '../platform/deadline.js';
import type { SendAgain } from '../core/ports.js';

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
  /**
   * Sends one envelope `{requests}`; throws BcApiError. For reads it may retry the envelope itself;
   * for writes it makes one attempt and leaves every retry to runBatch.
   */
  readonly send: (requests: readonly Json[]) => Promise<Json>;
  readonly retry: RetryPolicy;
  readonly sleep: (ms: number) => Promise<void>;
  /** Hears the retries' waits (BcHttpOptions.waits). */
  readonly waits?: WaitReporter | undefined;
  readonly random: () => number;
  readonly nowMs: () => number;
  /** Called for every operation answered 429 (the adapter's throttle count). */
  readonly onThrottled: () => void;
  /**
   * Writes whose outcome is unknown (see `outcomeUnknown`), checked before any is sent again: the
   * map holds what each one found already applied came to (or a final error); an index left out
   * was not applied and is sent again. Throwing leaves all of them `unknownOutcome`, never resent.
   * Without it a write of unknown outcome is not sent again.
   */
  readonly check?: (indices: readonly number[]) => Promise<Map<number, OperationOutcome>>;
  /**
   * Asked after the wait, before writes go again (ports.ts SendAgain): false or a throw, and none
   * of them goes again; each ends NOT_SENT_AGAIN (not applied). Absent: they go again.
   */
  readonly again?: SendAgain;
}

/**
 * Statuses after which a write may have been applied: a gateway (502, 504) or the service (503)
 * answered in BC's place, possibly after BC committed — issue 9 §5 saw 10% of creates answered so
 * after being applied. A 500 answering one write is BC's own error (its transaction rolled back),
 * not one of these; a 500 answering a whole `$batch` is (`lostWithEnvelope`).
 */
const UNCERTAIN_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

/** Whether a write that ended with `error` may have been applied (lost answer, timeout, 502/503/504). */
function outcomeUnknown(error: BcApiError): boolean {
  return error.outcomeUnknown || UNCERTAIN_STATUSES.has(error.status);
}

/**
 * What a write in a `$batch` whose envelope failed with `error` came to: a 5xx answering the
 * envelope, not one operation, says nothing of the operations — BC runs a batch without atomicity
 * group one operation after another, each committed on its own, and the facade too (a gathered
 * run of creates in one insert), so the ones before the failure may be applied: the answer to
 * each write is lost, as with a timeout. Anything below 500 refused the envelope before it ran.
 */
function lostWithEnvelope(error: BcApiError): BcApiError {
  if (outcomeUnknown(error) || error.status < 500) return error;
  return new BcApiError(
    0,
    'NetworkError',
    `The $batch was answered ${error.status} (${error.code}: ${error.message}); its operations may have run.`,
    error.retryAfterMs,
  );
}

/** The final error of a write whose outcome could not be found out: the port's `unknownOutcome`. */
function stillUnknown(error: BcApiError, why: string): BcApiError {
  return new BcApiError(
    0,
    'NetworkError',
    `The outcome is unknown (${error.code}: ${error.message}); ${why}`,
  );
}

interface SubResponse {
  readonly id?: unknown;
  readonly status?: unknown;
  readonly headers?: Record<string, unknown>;
  readonly body?: unknown;
}

/** A failed operation's answer as the adapter's one error type (same codes as a request of its own). */
function errorOfOperation(r: SubResponse, nowMs: number): BcApiError {
  return errorFromAnswer(typeof r.status === 'number' ? r.status : 0, r.headers ?? {}, r.body, nowMs);
}

/** No answer for an operation in a 200 envelope: whether it ran is not known (BcApiError status 0). */
const MISSING = (): BcApiError =>
  new BcApiError(0, 'NetworkError', 'The $batch answer has no response for this operation.');

/**
 * Sends up to MAX_BATCH_OPERATIONS operations in one `$batch` (Business Central API v2.0, OData
 * JSON batch) and settles each: a 2xx is its body; an operation answered 429 (or a read answered
 * 502/503/504) goes again in a smaller envelope after the longest wait asked (Retry-After, else
 * backoff), under the same per-operation budget a request of its own has; anything else is that
 * operation's error. A write whose outcome is unknown — its answer lost with the envelope (no
 * answer, or a 5xx answering the whole envelope), missing from it, or 502/503/504 — is never sent
 * again before `deps.check` found it was not applied (issue 9 §5: no write twice). Results in the
 * operations' order.
 */
export async function runBatch(ops: readonly BatchOperation[], deps: BatchDeps): Promise<OperationOutcome[]> {
  if (ops.length > MAX_BATCH_OPERATIONS) throw new RangeError(`at most ${MAX_BATCH_OPERATIONS} operations`);
  const out = new Array<OperationOutcome>(ops.length);
  const budgets = ops.map(() => new RetryBudget(deps.retry));
  const isWrite = (i: number) => ops[i]?.method !== 'GET';
  let open = ops.map((_, i) => i);
  while (open.length > 0) {
    const again: number[] = [];
    const unknown = new Map<number, BcApiError>();
    let wait = 0;
    // Why the round waits: the reason of the failure whose wait is the longest (run-waits.ts).
    let why: WaitReason = 'bcRetry';
    /** Another attempt for `i` after `error`, if its budget allows; else `error` is final. */
    const retry = (i: number, error: BcApiError, final: BcApiError = error): boolean => {
      const budget = budgets[i] as RetryBudget;
      if (budget.spent(error.status)) {
        out[i] = { ok: false, error: final };
        return false;
      }
      const ms = retryDelay(error, budget.attempts, deps.retry, deps.random);
      if (ms >= wait) why = retryWaitReason('bc', error);
      wait = Math.max(wait, ms);
      return true;
    };
    const settleFailed = (i: number, error: BcApiError): void => {
      if (error.status === 429) deps.onThrottled();
      if (isWrite(i) && outcomeUnknown(error)) {
        if (retry(i, error, stillUnknown(error, 'attempts ran out'))) unknown.set(i, error);
      } else if ((error.retryable || error.code === 'ConnectionRefused') && retry(i, error)) again.push(i);
      else out[i] ??= { ok: false, error };
    };
    let answer: Json | null = null;
    try {
      answer = await deps.send(open.map((i) => ({ id: String(i), ...ops[i] })));
    } catch (e) {
      if (!(e instanceof BcApiError)) throw e;
      // The envelope failed as a whole: each write in it lost its answer (`lostWithEnvelope`: its
      // outcome is unknown, checked before it is sent again, unless the envelope was refused
      // before it ran); reads end with the error, send having retried what it may.
      for (const i of open) {
        if (isWrite(i)) settleFailed(i, lostWithEnvelope(e));
        else out[i] = { ok: false, error: e };
      }
    }
    if (answer !== null) {
      const responses = Array.isArray(answer.responses) ? (answer.responses as SubResponse[]) : [];
      const byId = new Map(responses.map((r) => [String(r.id), r]));
      for (const i of open) {
        const r = byId.get(String(i));
        const status = typeof r?.status === 'number' ? r.status : 0;
        if (r && status >= 200 && status < 300) out[i] = { ok: true, body: (r.body ?? {}) as Json };
        else settleFailed(i, r ? errorOfOperation(r, deps.nowMs()) : MISSING());
      }
    }
    if (unknown.size > 0) again.push(...(await checkUnknown(unknown, deps, out)));
    if (again.length > 0) await reportedSleep(deps.sleep, deps.waits, why, wait);
    // After the wait, where the caller may have stalled past its lease or turn (crash-hosts seed 33).
    if (again.some(isWrite) && !(await mayGoAgain(deps))) {
      for (const i of again) out[i] = { ok: false, error: NOT_SENT };
      break;
    }
    open = again.sort((a, b) => a - b);
  }
  return out;
}

const NOT_SENT = new BcApiError(
  0,
  NOT_SENT_AGAIN,
  'Not sent again: the caller no longer holds its lease or create turn.',
);

/** Whether writes may go again (`deps.again`); a check that throws says no, a cancellation ends the call. */
async function mayGoAgain(deps: BatchDeps): Promise<boolean> {
  if (!deps.again) return true;
  try {
    return await deps.again();
  } catch (e) {
    if (isCancellation(e)) throw e;
    return false;
  }
}

/**
 * Writes of unknown outcome: what `deps.check` found applied (or refused) is settled in `out`; the
 * indices it did not find are returned to be sent again. No check, or a failed one: each stays
 * `unknownOutcome` and nothing is sent again.
 */
async function checkUnknown(
  unknown: ReadonlyMap<number, BcApiError>,
  deps: BatchDeps,
  out: OperationOutcome[],
): Promise<number[]> {
  const indices = [...unknown.keys()];
  let found: Map<number, OperationOutcome>;
  try {
    if (!deps.check) throw new Error('this write cannot be looked up');
    found = await deps.check(indices);
  } catch (e) {
    if (!(e instanceof Error) || isCancellation(e)) throw e;
    for (const [i, error] of unknown)
      out[i] = { ok: false, error: stillUnknown(error, `the check failed: ${e.message}`) };
    return [];
  }
  const resend: number[] = [];
  for (const i of indices) {
    const outcome = found.get(i);
    if (outcome) out[i] = outcome;
    else resend.push(i);
  }
  return resend;
}
