import type { PortErrorKind } from '../core/ports.js';
import { PortFailure } from '../core/ports.js';
import { CallTimeoutError } from '../platform/call-timeout-error.js';
import { parseRetryAfter } from '../platform/retry-policy.js';
import { portParams } from '../core/run-errors.js';
import type { RunFailureSource } from '../core/run-errors.js';

/**
 * The code of a write the adapter did not send again because its caller no longer holds what it
 * checked before the first send (ports.ts SendAgain): this attempt reached nobody.
 */
export const NOT_SENT_AGAIN = 'NotSentAgain';

/**
 * The one error type of the Graph adapter: every failure (HTTP status, batch item, dropped
 * connection) is normalised into it before anything else looks at it, so retry decisions and the
 * translation to the port's kinds live in one place.
 */
export class GraphError extends Error implements RunFailureSource {
  override readonly name = 'GraphError';
  constructor(
    /** HTTP status; 0 when no response arrived (network failure). */
    readonly status: number,
    /** Graph's `error.code` (e.g. `ErrorIrresolvableConflict`), or `NetworkError` / `ConnectionRefused`. */
    readonly code: string,
    message: string,
    readonly requestId: string = '',
    /** Whether sending the same request again may succeed. */
    readonly retryable: boolean = false,
    /** Server's Retry-After hint in milliseconds, when it sent one. */
    readonly retryAfterMs: number | null = null,
    /** No answer came within the attempt's timeout (a lost answer too: `outcomeUnknown`). */
    readonly timedOut: boolean = false,
  ) {
    super(message);
  }

  /** No response arrived after the request was sent: a write may or may not have been applied. */
  get outcomeUnknown(): boolean {
    return this.status === 0 && this.code !== 'ConnectionRefused' && this.code !== NOT_SENT_AGAIN;
  }

  /** Outlook's per-mailbox concurrency limit (not the request quota): back off by sending less at once. */
  get isConcurrencyThrottle(): boolean {
    return this.status === 429 && this.code === 'ApplicationThrottled';
  }

  /** One that escaped the adapter's translation ends a run as the read failure it is (F93). */
  runFailure(): { code: 'readFailed'; params: ReturnType<typeof portParams> } {
    return { code: 'readFailed', params: portParams(toPortFailure(this)) };
  }
}

/** Statuses Graph documents as transient: retry after Retry-After or a backoff. */
const RETRYABLE_STATUSES = new Set([429, 503, 504]);

/**
 * Codes that mean "this delta token cannot be followed, start a new round" (casing differs between
 * docs and service). Graph answers an expired token with "a 40X-series error with codes such as
 * syncStateNotFound" (learn.microsoft.com/graph/delta-query-overview) and a corrupt or foreign one with
 * 400 ErrorInvalidSyncStateData (Exchange's code, which the emulator models): a stored token no run
 * can use would otherwise fail every run for good (F116) — starting over is the only way forward.
 */
const RESYNC_CODES = new Set([
  'syncstatenotfound',
  'resyncrequired',
  'syncstateinvalid',
  'errorinvalidsyncstatedata',
]);

export function isResyncError(error: GraphError): boolean {
  return error.status === 410 || RESYNC_CODES.has(error.code.toLowerCase());
}

interface GraphErrorJson {
  error?: { code?: unknown; message?: unknown; innerError?: { 'request-id'?: unknown } };
}

/** Builds the adapter's error from a response (top-level or a batch item) that is not a success. */
export function errorFromResponse(
  status: number,
  headers: Headers,
  body: unknown,
  nowMs: number,
): GraphError {
  const err = (body as GraphErrorJson | null)?.error;
  const code = typeof err?.code === 'string' ? err.code : `Http${status}`;
  const message = typeof err?.message === 'string' ? err.message : `HTTP ${status}`;
  const requestId =
    (typeof err?.innerError?.['request-id'] === 'string' ? err.innerError['request-id'] : null) ??
    headers.get('request-id') ??
    '';
  const retryAfter = parseRetryAfter(headers.get('retry-after'), nowMs);
  return new GraphError(status, code, message, requestId, RETRYABLE_STATUSES.has(status), retryAfter);
}

/** A request that got no response; `refused` means it never reached the server (safe to resend). */
export function networkError(cause: unknown, refused: boolean): GraphError {
  const message = cause instanceof Error ? describeCause(cause) : String(cause);
  return new GraphError(
    0,
    refused ? 'ConnectionRefused' : 'NetworkError',
    message,
    '',
    true,
    null,
    timedOut(cause),
  );
}

/**
 * Whether a failure is an attempt's timeout: the Graph client's own deadline (CallTimeoutError) or
 * the fetch's below it (the pane's resilientFetch: AbortSignal.timeout's TimeoutError).
 */
function timedOut(cause: unknown): boolean {
  // By name, not `instanceof Error`: a DOMException may come from another realm (a test's VM).
  for (let e = cause, depth = 0; typeof e === 'object' && e !== null && depth < 5; depth++) {
    if (e instanceof CallTimeoutError || (e as { name?: unknown }).name === 'TimeoutError') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

function describeCause(error: Error): string {
  const inner = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const detail = inner ? ` (${String(inner.code ?? inner.message ?? '')})` : '';
  return `${error.message}${detail}`;
}

/** Whether a fetch failure happened before anything was sent (the only network failure safe for writes). */
export function isConnectionRefused(error: unknown): boolean {
  const inner = (error as { cause?: { code?: unknown } } | null)?.cause;
  return inner?.code === 'ECONNREFUSED';
}

/** The port's vocabulary for one failure. */
export function portKindOf(error: GraphError): PortErrorKind {
  if (error.status === 0) return error.outcomeUnknown ? 'unknownOutcome' : 'unavailable';
  if (error.status === 412) return 'stale';
  if (error.status === 404) return 'notFound';
  if (error.status === 429) return 'throttled';
  if (error.status >= 500) return 'unavailable';
  return 'invalid';
}

export function portMessageOf(error: GraphError): string {
  // Graph's own message first: the contract (and users) read "EmailAddresses has 4 entries ...".
  const id = error.requestId ? ` request-id ${error.requestId}` : '';
  return `${error.message} (${error.status || 'no response'} ${error.code}${id})`;
}

/** For reads and folder operations, which fail as a whole. */
export function toPortFailure(error: unknown): PortFailure {
  if (error instanceof PortFailure) return error;
  if (error instanceof GraphError) {
    // A read that lost its response is simply not done: safe to retry, so "unavailable".
    const kind = portKindOf(error);
    return new PortFailure(kind === 'unknownOutcome' ? 'unavailable' : kind, portMessageOf(error), {
      status: error.status,
      serviceCode: error.code,
    });
  }
  return new PortFailure('unavailable', error instanceof Error ? error.message : String(error));
}
