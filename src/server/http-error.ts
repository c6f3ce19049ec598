import type { FastifyError, FastifyInstance } from 'fastify';

/**
 * One detail of a refusal: where (`target`), a default English `message`, and the `reason` as data
 * (a code with parameters) for clients that word it themselves.
 */
export interface ErrorDetail {
  readonly target: string;
  readonly message: string;
  readonly reason?: Readonly<Record<string, unknown>> & { readonly kind: string };
}

/** The facade's one error type: becomes `{"error":{"code","message","details"?}}` (OData / BC style). */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: readonly ErrorDetail[],
  ) {
    super(message);
  }
}

export function errorBody(code: string, message: string, details?: HttpError['details']) {
  return { error: { code, message, ...(details && details.length > 0 ? { details } : {}) } };
}

/** Bad input is a 4xx that says what and where; only real faults are 500s, and they hide internals. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | HttpError | Error, request, reply) => {
    if (err instanceof HttpError) {
      return reply.status(err.status).send(errorBody(err.code, err.message, err.details));
    }
    const fe = err as FastifyError;
    if (fe.validation) {
      const details = fe.validation.map((v) => ({
        target: `${fe.validationContext ?? 'request'}${v.instancePath || ''}`,
        message: v.message ?? 'is not valid',
      }));
      return reply
        .status(400)
        .send(errorBody('BadRequest', `The request is not valid: ${fe.message}`, details));
    }
    if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply.status(fe.statusCode).send(errorBody(fe.code ?? 'BadRequest', fe.message));
    }
    request.log.error({ err, method: request.method, url: request.url }, 'request failed');
    return reply.status(500).send(errorBody('InternalServerError', 'Internal Server Error'));
  });
  app.setNotFoundHandler((request, reply) => {
    reply
      .status(404)
      .send(errorBody('BadRequest_NotFound', `No route ${request.method} ${request.url.split('?')[0]}.`));
  });
}
