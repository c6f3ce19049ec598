import Fastify from 'fastify';
import { REQUEST_LOG_OPTIONS, installRequestLog } from './request-log.js';
import type { FastifyInstance, FastifyServerOptions, RouteOptions } from 'fastify';
import type { FacadeContext } from './context.js';
import { identityOf } from './context.js';
import { installInputGuard } from '../platform/http-guard.js';
import { guardedServerOptions } from '../platform/server-options.js';
import { errorBody, installErrorHandlers, reasonFor } from './http-error.js';
import { installValidation } from './validation.js';
import { createRunMetrics, observeRuns } from './observability.js';
import type { RunMetrics } from './observability.js';
import { observabilityRoutes } from './observability-routes.js';
import { openApi } from './openapi.js';
import { installRateLimits } from './rate-limits.js';
import { installWorkLimits } from './work-limits.js';
import type { BulkSlots } from './work-limits.js';
import { installIdempotency } from './idempotency.js';
import { SqlIdempotencyStore } from './idempotency-store.js';
import type { IdempotencyStore } from './idempotency-store.js';
import { installSecurityHeaders } from './security-headers.js';
import { installDevHostGuard } from './dev-host-guard.js';
import { devAuthRoutes } from './routes/dev-auth.js';
import { bcApiRoutes } from './bc-api/routes.js';
import type { BcApiLimits } from './bc-api/routes.js';
import type { BcSource } from './bc-api/bc-source.js';
import { membersRoutes } from './admin/members-routes.js';
import { installClosedInputs } from './closed-inputs.js';
import { internalRoutes } from './internal-routes.js';
import type { InternalRoutesOptions } from './internal-routes.js';
import type { Scheduler } from './scheduler.js';
import { scheduleRoutes } from './schedule-routes.js';
import { syncApi } from './sync/api.js';
import type { RunManager, SyncEnvironment } from './sync/run-manager.js';
import { userPrincipal } from '../bc/create-key.js';

export interface BuildAppOptions {
  readonly ctx: FacadeContext;
  readonly fastify?: FastifyServerOptions;
  /** The CLI's /internal routes (its admin token, the run manager, the user directory); absent: none. */
  readonly cli?: InternalRoutesOptions;
  /** The running scheduler, for GET /sync/v1/schedule (null or absent: runs are not scheduled). */
  readonly scheduler?: () => Scheduler | null;
  /** The sync API's access to both sides, and the run manager (made from `env` when absent). */
  readonly sync?: { readonly env?: SyncEnvironment; readonly manager?: RunManager };
  /**
   * Run metrics for /metrics. When given, `ctx.stateStore` (and any run manager passed in) must
   * already report to it (`observeRuns`); otherwise the app makes its own and wraps the store.
   */
  readonly metrics?: RunMetrics;
  /** Sees every route as it is registered (route-table tests: OpenAPI coverage, access, isolation). */
  readonly onRoute?: (route: RouteOptions) => void;
  /**
   * The BC API's contacts and mount point: `source` when absent is the store or the configured
   * upstream tenant; `prefix` defaults to /api/v2.0 (a tenant's is /v2.0/{tenant}/{environment}/api/v2.0);
   * `limits` (page size, batch answer bytes) default to bc-api/paging.ts's and batch-budget.ts's.
   */
  readonly bc?: { readonly source?: BcSource; readonly prefix?: string; readonly limits?: BcApiLimits };
  /** Further readiness checks for /readyz (the process entry adds the job queue); throw when not ready. */
  readonly readiness?: Readonly<Record<string, () => Promise<void>>>;
  /** Bulk requests in progress (work-limits.ts); new ones from `ctx.config.bulkWork` when absent. */
  readonly bulkSlots?: BulkSlots;
  /** Where Idempotency-Key answers are kept; the database's when absent (a test app without SQL: memory). */
  readonly idempotencyStore?: IdempotencyStore;
}

/**
 * Largest request body in bytes of a route that names no limit of its own (README "Limits"): every
 * single-resource body fits (a contact at BC's field lengths is under 16 KiB). Larger only where a
 * route needs it: the state routes (sync/state.ts), the BC API's $batch (bc-api/batch.ts), the
 * emulator's $batch and photo (emulator/body-limits.ts). Small, so a hostile body costs little (F91).
 */
const DEFAULT_BODY_LIMIT = 64 * 1024;

/** The facade's own APIs, whose routes refuse what they do not read (closed-inputs.ts). */
const FACADE_APIS = ['/sync/v1/', '/admin/v1/', '/internal/'] as const;

/**
 * The facade as one Fastify app, a tree of plugins: the HTTP basics at the root (error handlers,
 * security headers, input guard, rate limits), the OpenAPI document, then one plugin per API
 * (observability, dev issuer, BC API, sync API and its schedule, the CLI's routes). Routes are thin
 * wrappers around core and store. Not yet ready: the process entry mounts the embedded Graph and the
 * pane's files on it (main.ts), tests call `ready()` or `inject()`.
 */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const metrics = options.metrics ?? createRunMetrics();
  const given: FacadeContext = options.metrics
    ? options.ctx
    : { ...options.ctx, stateStore: observeRuns(options.ctx.stateStore, metrics) };
  const ctx: FacadeContext = given.onBcAnswer ? given : { ...given, onBcAnswer: metrics.observeBcAnswer };
  const app = Fastify({
    logger: false,
    ...REQUEST_LOG_OPTIONS,
    bodyLimit: DEFAULT_BODY_LIMIT,
    ...guardedServerOptions((_status, code, message, url, refusal) =>
      errorBody(
        code,
        message,
        refusal?.details,
        url === undefined ? undefined : reasonFor(url, code, refusal?.reason),
      ),
    ),
    ...options.fastify,
  });
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  installRequestLog(app);
  installErrorHandlers(app);
  // Before any route: unknown body properties refused, bodies not type-coerced (validation.ts).
  installValidation(app);
  // Before any route: the facade's own APIs refuse query options and bodies they do not read.
  installClosedInputs(app, FACADE_APIS);
  // First, so refusals and 404s carry the headers too.
  await installSecurityHeaders(app, ctx.config);
  installInputGuard(app);
  if (ctx.devIssuer) installDevHostGuard(app, ctx.config.publicOrigin);
  await installRateLimits(app, ctx);
  // Before every route: it wraps their handlers (work-limits.ts, F89).
  installWorkLimits(app, ctx, options.bulkSlots);
  // Before every route: a POST sent again with its Idempotency-Key gets the first answer.
  installIdempotency(app, {
    store: options.idempotencyStore ?? new SqlIdempotencyStore(ctx.db),
    principalOf: async (request) => {
      // The user (or app) the token names: a refreshed token is the same caller (F64).
      if (request.headers.authorization === undefined) return null;
      try {
        const id = await identityOf(ctx, request);
        return id.kind === 'user' ? userPrincipal(id.userId) : `app:${id.tenantId}:${id.appId}`;
      } catch {
        return null;
      }
    },
  });
  // Before every route, so the one OpenAPI document sees them all.
  await app.register(openApi);
  app.get('/healthz', async () => ({ status: 'ok' }));
  await app.register(observabilityRoutes, { ctx, metrics, readiness: options.readiness ?? {} });
  if (ctx.devIssuer) await app.register(devAuthRoutes, { ctx, prefix: '/dev' });
  await app.register(bcApiRoutes, {
    ctx,
    ...(options.bc?.source ? { source: options.bc.source } : {}),
    ...(options.bc?.limits ? { limits: options.bc.limits } : {}),
    prefix: options.bc?.prefix ?? '/api/v2.0',
  });
  await app.register(membersRoutes, {
    ctx,
    ...(options.bc?.source ? { source: options.bc.source } : {}),
    prefix: '/admin/v1',
  });
  await app.register(syncApi, { ctx, ...options.sync });
  await app.register(scheduleRoutes, {
    prefix: '/sync/v1',
    ctx,
    scheduler: options.scheduler ?? (() => null),
  });
  if (options.cli) await app.register(internalRoutes, { prefix: '/internal', ...options.cli });
  return app;
}
