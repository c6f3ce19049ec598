import Fastify from 'fastify';
import type { FastifyInstance, FastifyServerOptions, RouteOptions } from 'fastify';
import type { FacadeContext } from './context.js';
import { guardedServerOptions, installInputGuard } from '../platform/http-guard.js';
import { errorBody, installErrorHandlers } from './http-error.js';
import { createRunMetrics, observeRuns } from './observability.js';
import type { RunMetrics } from './observability.js';
import { observabilityRoutes } from './observability-routes.js';
import { openApi } from './openapi.js';
import { installRateLimits } from './rate-limits.js';
import { installSecurityHeaders } from './security-headers.js';
import { devAuthRoutes } from './routes/dev-auth.js';
import { bcApiRoutes } from './bc-api/routes.js';
import { syncApi } from './sync/api.js';
import type { RunManager, SyncEnvironment } from './sync/run-manager.js';

export interface BuildAppOptions {
  readonly ctx: FacadeContext;
  readonly fastify?: FastifyServerOptions;
  /** Extra plugins the process entry mounts (emulator, static pane, scheduler hooks). */
  readonly mount?: (app: FastifyInstance) => Promise<void>;
  /** The sync API's access to both sides, and the run manager (made from `env` when absent). */
  readonly sync?: { readonly env?: SyncEnvironment; readonly manager?: RunManager };
  /**
   * Run metrics for /metrics. When given, `ctx.stateStore` (and any run manager passed in) must
   * already report to it (`observeRuns`); otherwise the app makes its own and wraps the store.
   */
  readonly metrics?: RunMetrics;
  /** Sees every route as it is registered (route-table tests: OpenAPI coverage, access, isolation). */
  readonly onRoute?: (route: RouteOptions) => void;
  /** Further readiness checks for /readyz (the process entry adds the job queue); throw when not ready. */
  readonly readiness?: Readonly<Record<string, () => Promise<void>>>;
}

/** Largest request body in bytes (README "Limits"); `npm start` raises it for bulk state writes. */
const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** The facade as one Fastify app: routes are thin wrappers around core and store. */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const metrics = options.metrics ?? createRunMetrics();
  const ctx: FacadeContext = options.metrics
    ? options.ctx
    : { ...options.ctx, stateStore: observeRuns(options.ctx.stateStore, metrics) };
  const app = Fastify({
    logger: false,
    bodyLimit: DEFAULT_BODY_LIMIT,
    ...guardedServerOptions((_status, code, message) => errorBody(code, message)),
    ...options.fastify,
  });
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  installErrorHandlers(app);
  // First, so refusals and 404s carry the headers too.
  await installSecurityHeaders(app, ctx.config);
  installInputGuard(app);
  await installRateLimits(app, ctx);
  // Before every route, so the one OpenAPI document sees them all.
  await app.register(openApi);
  app.get('/healthz', async () => ({ status: 'ok' }));
  await app.register(observabilityRoutes, { ctx, metrics, readiness: options.readiness ?? {} });
  if (ctx.devIssuer) await app.register(devAuthRoutes, { ctx, prefix: '/dev' });
  await app.register(bcApiRoutes, { ctx, prefix: '/api/v2.0' });
  await app.register(syncApi, { ctx, ...options.sync });
  if (options.mount) await options.mount(app);
  return app;
}
