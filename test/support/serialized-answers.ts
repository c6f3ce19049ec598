import { isDeepStrictEqual } from 'node:util';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Issue 13 §5: Fastify's response serializer writes only what a route's response schema names, so
 * a field the schema forgot is silently lost from the answer. This watches every JSON answer of an
 * app: the object a handler returned (preSerialization) against the text sent (onSend). Any
 * difference — a dropped field, a value coerced to another type — is listed as
 * `METHOD url: handler <json> sent <json>`. The test harnesses fail their close() on any.
 */
export function watchSerialization(app: FastifyInstance): { readonly differences: string[] } {
  const returned = new WeakMap<FastifyRequest, unknown>();
  const differences: string[] = [];
  app.addHook('preSerialization', async (request, _reply, payload) => {
    returned.set(request, payload);
    return payload;
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (!returned.has(request) || typeof payload !== 'string') return payload;
    if (!/json/.test(String(reply.getHeader('content-type')))) return payload;
    // What the handler's object is as JSON, without any schema: the answer it meant to give.
    const meant: unknown = JSON.parse(JSON.stringify(returned.get(request)) ?? 'null');
    const sent: unknown = JSON.parse(payload);
    if (!isDeepStrictEqual(sent, meant))
      differences.push(
        `${request.method} ${request.routeOptions.url ?? request.url}: handler ${JSON.stringify(meant)} sent ${payload}`,
      );
    return payload;
  });
  return { differences };
}

/** Throws with every difference watchSerialization saw (a harness's close() calls it). */
export function assertNothingLost(watch: { readonly differences: string[] }): void {
  if (watch.differences.length > 0)
    throw new Error(`Response serialization changed answers:\n${watch.differences.join('\n')}`);
}
