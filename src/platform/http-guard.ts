import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadInput } from './bad-input.js';
import { inputParams, shownInput } from './shown-input.js';
import { bodyRefusal, jsonBodyProblem } from './json-body-guard.js';
import { parseBoundedJson } from './json-bounds.js';
import { duplicateKey, duplicateKeyRefusal } from './json-duplicate-keys.js';
import { jsonCharsetRefusal } from './json-charset.js';
import type { TextRule } from './json-body-guard.js';
import { MAX_PARAM_LENGTH, MAX_URL_LENGTH } from './server-options.js';
import { utf8Checked } from './utf8-body.js';
import type { InvalidUtf8 } from './utf8-body.js';

/**
 * Bad input never reaches a handler as something it cannot store or parse (issue 10 §3), and
 * every refusal — the framework's own too — is a 4xx in the server's error shape. Shared by the
 * facade (`{"error":{"code","message"}}`) and the Graph emulator (the same plus `innerError`):
 * each passes its own `render`.
 */

/** Raw or percent-encoded NUL. */
const holdsNul = (text: string): boolean => text.includes('\u0000') || text.toLowerCase().includes('%00');

/** Where the request target holds a NUL (U+0000), in words and as data; null when it holds none. */
function nulInUrl(url: string): { words: string; params: Readonly<Record<string, string | number>> } | null {
  if (!holdsNul(url)) return null;
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  if (holdsNul(path)) {
    const part = path.split('/').find(holdsNul) ?? '';
    return { words: `the path segment '${shownInput(part)}'`, params: inputParams('segment', part) };
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
    return { words: `the query option '${shownInput(decoded)}'`, params: inputParams('option', decoded) };
  }
  return { words: 'the query', params: {} };
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
export const hasBody = (request: FastifyRequest): boolean =>
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
    found.at === null
      ? ''
      : ` (in the ${found.inName ? 'property name' : 'value'} at ${shownInput(found.at)})`;
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
  const nul = nulInUrl(url);
  if (nul)
    return new BadInput(
      400,
      'BadRequest_InvalidCharacter',
      `The character U+0000 (NUL) is not allowed in ${nul.words}.`,
      { kind: 'nulInUrl', ...nul.params },
      'url',
    );
  const option = undecodableOption(url);
  if (option !== null)
    return new BadInput(
      400,
      'BadRequest_InvalidUrl',
      `The query option '${shownInput(option)}' is not valid percent-encoded UTF-8 (an unpaired surrogate, for one, has no UTF-8 form).`,
      { kind: 'undecodableOption', ...inputParams('option', option) },
      'url',
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
          `The ${where} '${shownInput(name)}' is a number too large to represent; numbers must be finite.`,
          { kind: 'numberOutOfRange', ...inputParams('option', name) },
          where === 'query option' ? 'url' : 'path',
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
  // Bodies are JSON only (F108): Fastify's own text/plain parser handed a route a string, refused
  // as "body must be object" (400). Without it, every other content type is 415 at one place
  // (Fastify's FST_ERR_CTP_INVALID_MEDIA_TYPE, worded by frameworkRefusal). Plugins that take more
  // (the Graph emulator's own parsers, its photo bytes) add theirs in their own scope.
  app.removeContentTypeParser('text/plain');
  // JSON is scanned for its shape before JSON.parse builds it (json-bounds.ts, F91).
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    try {
      const parsed = parseBoundedJson(body as string, request.routeOptions.bodyLimit ?? 0);
      // A name given twice would keep its last value unsaid (json-duplicate-keys.ts).
      const duplicate = duplicateKey(body as string);
      if (duplicate) throw duplicateKeyRefusal(duplicate);
      done(null, parsed);
    } catch (e) {
      done(e as Error, undefined);
    }
  });
  app.addHook('onRequest', async (request) => {
    // A CORS preflight (or any OPTIONS) has no use for a body: refused before it is read (F91).
    if (request.method === 'OPTIONS' && hasBody(request))
      throw new BadInput(400, 'BadRequest', 'An OPTIONS request takes no body.');
    // No route: refused before its body is read (F91), as the not-found handler would answer.
    if (request.is404 && hasBody(request))
      throw new BadInput(
        404,
        'BadRequest_NotFound',
        `No route ${request.method} ${shownInput(request.url.split('?')[0] ?? '')}.`,
      );
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
    else {
      const charset = jsonCharsetRefusal(request.headers['content-type']);
      if (charset) throw charset;
    }
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
