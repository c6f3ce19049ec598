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
 *   and folder previews, the BC API's contact list, a run's plan) or waits in a shared line (an
 *   add of a message's sender waits for the company's create turn, tester F110).
 * Work is counted in units: a whole-collection read weighs WHOLE_READ_UNITS, a large body 1. The
 * pane's own engine has up to 8 `$batch`es of one user in flight (2 groups × 4 envelopes,
 * executor-support.ts, http-bc-contacts.ts), so the default of 8 units a user lets a run write at
 * full width while 4 previews at most run at once. Over a limit: 429 `TooManyRequests` with
 * Retry-After and the shared error body, its reason as data. Checked before the body is read (a refused import costs no parsing) and again when the
 * handler starts, which holds the slot until it ends, whether or not the client still listens.
 */

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's work is bulk whatever its body (BULK_WORK). */
    bulkWork?: boolean;
  }
}

/** Route options' `config` of a route that reads a whole collection. */
export const BULK_WORK = { bulkWork: true } as const;

/**
 * Units of a whole-collection read (a preview): about what two full `$batch`es cost.
 * @internal
 */
export const WHOLE_READ_UNITS = 2;

/** Methods whose body a route reads (a GET's limit is inherited, never used). */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * What a caller waits before trying again: bulk work takes about a second (a preview of 16,000).
 * @internal
 */
export const BULK_RETRY_AFTER_SECONDS = 2;

interface BulkLimits {
  /** Units of bulk work one principal (user or app) may have in progress; 0 = no limit. */
  readonly perPrincipal: number;
  /** Units of bulk work in progress for everyone together; 0 = no limit. */
  readonly overall: number;
}

/** The units of bulk work in progress: per principal key and in total. */
export class BulkSlots {
  private readonly held = new Map<string, number>();
  private total = 0;

  constructor(readonly limits: BulkLimits) {}

  /** Which limit `units` more of `key` would pass; null when there is room. */
  full(key: string, units = 1): 'principal' | 'overall' | null {
    const { perPrincipal, overall } = this.limits;
    if (perPrincipal > 0 && (this.held.get(key) ?? 0) + units > perPrincipal) return 'principal';
    if (overall > 0 && this.total + units > overall) return 'overall';
    return null;
  }

  /** Takes `units` for `key`; the function returned gives them back (once, however often called). */
  take(key: string, units = 1): () => void {
    this.held.set(key, (this.held.get(key) ?? 0) + units);
    this.total += units;
    let given = false;
    return () => {
      if (given) return;
      given = true;
      const left = (this.held.get(key) ?? units) - units;
      if (left <= 0) this.held.delete(key);
      else this.held.set(key, left);
      this.total -= units;
    };
  }

  /** Units in progress: of `key`, or of everyone. */
  inProgress(key?: string): number {
    return key === undefined ? this.total : (this.held.get(key) ?? 0);
  }
}

/** The refusal: 429 with Retry-After, the limit that was met as data. */
function bulkRefusal(limit: 'principal' | 'overall', limits: BulkLimits, units: number): HttpError {
  const max = limit === 'principal' ? limits.perPrincipal : limits.overall;
  const whose = limit === 'principal' ? 'one caller' : 'all callers together';
  const message = `Too much bulk work at once: at most ${max} units in progress for ${whose} (a preview, list or plan counts ${WHOLE_READ_UNITS}, an import or $batch 1), and this request needs ${units} more. Retry after ${BULK_RETRY_AFTER_SECONDS} s.`;
  return new HttpError(
    429,
    'TooManyRequests',
    message,
    [{ target: 'request', message, reason: { kind: 'bulkWorkInProgress', limit, max, units } }],
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
  /** The units of a request's work; 0 for work that is not bulk. */
  const unitsOf = (request: FastifyRequest): number => {
    if (request.routeOptions.config?.bulkWork === true) return WHOLE_READ_UNITS;
    return BODY_METHODS.has(request.method) && (request.routeOptions.bodyLimit ?? 0) > defaultLimit ? 1 : 0;
  };
  /** Whom the request's token names; null without a valid one (the route then answers 401). */
  const principalOf = async (request: FastifyRequest): Promise<string | null> => {
    if (request.headers.authorization === undefined) return null;
    const id = await identityOf(ctx, request).catch(() => null);
    if (id === null) return null;
    return id.kind === 'user' ? `user:${id.userId}` : `app:${id.tenantId}:${id.appId}`;
  };

  // Before the body is read: a caller over the limit costs no parsing.
  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    const units = request.is404 ? 0 : unitsOf(request);
    if (units === 0) return;
    const key = await principalOf(request);
    const full = key === null ? null : slots.full(key, units);
    if (full) throw bulkRefusal(full, slots.limits, units);
  });

  // The handler holds the slot for as long as it works (the route's own refusals come first).
  app.addHook('onRoute', (route: RouteOptions) => {
    const handler = route.handler;
    route.handler = function bounded(this: FastifyInstance, request, reply) {
      const units = unitsOf(request);
      if (units === 0) return handler.call(this, request, reply);
      return (async () => {
        const key = await principalOf(request);
        if (key === null) return handler.call(this, request, reply);
        const full = slots.full(key, units);
        if (full) throw bulkRefusal(full, slots.limits, units);
        const release = slots.take(key, units);
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
