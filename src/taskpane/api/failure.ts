import { PortFailure } from '../../core/ports.js';

/**
 * Why something the pane asked for failed, as data (words: services.ts `failureText`). Every error
 * the pane can meet comes here — its own facade calls (ApiError), the engine's (SyncApiError,
 * PortFailure, GraphError, BcApiError), sign-in (SignInError), lazy downloads — so each kind is
 * worded once, with what to do, and no service's own text ever reaches the user.
 */
export type Failure =
  /** No answer at all: the server is stopped or restarting, or the network is down. */
  | { readonly kind: 'unreachable' }
  /** Sign-in failed or its token was refused (401; a token source's refusal). */
  | { readonly kind: 'signIn'; readonly detail: string }
  /** The user may use no Business Central company here (issue 10 §2: 403 NoCompanyMembership). */
  | { readonly kind: 'noCompanyAccess' }
  /** 403 for a missing scope or role: an administrator grants it. */
  | { readonly kind: 'forbidden'; readonly detail: string }
  /** 429: the server asks for less. */
  | { readonly kind: 'busy' }
  /** The server is stopping (SIGTERM): it starts nothing new. */
  | { readonly kind: 'shuttingDown' }
  /** The server cannot run syncs as configured (503 ServerRunsUnavailable). */
  | { readonly kind: 'serverSetup'; readonly detail: string }
  /** 5xx, or a transient failure without status. */
  | { readonly kind: 'unavailable'; readonly detail: string }
  /** Any other 4xx: the server refused the request. */
  | { readonly kind: 'refused'; readonly detail: string }
  /** Not an answer of any service: a bug in the pane (its name only; the console has the rest). */
  | { readonly kind: 'unexpected'; readonly detail: string };

export type FailureKind = Failure['kind'];

/** Signing in failed: the token source's answer (HTTP status, 0 when none) and its error code. */
export class SignInError extends Error {
  override readonly name = 'SignInError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The user is a member of no Business Central company: `GET /api/v2.0/companies` lists none. */
export class NoCompanyAccessError extends Error {
  override readonly name = 'NoCompanyAccessError';
}

/** The membership refusal's code (server: run-refusals.ts NO_MEMBERSHIP_CODE; README "Company access"). */
const NO_MEMBERSHIP = /NoCompanyMembership$/;

interface Answer {
  readonly status: number;
  readonly code: string;
  /** The first detail's reason kind, when the body had one. */
  readonly reason: string;
}

/** The HTTP answer an error carries (status 0: none came), whatever client threw it. */
function answerOf(e: unknown): Answer | null {
  if (e instanceof PortFailure)
    return e.detail.status === undefined
      ? null
      : { status: e.detail.status, code: e.detail.serviceCode ?? '', reason: '' };
  if (typeof e !== 'object' || e === null) return null;
  const { status, code, details } = e as { status?: unknown; code?: unknown; details?: unknown };
  if (typeof status !== 'number' || typeof code !== 'string') return null;
  const first = Array.isArray(details)
    ? (details[0] as { reason?: { kind?: unknown } } | undefined)
    : undefined;
  const reason = typeof first?.reason?.kind === 'string' ? first.reason.kind : '';
  return { status, code, reason };
}

/**
 * A part of the pane whose download failed (webpack's ChunkLoadError, a failed dynamic import) or a
 * fetch that threw: the network, not the server's answer.
 */
function isDownloadFailure(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  if (e.name === 'ChunkLoadError') return true;
  if (e instanceof TypeError && /fetch|network|dynamically imported module/i.test(e.message)) return true;
  return /^Loading (CSS )?chunk \S+ failed/.test(e.message);
}

const detailOf = (a: Answer): string => (a.code === '' ? `HTTP ${a.status}` : `HTTP ${a.status} ${a.code}`);

/** What kind of failure `e` is, and the status and code to name (never the service's message). */
export function failureOf(e: unknown): Failure {
  if (e instanceof SignInError)
    return { kind: 'signIn', detail: e.status === 0 ? e.code : detailOf({ ...e, reason: '' }) };
  if (e instanceof NoCompanyAccessError) return { kind: 'noCompanyAccess' };
  if (isDownloadFailure(e)) return { kind: 'unreachable' };
  const a = answerOf(e);
  if (a === null) {
    if (e instanceof PortFailure)
      return e.kind === 'throttled' ? { kind: 'busy' } : { kind: 'unavailable', detail: e.kind };
    return { kind: 'unexpected', detail: e instanceof Error ? e.name : typeof e };
  }
  if (a.status === 0) return { kind: 'unreachable' };
  if (a.status === 401) return { kind: 'signIn', detail: detailOf(a) };
  if (NO_MEMBERSHIP.test(a.code) || a.reason === 'noCompanyMembership') return { kind: 'noCompanyAccess' };
  if (a.status === 403) return { kind: 'forbidden', detail: detailOf(a) };
  if (a.status === 429) return { kind: 'busy' };
  if (a.reason === 'shuttingDown') return { kind: 'shuttingDown' };
  if (a.code === 'ServerRunsUnavailable')
    return { kind: 'serverSetup', detail: a.reason === '' ? detailOf(a) : a.reason };
  if (a.status >= 500) return { kind: 'unavailable', detail: detailOf(a) };
  return { kind: 'refused', detail: detailOf(a) };
}

/** Every kind; a kind added above breaks the build here until it is listed (and worded). */
const FAILURE_KIND_SET: Readonly<Record<FailureKind, true>> = {
  unreachable: true,
  signIn: true,
  noCompanyAccess: true,
  forbidden: true,
  busy: true,
  shuttingDown: true,
  serverSetup: true,
  unavailable: true,
  refused: true,
  unexpected: true,
};
export const FAILURE_KINDS = Object.keys(FAILURE_KIND_SET) as readonly FailureKind[];
