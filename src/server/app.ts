import Fastify from 'fastify';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { FacadeContext } from './context.js';
import { installErrorHandlers } from './http-error.js';
import { devAuthRoutes } from './routes/dev-auth.js';
// route plugins: BC API
// route plugins: sync API

export interface BuildAppOptions {
  readonly ctx: FacadeContext;
  readonly fastify?: FastifyServerOptions;
  /** Extra plugins the process entry mounts (emulator, static pane, scheduler hooks). */
  readonly mount?: (app: FastifyInstance) => Promise<void>;
}

/** The facade as one Fastify app: routes are thin wrappers around core and store. */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { ctx } = options;
  const app = Fastify({ logger: false, ...options.fastify });
  installErrorHandlers(app);
  app.get('/healthz', async () => ({ status: 'ok' }));
  if (ctx.devIssuer) await app.register(devAuthRoutes, { ctx, prefix: '/dev' });
  // register: BC API
  // register: sync API
  if (options.mount) await options.mount(app);
  return app;
}
