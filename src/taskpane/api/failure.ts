import { PortFailure } from '../../core/ports.js';
import type { RunError } from '../../core/records.js';
import { runErrorOf, signInFailure } from '../../core/run-errors.js';
import { FACADE_CODES, isFacadeCode } from './facade-codes.js';
import type { OwnCode } from './facade-codes.js';

/** One detail of a refusal as data: where, and the reason (a code with parameters), never its English. */
export interface RefusalDetail {
  readonly target: string;
  readonly reason?: { readonly kind?: string } & Readonly<Record<string, unknown>>;
}

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
  /**
   * A run's read or folder call failed and names its side and method (F51: "Outlook: the sync
   * folder could not be found or created"): the run error core records, worded the same way.
   */
  | { readonly kind: 'portFailed'; readonly error: RunError }
  /**
   * The pane's own run ended on an error core has a code for (F93: a lost lease, a revoked
   * company access, the sync state's failure), worded as every host words that run's record.
   */
  | { readonly kind: 'runEnded'; readonly error: RunError }
  /** 5xx, or a transient failure without status. */
  | { readonly kind: 'unavailable'; readonly detail: string }
  /**
   * A refusal the facade names by one of its own codes (facade-codes.ts `own`): worded by the code,
   * or by the reason its details carry as data.
   */
  | { readonly kind: 'refusal'; readonly code: OwnCode; readonly details: readonly RefusalDetail[] }
  /** Any other 4xx: the server refused the request. */
  | { readonly kind: 'refused'; readonly detail: string }
  /** Not an answer of any service: a bug in the pane (its name only; the console has the rest). */
  | { readonly kind: 'unexpected'; readonly detail: string };

/** @internal */
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

  /** A token for a call of the pane's run could not be had: the run's record says so (F93). */
  runFailure(): Pick<RunError, 'code' | 'params'> {
    return signInFailure(this.status, this.code);
  }
}

/** The user is a member of no Business Central company: `GET /api/v2.0/companies` lists none. */
export class NoCompanyAccessError extends Error {
  override readonly name = 'NoCompanyAccessError';
}

interface Answer {
  readonly status: number;
  readonly code: string;
  /** The first detail's reason kind, when the body had one. */
  readonly reason: string;
  readonly details: readonly RefusalDetail[];
}

function detailsOf(details: unknown): RefusalDetail[] {
  if (!Array.isArray(details)) return [];
  return details.flatMap((d: unknown) => {
    if (typeof d !== 'object' || d === null) return [];
    const { target, reason } = d as { target?: unknown; reason?: unknown };
    if (typeof target !== 'string') return [];
    return [
      typeof reason === 'object' && reason !== null
        ? { target, reason: reason as RefusalDetail['reason'] & object }
        : { target },
    ];
  });
}

/** The HTTP answer an error carries (status 0: none came), whatever client threw it. */
function answerOf(e: unknown): Answer | null {
  if (e instanceof PortFailure)
    return e.detail.status === undefined
      ? null
      : { status: e.detail.status, code: e.detail.serviceCode ?? '', reason: '', details: [] };
  if (typeof e !== 'object' || e === null) return null;
  const { status, code, details } = e as { status?: unknown; code?: unknown; details?: unknown };
  if (typeof status !== 'number' || typeof code !== 'string') return null;
  const all = detailsOf(details);
  const kind = all[0]?.reason?.kind;
  return { status, code, reason: typeof kind === 'string' ? kind : '', details: all };
}

/**
 * A part of the pane whose download failed: the network or a stopped server, not a bug. Marked where
 * the pane downloads (`download`), so no browser's wording of the failure is ever read.
 */
class DownloadFailure extends Error {
  override readonly name = 'DownloadFailure';
  constructor(cause: unknown) {
    super('A part of the pane could not be downloaded.', { cause });
  }
}

/** `load` (a dynamic import), a failure of it marked as a `DownloadFailure` (failureOf: unreachable). */
export function download<T>(load: () => Promise<T>): Promise<T> {
  return load().catch((e: unknown) => {
    throw new DownloadFailure(e);
  });
}

/** Marked by `download`, or webpack's own ChunkLoadError (by its name: webpack exports no class). */
function isDownloadFailure(e: unknown): boolean {
  return e instanceof DownloadFailure || (e instanceof Error && e.name === 'ChunkLoadError');
}

const detailOf = (a: Pick<Answer, 'status' | 'code'>): string =>
  a.code === '' ? `HTTP ${a.status}` : `HTTP ${a.status} ${a.code}`;

/** What kind of failure `e` is, and the status and code to name (never the service's message). */
export function failureOf(e: unknown): Failure {
  // A revoked company access mid-run says so (F85), not "no company access at all".
  const run = runErrorOf(e, '');
  if (run.code === 'accessRevoked' && e instanceof PortFailure && e.call)
    return { kind: 'runEnded', error: run };
  const failure = kindOf(e);
  // A port call of a run that failed for the service (not sign-in, access, load or the network)
  // says which side and what (F51).
  if (e instanceof PortFailure && e.call && (failure.kind === 'unavailable' || failure.kind === 'refused'))
    return { kind: 'portFailed', error: runErrorOf(e, '') };
  return failure;
}

function kindOf(e: unknown): Failure {
  if (e instanceof SignInError) return { kind: 'signIn', detail: e.status === 0 ? e.code : detailOf(e) };
  if (e instanceof NoCompanyAccessError) return { kind: 'noCompanyAccess' };
  if (isDownloadFailure(e)) return { kind: 'unreachable' };
  const a = answerOf(e);
  if (a === null) {
    if (e instanceof PortFailure)
      return e.kind === 'throttled' ? { kind: 'busy' } : { kind: 'unavailable', detail: e.kind };
    // What ended the pane's run, by the one table every host's record uses (core run-errors.ts).
    const run = runErrorOf(e, '');
    if (run.code !== 'unexpected') return { kind: 'runEnded', error: run };
    return { kind: 'unexpected', detail: e instanceof Error ? e.name : typeof e };
  }
  if (a.status === 0) return { kind: 'unreachable' };
  // The reason travels as data beside the code (issue 10 §2, the shutdown's 503).
  if (a.reason === 'noCompanyMembership') return { kind: 'noCompanyAccess' };
  if (a.reason === 'shuttingDown') return { kind: 'shuttingDown' };
  // The facade's own codes, each as the table says; any other (BC's or Graph's through the engine,
  // a proxy's page) by its status.
  const known = isFacadeCode(a.code) ? FACADE_CODES[a.code] : null;
  if (known === 'own') return { kind: 'refusal', code: a.code as OwnCode, details: a.details };
  const kind = known ?? kindOfStatus(a.status);
  switch (kind) {
    case 'noCompanyAccess':
    case 'busy':
      return { kind };
    case 'serverSetup':
      return { kind, detail: a.reason === '' ? detailOf(a) : a.reason };
    default:
      return { kind, detail: detailOf(a) };
  }
}

function kindOfStatus(status: number): 'signIn' | 'forbidden' | 'busy' | 'unavailable' | 'refused' {
  if (status === 401) return 'signIn';
  if (status === 403) return 'forbidden';
  if (status === 429) return 'busy';
  return status >= 500 ? 'unavailable' : 'refused';
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
  portFailed: true,
  runEnded: true,
  unavailable: true,
  refusal: true,
  refused: true,
  unexpected: true,
};
/** @internal Test seam: tests go over every kind this table words (none left unworded). */
export const FAILURE_KINDS = Object.keys(FAILURE_KIND_SET) as readonly FailureKind[];
