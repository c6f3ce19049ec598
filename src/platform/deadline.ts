/**
 * Deadlines and cancellation for outbound calls (issue 9 §3): every request to Graph, BC and the
 * token endpoints ends — answered, failed, timed out, or cancelled with its run. Browser-safe
 * (AbortController and timers only): the pane's adapters use it too.
 */
import type { RunError } from '../core/records.js';
import { cancelledFailure } from '../core/run-errors.js';
import { WholeResponse } from './whole-response.js';
import { CallTimeoutError } from './call-timeout-error.js';

/**
 * Default per-attempt timeouts in milliseconds (README: GRAPH_TIMEOUT_MS, BC_TIMEOUT_MS,
 * TOKEN_TIMEOUT_MS, CLI_TIMEOUT_MS: the CLI's calls to the running server on this machine).
 * `stateMs`: the pane engine's requests to the facade's sync state API (not configurable: the pane's).
 */
export const DEFAULT_TIMEOUTS = {
  graphMs: 60_000,
  bcMs: 60_000,
  tokenMs: 15_000,
  cliMs: 10_000,
  stateMs: 60_000,
} as const;

/**
 * The run this call belonged to was cancelled: not retryable, ends the run as `cancelled`.
 * @internal
 */
export class CallCancelledError extends Error {
  override readonly name = 'CallCancelledError';
  constructor(message = 'The call was cancelled with its run.') {
    super(message);
  }

  /** A run whose call was cancelled ends `cancelled` (core/run-errors.ts RunFailureSource). */
  runFailure(): Pick<RunError, 'code'> {
    return cancelledFailure();
  }
}

export interface DeadlineOptions {
  /** Per attempt, in milliseconds. */
  readonly timeoutMs: number;
  /** The run's signal: aborting it rejects calls in flight and every later one at once. */
  readonly signal?: AbortSignal | undefined;
}

/** Statuses whose Response must be built without a body (the Fetch standard's null body statuses). */
const NULL_BODY = new Set([204, 205, 304]);

/**
 * The answer read to its end, as a Response whose body is already here: an answer cut off after
 * its headers (the connection dropped mid-body) rejects the call like a dropped connection, and a
 * body that never ends is under the same deadline as the headers. Its body is read from the bytes
 * read here, not copied again (whole-response.ts).
 */
async function readWhole(response: Response): Promise<Response> {
  const bytes = await response.arrayBuffer();
  return new WholeResponse(NULL_BODY.has(response.status) ? null : bytes, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/**
 * Wraps a fetch so each call carries an AbortSignal and settles by the deadline, with the whole
 * answer: the Response it resolves with holds its body already. The returned promise also rejects
 * on abort when the underlying fetch ignores its signal (an in-process `inject` does), so nothing
 * waits on an answer that will never come.
 *
 * @throws CallCancelledError when `signal` is (or becomes) aborted before the whole answer arrived.
 * @throws CallTimeoutError when the whole answer did not arrive within `timeoutMs`.
 * @throws the fetch's own error (a TypeError) when the connection failed, before or during the answer.
 */
export function withDeadline(doFetch: typeof fetch, options: DeadlineOptions): typeof fetch {
  const { timeoutMs, signal } = options;
  return (input, init) => {
    if (signal?.aborted) return Promise.reject(new CallCancelledError());
    const controller = new AbortController();
    const abort = (reason: Error) => {
      if (!controller.signal.aborted) controller.abort(reason);
    };
    const timer = setTimeout(() => abort(new CallTimeoutError(timeoutMs)), timeoutMs);
    const onRunAbort = () => abort(new CallCancelledError());
    signal?.addEventListener('abort', onRunAbort, { once: true });
    const own = init?.signal ?? (input instanceof Request ? input.signal : null);
    const onOwnAbort = () => abort(new CallCancelledError('The call was aborted by its caller.'));
    own?.addEventListener('abort', onOwnAbort, { once: true });
    const aborted = new Promise<never>((_, reject) =>
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), {
        once: true,
      }),
    );
    const call = doFetch(input, { ...init, signal: controller.signal })
      .then(readWhole)
      .catch((e: unknown) => {
        // fetch rejects with its own AbortError; the reason says which deadline it was.
        throw controller.signal.aborted ? (controller.signal.reason as Error) : e;
      });
    return Promise.race([call, aborted]).finally(() => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onRunAbort);
      own?.removeEventListener('abort', onOwnAbort);
    });
  };
}

/**
 * A sleep that ends early with CallCancelledError when `signal` aborts (retry back-off and
 * Retry-After waits must not outlive a cancelled run).
 */
export function abortableSleep(
  sleep: (ms: number) => Promise<void>,
  signal: AbortSignal | undefined,
): (ms: number) => Promise<void> {
  if (!signal) return sleep;
  return (ms) => {
    if (signal.aborted) return Promise.reject(new CallCancelledError());
    let onAbort: () => void = () => undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(new CallCancelledError());
      signal.addEventListener('abort', onAbort, { once: true });
    });
    return Promise.race([sleep(ms), aborted]).finally(() => signal.removeEventListener('abort', onAbort));
  };
}

/** Whether an error (or the cause chain a library wrapped it in) is a cancellation. */
export function isCancellation(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    if (e instanceof CallCancelledError) return true;
    e = (e as { cause?: unknown; adapterError?: unknown }).adapterError ?? (e as { cause?: unknown }).cause;
  }
  return false;
}
