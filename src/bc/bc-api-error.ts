import { parseRetryAfter } from '../platform/retry-policy.js';
import { shownInput } from '../platform/shown-input.js';
import type { PortError, PortErrorKind } from '../core/ports.js';
import { NO_MEMBERSHIP_SERVICE_CODE } from '../core/port-errors.js';
import { portParams } from '../core/run-errors.js';
import type { RunFailureSource } from '../core/run-errors.js';
import type { RunError } from '../core/records.js';

/**
 * The code of a write the adapter did not send again because its caller no longer holds what it
 * checked before the first send (ports.ts SendAgain): nothing reached BC, so nothing was applied.
 */
export const NOT_SENT_AGAIN = 'NotSentAgain';

/**
 * The one error type of the BC adapter: every failure (HTTP status, dropped connection) becomes a
 * BcApiError before anything else looks at it, so retry decisions and the mapping to the port's
 * kinds live here.
 */
export class BcApiError extends Error implements RunFailureSource {
  override readonly name = 'BcApiError';
  constructor(
    /** HTTP status; 0 when no response arrived. */
    readonly status: number,
    /** BC's `error.code` (e.g. `Request_EntityChanged`), or `NetworkError` / `ConnectionRefused`. */
    readonly code: string,
    message: string,
    /** Server's Retry-After hint in milliseconds, when it sent one. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }

  /** Sending the same request again may succeed (throttling, a transient service fault). */
  get retryable(): boolean {
    return this.status === 429 || this.status === 502 || this.status === 503 || this.status === 504;
  }

  /** The request left but no answer came back: a write may or may not have been applied. */
  get outcomeUnknown(): boolean {
    return this.status === 0 && this.code !== 'ConnectionRefused' && this.code !== NOT_SENT_AGAIN;
  }

  /** The port's kind; `write` says whether a lost answer leaves the outcome unknown. */
  kind(write: boolean): PortErrorKind {
    if (this.status === 0) return write && this.outcomeUnknown ? 'unknownOutcome' : 'unavailable';
    if (this.status === 409 || this.status === 412) return 'stale';
    if (this.status === 404) return 'notFound';
    if (this.status === 429) return 'throttled';
    if (this.status === 400 || this.status === 422) return 'invalid';
    return 'unavailable';
  }

  /** One that escaped the adapter's translation ends a run as what it is (F93, F85). */
  runFailure(): Pick<RunError, 'code' | 'params'> {
    if (this.code === NO_MEMBERSHIP_SERVICE_CODE) return { code: 'accessRevoked', params: { company: '' } };
    return { code: 'readFailed', params: portParams(this.toPortError(false)) };
  }

  toPortError(write: boolean): PortError {
    return {
      kind: this.kind(write),
      message: this.code ? `${this.code}: ${this.message}` : this.message,
      status: this.status,
      ...(this.code ? { serviceCode: this.code } : {}),
    };
  }
}

/** The most characters of BC's own error message an error keeps (BC's run to a few hundred). */
const BC_MESSAGE_MAX = 1000;

/**
 * The error an answer (a response of its own or one operation of a `$batch`) stands for: BC's
 * `error.code` and `error.message` when the body has them, Retry-After from its headers (names in
 * any case).
 */
export function errorFromAnswer(
  status: number,
  headers: Readonly<Record<string, unknown>>,
  body: unknown,
  nowMs: number,
): BcApiError {
  const err = (body as { error?: { code?: unknown; message?: unknown } } | null | undefined)?.error;
  const code = typeof err?.code === 'string' ? err.code : `Http${status}`;
  // BC's words quote what was sent (a property name, a key) and reach a log line, the pane and the
  // CLI: kept as any quoted input is (shown-input.ts), bounded and nothing in them hidden.
  const message =
    typeof err?.message === 'string' ? shownInput(err.message, BC_MESSAGE_MAX) : `HTTP ${status}`;
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const retryAfter = typeof lower['retry-after'] === 'string' ? lower['retry-after'] : null;
  return new BcApiError(status, code, message, parseRetryAfter(retryAfter, nowMs));
}

/** A fetch that threw: refused connections never reached the server; anything else may have. */
export function errorFromNetwork(e: unknown): BcApiError {
  const cause = (e as { cause?: { code?: unknown } }).cause;
  const refused = cause?.code === 'ECONNREFUSED';
  return new BcApiError(0, refused ? 'ConnectionRefused' : 'NetworkError', (e as Error).message ?? String(e));
}
