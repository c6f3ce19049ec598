import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { FacadeContext } from './context.js';
import { identityOf } from './context.js';
import { HttpError } from './http-error.js';

/**
 * Bulk work in progress at once, bounded per caller and for everyone (tester F89: ten match
 * previews at once from one user held /healthz 9.8 s; the rate limit counts requests a minute,
 * not work in progress). The kind: a request whose work grows with stored data or a large body,
 * not with what the request itself costs to send. Such routes are found at one place, here:
 * - every route whose body limit is over the app's default (state imports, settings, `$batch`):
 *   a large body is large work, parsing and writing;
 * - every route whose options carry `config: BULK_WORK` (reads of a whole collection: the match
 *   and folder previews, the BC API's contact list, a run's plan).
 * Over a limit: 429 `TooManyRequests` with Retry-After and the shared error body, its reason as
 * data. Checked before the body is read (a refused import costs no parsing) and again when the
 * handler starts, which holds the slot until it ends, whether or not the client still listens.
 */

/** Route options' `config` of a route that reads a whole collection. */
export const BULK_WORK = { bulkWork: true } as const;

/** Methods whose body a route reads (a GET's limit is inherited, never used). */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** What a caller waits before trying again: bulk work takes about a second (a preview of 16,000). */
export const BULK_RETRY_AFTER_SECONDS = 2;

export interface BulkLimits {
  /** Bulk requests one principal (user or app) may have in progress; 0 = no limit. */
  readonly perPrincipal: number;
  /** Bulk requests in progress for everyone together; 0 = no limit. */
  readonly overall: number;
}

/** The bulk requests in progress: per principal key and in total. */
export class BulkSlots {
  private readonly held = new Map<string, number>();
  private total = 0;

  constructor(readonly limits: BulkLimits) {}

  /** Which limit one more request of `key` would pass; null when there is room. */
  full(key: string): 'principal' | 'overall' | null {
    const { perPrincipal, overall } = this.limits;
    if (perPrincipal > 0 && (this.held.get(key) ?? 0) >= perPrincipal) return 'principal';
    if (overall > 0 && this.total >= overall) return 'overall';
    return null;
  }

  /** Takes a slot for `key`; the function returned gives it back (once, however often called). */
  take(key: string): () => void {
    this.held.set(key, (this.held.get(key) ?? 0) + 1);
    this.total++;
    let given = false;
    return () => {
      if (given) return;
      given = true;
      const left = (this.held.get(key) ?? 1) - 1;
      if (left === 0) this.held.delete(key);
      else this.held.set(key, left);
      this.total--;
    };
  }

  /** Requests in progress: of `key`, or of everyone. */
  inProgress(key?: string): number {
    return key === undefined ? this.total : (this.held.get(key) ?? 0);
  }
}

/** The refusal: 429 with Retry-After, the limit that was met as data. */
export function bulkRefusal(limit: 'principal' | 'overall', limits: BulkLimits): HttpError {
  const max = limit === 'principal' ? limits.perPrincipal : limits.overall;
  const whose = limit === 'principal' ? 'this caller has' : 'all callers together have';
  const message = `Too much bulk work at once: ${whose} ${max} bulk requests (previews, lists, imports) in progress. Retry after ${BULK_RETRY_AFTER_SECONDS} s.`;
  return new HttpError(
    429,
    'TooManyRequests',
    message,
    [{ target: 'request', message, reason: { kind: 'bulkWorkInProgress', limit, max } }],
    { 'retry-after': String(BULK_RETRY_AFTER_SECONDS) },
  );
}

/**
 * Installs the bound on `app` (before any route; not encapsulated). `slots` defaults to new ones
 * from `ctx.config.bulkWork`; tests pass their own to fill them.
 */
export function installWorkLimits(
  app: FastifyInstance,
  ctx: FacadeContext,
  slots: BulkSlots = new BulkSlots(ctx.config.bulkWork),
): BulkSlots {
  const defaultLimit = app.initialConfig.bodyLimit ?? 0;
  const isBulk = (request: FastifyRequest): boolean =>
    (request.routeOptions.config as { bulkWork?: boolean } | undefined)?.bulkWork === true ||
    (BODY_METHODS.has(request.method) && (request.routeOptions.bodyLimit ?? 0) > defaultLimit);
  /** Whom the request's token names; null without a valid one (the route then answers 401). */
  const principalOf = async (request: FastifyRequest): Promise<string | null> => {
    if (request.headers.authorization === undefined) return null;
    const id = await identityOf(ctx, request).catch(() => null);
    if (id === null) return null;
    return id.kind === 'user' ? `user:${id.userId}` : `app:${id.tenantId}:${id.appId}`;
  };

  // Before the body is read: a caller over the limit costs no parsing.
  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    if (request.is404 || !isBulk(request)) return;
    const key = await principalOf(request);
    const full = key === null ? null : slots.full(key);
    if (full) throw bulkRefusal(full, slots.limits);
  });

  // The handler holds the slot for as long as it works (the route's own refusals come first).
  app.addHook('onRoute', (route: RouteOptions) => {
    const handler = route.handler;
    route.handler = function bounded(this: FastifyInstance, request, reply) {
      if (!isBulk(request)) return handler.call(this, request, reply);
      return (async () => {
        const key = await principalOf(request);
        if (key === null) return handler.call(this, request, reply);
        const full = slots.full(key);
        if (full) throw bulkRefusal(full, slots.limits);
        const release = slots.take(key);
        try {
          return await handler.call(this, request, reply);
        } finally {
          release();
        }
      })();
    };
  });
  return slots;
}
