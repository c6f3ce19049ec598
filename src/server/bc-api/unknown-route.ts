import type { FastifyRequest, RouteOptions } from 'fastify';
import { isUuid } from '../../store/bc-repository.js';
import { shownInput } from '../../platform/shown-input.js';
import { HttpError } from '../http-error.js';
import { quotedRefusal } from '../quoted-refusal.js';

/** One key segment of a route: whatever stands between the parentheses (checked by `key`). */
export const KEY = '(^[^()/]*)';

/** Every path some method may reach; another method on one of them is 405, any other path 404. */
const KNOWN_PATH = /^\/companies\(([^()/]*)\)(?:\/(contacts|countriesRegions)(?:\(([^()/]*)\))?)?\/?$/;

/**
 * A key as sent (bare or in single quotes) as a lower case GUID; 400 BadRequest when it is not one,
 * naming where (`target`: the key's segment, or the path parameter) — never a 404, which would say
 * a well-formed key names nothing.
 */
export function key(raw: string, what: string, target = what): string {
  const id = keyOrNull(raw);
  if (id === null) {
    throw quotedRefusal(
      400,
      'BadRequest',
      { name: 'key', value: raw },
      (shown) => `'${shown}' is not a valid ${what} id (a GUID).`,
      { target, kind: 'format', params: { format: 'uuid' } },
    );
  }
  return id;
}

/** A key as sent (bare or in single quotes) as a lower case GUID; null when it is not one. */
export function keyOrNull(raw: string): string | null {
  const id = raw.replace(/^'(.*)'$/, '$1');
  return isUuid(id) ? id.toLowerCase() : null;
}

/**
 * The company key (as sent) of a path under the API root, read as the router reads it:
 * percent-decoded once, then `/companies(<key>)…`. Null for a path under no company (the service
 * document, `$metadata`, the companies list) and for one that does not decode (refused 400). Why:
 * a $batch's replay access took the key with a regex on the path as sent, which missed
 * `companies%28<id>%29/contacts`, a path the router takes (review RV5).
 */
export function companyKeyOfPath(pathAndQuery: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(pathAndQuery.split('?', 1)[0]!);
  } catch {
    return null;
  }
  return /^\/companies\(([^()/]*)\)/.exec(path)?.[1] ?? null;
}

/**
 * The BC API's catch-all below its prefix: a known path with another method is 405 (BC's
 * BadRequest_MethodNotAllowed) once its company checked out as its own route would check it; anything
 * else is 404. Hidden from the OpenAPI document.
 */
export function unknownRoute(
  prefix: string,
  company: (request: FastifyRequest, rawKey: string) => Promise<unknown>,
): RouteOptions {
  return {
    method: ['GET', 'POST', 'PATCH', 'DELETE'],
    url: '/*',
    // Answers refusals only (404, 405): nothing to keep.
    config: { replay: 'rerun' },
    schema: { hide: true },
    handler: async (request) => {
      const rawPath = request.url.split('?')[0] ?? '';
      let path: string;
      try {
        path = decodeURIComponent(rawPath).slice(prefix.length);
      } catch {
        throw quotedRefusal(
          400,
          'BadRequest',
          { name: 'path', value: rawPath },
          (shown) => `The path '${shown}' is not valid.`,
          { target: 'path', kind: 'percentEncoding' },
        );
      }
      const m = KNOWN_PATH.exec(path);
      const notFound = quotedRefusal(
        404,
        'BadRequest_NotFound',
        { name: 'path', value: rawPath },
        (shown) => `No route ${request.method} ${shown}.`,
        { target: 'path', kind: 'noRoute', params: { method: request.method } },
      );
      if (!m) throw notFound;
      key(m[1] ?? '', 'company');
      const segment = m[2];
      const keyed = segment === 'contacts' || segment === 'countriesRegions';
      if (segment !== undefined && !keyed && m[3] !== undefined) throw notFound;
      // A key that cannot name a record is refused as its own route refuses it, whatever the method.
      if (m[3] !== undefined) key(m[3], segment === 'contacts' ? 'contact' : 'countryRegion');
      if (segment !== undefined) await company(request, m[1] ?? '');
      throw new HttpError(
        405,
        'BadRequest_MethodNotAllowed',
        `'${request.method}' requests for '${shownInput(path)}' are not allowed.`,
      );
    },
  };
}
