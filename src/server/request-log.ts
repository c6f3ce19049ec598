import { LogController } from 'fastify';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';

/**
 * One line per request, at the level its answer deserves (helper newuser: `npm start` printed two
 * JSON lines for every request of the pane, mixed into the start-up banner, at the default level
 * `info`). A server error is an `error`, a refusal (4xx) a `warn`, anything else `debug`: at the
 * default level only what went wrong shows; LOG_LEVEL=debug shows every request. Fastify's own
 * request lines (`incoming request`, `request completed`, both at info) are turned off for this,
 * through a log controller: Fastify 5.12 warns (FSTDEP023, printed at every start) on the top-level
 * `disableRequestLogging`.
 */
export const REQUEST_LOG_OPTIONS: Pick<FastifyServerOptions, 'logController'> = {
  logController: new LogController({ disableRequestLogging: true }),
};

/** @internal The level a request's one line is logged at (exported for its table test). */
export type RequestLogLevel = 'error' | 'warn' | 'debug';

/**
 * @internal A request's log level by its status code: 5xx error, 4xx warn (a refused request), else debug,
 * so LOG_LEVEL=info shows only failed requests. Exported for its table test.
 */
export function requestLogLevel(statusCode: number): RequestLogLevel {
  if (statusCode >= 500) return 'error';
  if (statusCode >= 400) return 'warn';
  return 'debug';
}

export function installRequestLog(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    const level = requestLogLevel(reply.statusCode);
    // The `req` serializer (log-redaction.ts) keeps method, scrubbed URL and address only.
    request.log[level]({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  });
}
