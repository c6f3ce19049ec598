import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { runBatch } from './batch.js';
import { MAX_PHOTO_BYTES, photoTooLarge } from './contact-photo.js';
import type { GraphEmulator, Outcome } from './emulator.js';
import { IMAGE_BODIES, hasBody } from '../platform/http-guard.js';
import { jsonBodyProblem, bodyRefusal } from '../platform/json-body-guard.js';
import { parseBoundedJson } from '../platform/json-bounds.js';
import { BadInput } from '../platform/bad-input.js';
import { GRAPH_ROUTE_BODY_LIMIT, graphBodyLimit } from './body-limits.js';
import { GraphError, errorBody, malformedJson, toGraphError } from './errors.js';
import type { RequestIds } from './errors.js';
import { bodyText } from './graph-request.js';
import type { GraphRequest, Principal } from './graph-request.js';

export interface GraphPluginOptions {
  emulator: GraphEmulator;
}

function flattenHeaders(request: FastifyRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** A body over the image parser's limit: a photo over Graph's 4 MB (from Content-Length or counted). */
const isPhotoTooLarge = (error: unknown, request: FastifyRequest): boolean =>
  (error as { code?: unknown }).code === 'FST_ERR_CTP_BODY_TOO_LARGE' &&
  /^image\//i.test(request.headers['content-type'] ?? '');

/** Unpaired surrogates pass, as Graph documents no refusal of them (http-guard.ts TextRule). */
export const GRAPH_TEXT_RULE = { allowLoneSurrogates: true } as const;

/** The body's refusal when it is larger than `limit` bytes (a chunked body has no Content-Length). */
const tooLarge = (limit: number): GraphError =>
  new GraphError(413, 'RequestEntityTooLarge', `The request body is larger than ${limit} bytes.`);

function parseBody(raw: unknown, limit: number): unknown {
  // An image (a contact photo's PUT …/photo/$value) stays bytes.
  if (Buffer.isBuffer(raw)) return raw.length === 0 ? undefined : raw;
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  if (Buffer.byteLength(raw) > limit) throw tooLarge(limit);
  let body: unknown;
  try {
    // Its shape is scanned before JSON.parse builds it (json-bounds.ts, F91).
    body = parseBoundedJson(raw, limit);
  } catch (e) {
    if (e instanceof BadInput && e.code !== 'BadRequest_InvalidJson')
      throw new GraphError(e.statusCode, 'BadRequest', e.message);
    throw malformedJson();
  }
  // Graph refuses NUL and absurd nesting with a 400; the emulator is as strict (issue 10 §3).
  const problem = jsonBodyProblem(body, GRAPH_TEXT_RULE);
  if (problem) throw new GraphError(400, 'BadRequest', bodyRefusal(problem).message);
  return body;
}

async function send(reply: FastifyReply, outcome: Outcome, ids: RequestIds): Promise<void> {
  const { status, headers, body } = outcome.response;
  const named = { ...headers, 'request-id': ids.requestId, 'client-request-id': ids.clientRequestId };
  if (outcome.drop) {
    // The connection dies instead of answering. Destroying the response ends the socket on HTTP
    // and rejects an in-process `inject` the same way (light-my-request settles on the response's
    // error), so every path sees a dropped connection; a socket-only destroy left injected calls
    // pending forever (issue 9 §3).
    reply.hijack();
    const cut = (): void => {
      const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      reply.raw.destroy(reset);
      // An injected request's socket is a stand-in without destroy.
      const socket = reply.request.raw.socket as { destroy?: unknown } | undefined;
      if (typeof socket?.destroy === 'function') reply.request.raw.socket.destroy();
    };
    const text = body === undefined || status === 204 ? '' : bodyText(body);
    // An answer without a body has nothing to cut: over plain http Chromium reads a truncated
    // header block as a whole answer, so it ends before its first byte instead.
    if (outcome.drop === 'beforeAnswer' || text === '') return cut();
    // A lost answer as a browser meets it (F34): the status line, the headers and half the body
    // arrive, then the connection ends. With no byte at all, a browser resends the request itself
    // on a reused keep-alive connection, and the client never learns its write was in doubt.
    reply.raw.writeHead(status, { ...named, 'content-length': Buffer.byteLength(text) });
    reply.raw.write(text.slice(0, Math.floor(text.length / 2)), cut);
    return;
  }
  reply.code(status).headers(named);
  if (body === undefined || status === 204) await reply.send();
  else if (Buffer.isBuffer(body)) await reply.send(body);
  else await reply.send(bodyText(body));
}

/**
 * The Graph API surface. Register it with the version root as prefix (`/v1.0` standalone,
 * `/graph/v1.0` in the facade): links are built from the request's protocol/host plus this prefix.
 */
export const graphApiPlugin: FastifyPluginAsync<GraphPluginOptions> = async (app, { emulator }) => {
  // Own body parsing, so malformed JSON gets Graph's 400 body instead of Fastify's.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  // Images are bytes, not text (contact-photo.ts); the input guard leaves their bytes alone. Their
  // limit is Graph's photo limit, checked against Content-Length before the body is read (F77).
  app.addContentTypeParser(
    /^image\//i,
    { parseAs: 'buffer', bodyLimit: MAX_PHOTO_BYTES },
    (_request, body, done) => done(null, body),
  );

  // Refusals raised before the handler (input guard, body limit, bad URL) in Graph's shape.
  app.setErrorHandler(async (error, request, reply) => {
    const graphError = isPhotoTooLarge(error, request)
      ? photoTooLarge(Number(request.headers['content-length']) || null)
      : toGraphError(error, request.routeOptions.bodyLimit ?? 0, request.headers['content-type']);
    const ids = emulator.newIds(request.headers['client-request-id'] as string | undefined);
    await reply
      .code(graphError.status)
      .headers({
        ...graphError.headers,
        'request-id': ids.requestId,
        'client-request-id': ids.clientRequestId,
      })
      .send(errorBody(graphError, ids));
  });

  const prefix = app.prefix;
  const pathOf = (request: FastifyRequest): string =>
    new URL(request.url, 'http://emulator.invalid').pathname.slice(prefix.length) || '/';
  /** Each request's caller, or why it has none: known before its body is read. */
  const callers = new WeakMap<FastifyRequest, Promise<Principal>>();
  /**
   * When each request reached the emulator: its latency runs from there, so the token check and
   * reading and parsing the body are inside it (emulator.ts).
   */
  const arrivals = new WeakMap<FastifyRequest, number>();
  const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const arrivedAt = arrivals.get(request) ?? emulator.now();
    const headers = flattenHeaders(request);
    const ids = emulator.newIds(headers['client-request-id']);
    const url = new URL(request.url, 'http://emulator.invalid');
    const path = url.pathname.slice(prefix.length) || '/';
    let outcome: Outcome;
    try {
      const principal = await (callers.get(request) ?? emulator.authenticate(headers.authorization));
      const limit = graphBodyLimit(request.method, path, headers['content-type']);
      const req: GraphRequest = {
        method: request.method.toUpperCase(),
        path,
        query: url.searchParams,
        headers,
        // A call that takes no body is answered before one is read (onRequest below).
        body: limit === null ? undefined : parseBody(request.body, limit),
        baseUrl: `${request.protocol}://${request.host}${prefix}`,
      };
      const isBatch = decodeURIComponent(path).toLowerCase() === '/$batch';
      if (isBatch && req.method === 'POST')
        outcome = await runBatch(emulator, principal, req, ids, arrivedAt);
      else outcome = await emulator.execute(principal, req, false, ids, arrivedAt);
    } catch (error) {
      outcome = { response: emulator.errorResponse(error, ids), drop: null, endedAt: arrivedAt };
    }
    await send(reply, outcome, ids);
  };
  // Before the body is read (F91): the caller is known, and a call that is refused or takes no body
  // is answered at once; one that takes a body is held to its own limit from its Content-Length.
  app.addHook('onRequest', async (request, reply) => {
    arrivals.set(request, emulator.now());
    emulator.counters.httpRequest();
    const caller = emulator.authenticate(flattenHeaders(request).authorization);
    callers.set(request, caller);
    const known = await caller.then(
      () => true,
      () => false,
    );
    if (!hasBody(request)) return;
    const type = request.headers['content-type'];
    const limit = graphBodyLimit(request.method, pathOf(request), type);
    if (!known || limit === null) {
      await handler(request, reply);
      return reply;
    }
    const length = Number(request.headers['content-length']);
    if (length > limit) throw /^image\//i.test(type ?? '') ? photoTooLarge(length) : tooLarge(limit);
    return undefined;
  });
  app.route({
    method: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'],
    url: '/*',
    bodyLimit: GRAPH_ROUTE_BODY_LIMIT,
    handler,
    config: { [IMAGE_BODIES]: true } as Record<string, unknown>,
  });
};
