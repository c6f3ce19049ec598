import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifyServerOptions,
} from 'fastify';
import { BadInput } from './bad-input.js';
import { bodyRefusal, jsonBodyProblem } from './json-body-guard.js';
import type { TextRule } from './json-body-guard.js';
import { utf8Checked } from './utf8-body.js';
import type { InvalidUtf8 } from './utf8-body.js';

/**
 * Bad input never reaches a handler as something it cannot store or parse (issue 10 §3), and
 * every refusal — the framework's own too — is a 4xx in the server's error shape. Shared by the
 * facade (`{"error":{"code","message"}}`) and the Graph emulator (the same plus `innerError`):
 * each passes its own `render`.
 */

/** Builds a server's JSON error body. */
export type ErrorRenderer = (status: number, code: string, message: string) => unknown;

/** Longer request targets get 414; Node's 16 KiB header limit answers anything longer with 431. */
const MAX_URL_LENGTH = 8192;
/**
 * Path parameters (ids, keys) longer than this get 400 naming the parameter (F67). No id of ours,
 * BC's (a GUID) or Graph's (about 150 characters) comes near it.
 */
export const MAX_PARAM_LENGTH = 500;

/** `Forbidden`, `NotFound`, `TooManyRequests`…: the HTTP reason phrase as a code. */
function statusName(status: number): string {
  return (STATUS_CODES[status] ?? 'BadRequest').replace(/[^A-Za-z]/g, '');
}

/** Readable codes for the framework's refusals (Fastify's FST_ERR_* names are internals). */
const FRAMEWORK_CODES: Readonly<Record<string, string>> = {
  FST_ERR_BAD_URL: 'BadRequest_InvalidUrl',
  FST_ERR_MAX_PARAM_LENGTH: 'UriTooLong',
  FST_ERR_CTP_BODY_TOO_LARGE: 'RequestEntityTooLarge',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UnsupportedMediaType',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BadRequest',
  FST_ERR_CTP_INVALID_JSON_BODY: 'BadRequest_InvalidJson',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BadRequest_InvalidJson',
  FST_ERR_CTP_INSTANCE_ALREADY_STARTED: 'BadRequest',
  FST_ERR_BAD_STATUS_CODE: 'BadRequest',
};

/**
 * A framework 4xx (Fastify's, or BadInput) as code and message; null for anything else.
 * `bodyLimit` puts the limit into the 413's message.
 */
export function frameworkRefusal(
  error: unknown,
  bodyLimit: number,
  contentType?: string,
  url = '',
): { status: number; code: string; message: string } | null {
  const e = error as Partial<FastifyError>;
  const status = e.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return null;
  if (error instanceof BadInput) return { status, code: error.code, message: error.message };
  // Unknown framework codes get the status's own name, so code and status always agree.
  const code =
    (e.code && FRAMEWORK_CODES[e.code]) ??
    (e.code?.startsWith('FST_') || !e.code ? statusName(status) : e.code);
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return {
      status,
      code: 'RequestEntityTooLarge',
      message: `The request body is larger than ${bodyLimit} bytes.`,
    };
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return {
      status,
      code: 'UnsupportedMediaType',
      message: `The content type '${contentType ?? ''}' is not accepted here; send application/json.`,
    };
  if (e.code === 'FST_ERR_BAD_URL')
    return {
      status,
      code: 'BadRequest_InvalidUrl',
      message: `${undecodableSegment(url)} is not valid percent-encoded UTF-8.`,
    };
  // The router's limit is the URL's (guardedServerOptions), so only an overlong URL reaches it.
  if (e.code === 'FST_ERR_MAX_PARAM_LENGTH')
    return {
      status: 414,
      code: 'UriTooLong',
      message: `The request URL is longer than ${MAX_URL_LENGTH} characters.`,
    };
  return { status, code, message: e.message || (STATUS_CODES[status] ?? 'The request is not valid.') };
}

/**
 * How long one plugin may take to start (ms). Fastify's default, 10 s, failed a server start at
 * load 27 (the OpenAPI plugin, startup-concurrency): a busy machine is slow, not broken. Still
 * bounded, so a plugin that never resolves fails the start with Fastify's own error.
 */
export const PLUGIN_START_TIMEOUT_MS = 300_000;

/**
 * The Fastify options every server of ours starts with: errors raised before any hook runs (bad
 * URL encoding, overlong path parameters, unparsable HTTP, oversized headers) go through
 * `render`, and plugins get PLUGIN_START_TIMEOUT_MS to start.
 */
export function guardedServerOptions(
  render: ErrorRenderer,
): Pick<
  FastifyServerOptions,
  | 'frameworkErrors'
  | 'clientErrorHandler'
  | 'routerOptions'
  | 'onProtoPoisoning'
  | 'onConstructorPoisoning'
  | 'pluginTimeout'
> {
  return {
    pluginTimeout: PLUGIN_START_TIMEOUT_MS,
    // The router would skip a route whose parameter is longer than its limit and answer 404, 405 or
    // 414 by whichever route matched next (F67); with the URL's own limit every route matches and
    // the input guard refuses an overlong parameter by name (paramRefusal).
    routerOptions: { maxParamLength: MAX_URL_LENGTH },
    // A body with `__proto__` (or `constructor.prototype`) is refused, but by the input guard's body
    // walk, which names the property and where (jsonBodyProblem); Fastify's own check ('error') could
    // only say "not valid JSON". JSON.parse keeps such a key as a plain own property, and the walk
    // runs before any handler or validation reads the body.
    onProtoPoisoning: 'ignore',
    onConstructorPoisoning: 'ignore',
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const refusal = frameworkRefusal(error, 0, undefined, request.url) ?? {
        status: 400,
        code: 'BadRequest',
        message: error.message,
      };
      void reply
        .code(refusal.status)
        .type('application/json')
        .send(render(refusal.status, refusal.code, refusal.message));
    },
    clientErrorHandler: (error: Error & { code?: string }, socket: Socket) => {
      if (error.code === 'ECONNRESET' || socket.destroyed) return;
      const [status, code, message] =
        error.code === 'HPE_HEADER_OVERFLOW'
          ? [431, 'RequestHeaderFieldsTooLarge', 'The request line and headers exceed 16 KiB.']
          : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? [408, 'RequestTimeout', 'The request took too long to arrive.']
            : [400, 'BadRequest', 'The request is not valid HTTP.'];
      const body = JSON.stringify(render(status, code, message));
      if (socket.writable) {
        socket.write(
          `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: application/json; charset=utf-8\r\n` +
            `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
      }
      socket.destroy(error);
    },
  };
}

/** Raw or percent-encoded NUL. */
const holdsNul = (text: string): boolean => text.includes('\u0000') || text.toLowerCase().includes('%00');

/** Where the request target holds a NUL (U+0000), in words; null when it holds none. */
function nulInUrl(url: string): string | null {
  if (!holdsNul(url)) return null;
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  if (holdsNul(path)) {
    const part = path.split('/').find(holdsNul) ?? '';
    const shown = part.replaceAll('\u0000', '\\0');
    return `the path segment '${shown.length > 60 ? `${shown.slice(0, 60)}…` : shown}'`;
  }
  for (const pair of url.slice(q + 1).split('&')) {
    if (!holdsNul(pair)) continue;
    const name = pair.split('=')[0] ?? '';
    let decoded = name;
    try {
      decoded = decodeURIComponent(name.replaceAll('+', ' '));
    } catch {
      // An undecodable name is still named as sent.
    }
    return `the query option '${decoded.replaceAll('\u0000', '\\0')}'`;
  }
  return 'the query';
}

/**
 * The first path segment of `url` that does not decode as percent-encoded UTF-8, in words ("the
 * path segment 'contacts(%E2%28)'"); "The request URL" when none is found (the router's own split).
 */
function undecodableSegment(url: string): string {
  const path = url.split('?')[0] ?? '';
  for (const part of path.split('/')) {
    try {
      decodeURIComponent(part);
    } catch {
      return `The path segment '${part.length > 60 ? `${part.slice(0, 60)}…` : part}'`;
    }
  }
  return 'The request URL';
}

/**
 * The refusal for a named path parameter that can name nothing (F67): one holding NUL, or longer
 * than MAX_PARAM_LENGTH; null when every parameter is fine. Wildcard parameters (`*`: the rest of
 * a path, not an id) are left to their route.
 */
function paramRefusal(params: unknown): BadInput | null {
  if (typeof params !== 'object' || params === null) return null;
  for (const [name, value] of Object.entries(params as Record<string, unknown>)) {
    if (name === '*' || typeof value !== 'string') continue;
    if (value.includes('\u0000'))
      return new BadInput(
        400,
        'BadRequest_InvalidCharacter',
        `The character U+0000 (NUL) is not allowed in the path parameter '${name}'.`,
      );
    if (value.length > MAX_PARAM_LENGTH)
      return new BadInput(
        400,
        'BadRequest_InvalidKey',
        `The path parameter '${name}' is ${value.length} characters long; at most ${MAX_PARAM_LENGTH} are allowed.`,
      );
  }
  return null;
}

/** A body follows the headers (RFC 9112 §6.3: Content-Length above 0, or Transfer-Encoding). */
const hasBody = (request: FastifyRequest): boolean =>
  request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;

/**
 * Route config flag: the route takes image bodies (`image/*`) as bytes, which are not text (the Graph
 * emulator's PUT …/contacts/{id}/photo/$value). Every other route's body must be UTF-8.
 */
export const IMAGE_BODIES = 'acceptsImageBodies';

const isImageBody = (request: FastifyRequest): boolean =>
  (request.routeOptions.config as unknown as Record<string, unknown> | undefined)?.[IMAGE_BODIES] === true &&
  /^image\//i.test(request.headers['content-type'] ?? '');

/** The refusal for a body that is not UTF-8: the byte, its offset and, in JSON, the value's pointer. */
function utf8Refusal(found: InvalidUtf8): BadInput {
  const byte = `0x${found.byte.toString(16).toUpperCase().padStart(2, '0')}`;
  const where =
    found.at === null ? '' : ` (in the ${found.inName ? 'property name' : 'value'} at ${found.at})`;
  return new BadInput(
    400,
    'BadRequest_InvalidCharacter',
    `The request body is not valid UTF-8: the byte ${byte} at offset ${found.offset}${where} does not begin or continue a character; send text as UTF-8.`,
  );
}

/** The refusal for a bad request target, or null. */
function urlRefusal(url: string): BadInput | null {
  if (url.length > MAX_URL_LENGTH)
    return new BadInput(
      414,
      'UriTooLong',
      `The request URL is ${url.length} characters long; at most ${MAX_URL_LENGTH} are allowed.`,
    );
  const where = nulInUrl(url);
  if (where)
    return new BadInput(
      400,
      'BadRequest_InvalidCharacter',
      `The character U+0000 (NUL) is not allowed in ${where}.`,
    );
  const option = undecodableOption(url);
  if (option !== null)
    return new BadInput(
      400,
      'BadRequest_InvalidUrl',
      `The query option '${option}' is not valid percent-encoded UTF-8 (an unpaired surrogate, for one, has no UTF-8 form).`,
    );
  return null;
}

/**
 * The name (as sent) of the first query option whose name or value does not decode as
 * percent-encoded UTF-8, or null. The router refuses such a path (FST_ERR_BAD_URL); the query
 * parser instead kept such text raw or as U+FFFD, so `%ED%A0%80` (an encoded lone surrogate) or a
 * bare `%` reached handlers as something else than was sent: refused the same as the path.
 */
function undecodableOption(url: string): string | null {
  const q = url.indexOf('?');
  if (q < 0 || !url.includes('%', q)) return null;
  for (const pair of url.slice(q + 1).split('&')) {
    if (!pair.includes('%')) continue;
    try {
      decodeURIComponent(pair.replaceAll('+', ' '));
    } catch {
      return pair.split('=')[0] ?? '';
    }
  }
  return null;
}

/**
 * The first query option or path parameter that validation coerced to a non-finite number
 * (`?limit=1e309` becomes Infinity and passes an integer schema's `maximum` in Ajv), or null.
 */
function nonFiniteOption(request: FastifyRequest): BadInput | null {
  for (const [source, where] of [
    [request.query, 'query option'],
    [request.params, 'path parameter'],
  ] as const) {
    if (typeof source !== 'object' || source === null) continue;
    for (const [name, value] of Object.entries(source as Record<string, unknown>)) {
      const values: unknown[] = Array.isArray(value) ? value : [value];
      if (values.some((v) => typeof v === 'number' && !Number.isFinite(v)))
        return new BadInput(
          400,
          'BadRequest_NumberOutOfRange',
          `The ${where} '${name}' is a number too large to represent; numbers must be finite.`,
        );
    }
  }
  return null;
}

/**
 * Adds the checks to `app` itself (not encapsulated: every route registered after sees them):
 * the URL before routing work (NUL, and query options that are not percent-encoded UTF-8), the
 * body's bytes before parsing (UTF-8 only), the parsed body before validation, the validated (coerced) query options and path parameters before
 * the handler.
 * `rule`: which text is refused (default: all text no store can hold).
 */
export function installInputGuard(app: FastifyInstance, rule: TextRule = {}): void {
  app.addHook('onRequest', async (request) => {
    // Routing is done here, so a parameter is refused by its name before the URL as a whole.
    const refusal =
      (request.url.length > MAX_URL_LENGTH ? urlRefusal(request.url) : null) ??
      paramRefusal(request.params) ??
      urlRefusal(request.url);
    if (refusal) throw refusal;
    // A Content-Type describes content (RFC 9110 §8.3); a request without any has nothing to
    // parse. Clients send `application/json` on every call, DELETE and body-less POSTs too, and
    // Fastify's JSON parser refused those as "Body cannot be empty" (tester F52): dropped here,
    // so a body-less request is answered the same whatever Content-Type it names.
    if (!hasBody(request)) delete request.raw.headers['content-type'];
  });
  // Before any content-type parser decodes the body (which would turn bad bytes into U+FFFD).
  app.addHook('preParsing', async (request, _reply, payload) =>
    hasBody(request) && !isImageBody(request) ? utf8Checked(payload, utf8Refusal) : payload,
  );
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined || request.body === null) return;
    const problem = jsonBodyProblem(request.body, rule);
    if (problem) throw bodyRefusal(problem);
  });
  app.addHook('preHandler', async (request) => {
    const refusal = nonFiniteOption(request);
    if (refusal) throw refusal;
  });
}
