import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { BadInput, type InputReason } from './bad-input.js';
import { inputParams, shownInput } from './shown-input.js';

/**
 * The Fastify options every server of ours starts with, and the framework's own refusals in the
 * server's error shape (issue 10 §3): what Fastify or Node refuse before any hook of the input
 * guard (http-guard.ts) runs is still a 4xx with a readable code. Shared by the facade and the
 * Graph emulator; each passes its own `render`.
 */

/** Builds a server's JSON error body. */
/** The body of a refusal; `url` is the request's target when a request was parsed (absent at socket level). */
/**
 * Renders a refusal met before any route: status, code, English message, the request's URL when
 * there is one, and the refusal whole (its reason and details as data: the quoted part and its
 * length, so a client need not read the message).
 */
export type ErrorRenderer = (
  status: number,
  code: string,
  message: string,
  url?: string,
  refusal?: FrameworkRefusal,
) => unknown;

/**
 * A user as a request or the CLI names one (a UPN, or the user key <tenant id>:<object id>): at
 * most 320 characters, an e-mail address's limit (RFC 3696 errata: 64 + 1 + 255). The admin API's
 * `{user}`, the CLI's `--user` and its `/internal/runs` route take no longer.
 */
export const MAX_USER_NAME_LENGTH = 320;
/** Longer request targets get 414; Node's 16 KiB header limit answers anything longer with 431. */
export const MAX_URL_LENGTH = 8192;
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

/** A refusal as code and English message, with its reason as data where it has one. */
export interface FrameworkRefusal {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly reason?: InputReason;
  readonly details?: readonly {
    readonly target: string;
    readonly message: string;
    readonly reason: InputReason;
  }[];
}

/**
 * A framework 4xx (Fastify's, or BadInput) as code and message; null for anything else.
 * `bodyLimit` puts the limit into the 413's message.
 */
export function frameworkRefusal(
  error: unknown,
  bodyLimit: number,
  contentType?: string,
  url = '',
): FrameworkRefusal | null {
  const e = error as Partial<FastifyError>;
  const status = e.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return null;
  if (error instanceof BadInput) {
    const { code, message, reason, target } = error;
    if (!reason) return { status, code, message };
    return { status, code, message, reason, details: [{ target: target ?? 'request', message, reason }] };
  }
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
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    const message = `The content type '${shownInput(contentType ?? '')}' is not accepted here; send application/json.`;
    const reason = { kind: 'unsupportedMediaType', ...inputParams('contentType', contentType ?? '') };
    return {
      status,
      code: 'UnsupportedMediaType',
      message,
      reason,
      details: [{ target: 'header.content-type', message, reason }],
    };
  }
  if (e.code === 'FST_ERR_BAD_URL') {
    const segment = undecodableSegment(url);
    const message = `${segment === null ? 'The request URL' : `The path segment '${shownInput(segment)}'`} is not valid percent-encoded UTF-8.`;
    if (segment === null) return { status, code: 'BadRequest_InvalidUrl', message };
    const reason = { kind: 'percentEncoding', ...inputParams('segment', segment) };
    return {
      status,
      code: 'BadRequest_InvalidUrl',
      message,
      reason,
      details: [{ target: 'path', message, reason }],
    };
  }
  // The router's limit is the URL's (guardedServerOptions), so only an overlong URL reaches it.
  if (e.code === 'FST_ERR_MAX_PARAM_LENGTH')
    return {
      status: 414,
      code: 'UriTooLong',
      message: `The request URL is longer than ${MAX_URL_LENGTH} characters.`,
    };
  // Fastify's own words may quote the request (a header's value, a content length): shown as input is.
  return {
    status,
    code,
    message:
      shownInput(e.message ?? '', FRAMEWORK_MESSAGE_MAX) ||
      (STATUS_CODES[status] ?? 'The request is not valid.'),
  };
}

/**
 * How long one plugin may take to start (ms). Fastify's default, 10 s, failed a server start at
 * load 27 (the OpenAPI plugin, startup-concurrency): a busy machine is slow, not broken. Still
 * bounded, so a plugin that never resolves fails the start with Fastify's own error.
 * @internal
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
        message: shownInput(error.message, FRAMEWORK_MESSAGE_MAX),
      };
      void reply
        .code(refusal.status)
        .type('application/json')
        .send(render(refusal.status, refusal.code, refusal.message, request.url, refusal));
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

/**
 * The first path segment of `url` that does not decode as percent-encoded UTF-8, as sent
 * (`contacts(%E2%28)`); null when none is found (the router's own split).
 */
function undecodableSegment(url: string): string | null {
  const path = url.split('?')[0] ?? '';
  for (const part of path.split('/')) {
    try {
      decodeURIComponent(part);
    } catch {
      return part;
    }
  }
  return null;
}

/** The most characters of Fastify's own message a refusal relays. */
const FRAMEWORK_MESSAGE_MAX = 400;
