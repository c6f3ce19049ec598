import type { FastifyServerOptions } from 'fastify';
import { shownInput } from '../platform/shown-input.js';

/**
 * What the facade's logs never hold (issue 10 §5): bearer tokens and other secrets, e-mail
 * addresses, and contact data — names, phones, addresses — wherever they sit: headers, request
 * URLs (a `$filter` can name a person), error objects and the parameters of a failed SQL statement.
 *
 * Three layers, because no one of them sees everything:
 * - `redact` paths for the keys that carry secrets or contact fields (pino's fast path);
 * - the request serializer logs a URL's path and option names, never option values;
 * - `hooks.streamWrite` scrubs every finished line of e-mail addresses and JWT / bearer tokens,
 *   whatever key or message they hide in.
 */

/** Keys whose values are secrets or contact data, at the top level and one level down. */
const SENSITIVE_KEYS = [
  'authorization',
  'cookie',
  'x-admin-token',
  'token',
  'accessToken',
  'access_token',
  'refresh_token',
  'id_token',
  'clientSecret',
  'client_secret',
  'password',
  'adminToken',
  // SQL statement parameters (pg's `values`, PGlite's `params`) hold contact data.
  'params',
  'parameters',
  'values',
  // Contact fields (BC and Graph names) and user names.
  'displayName',
  'givenName',
  'middleName',
  'surname',
  'name',
  'email',
  'emailAddress',
  'emailAddresses',
  'upn',
  'preferred_username',
  'phoneNumber',
  'mobilePhoneNumber',
  'businessPhones',
  'mobilePhone',
  'homePhones',
  'addressLine1',
  'addressLine2',
  'street',
  'companyName',
  'jobTitle',
];

const ident = (key: string) => /^[A-Za-z_$][\w$]*$/.test(key);
/** `prefix.key`, or `prefix["key"]` for keys that are not identifiers (pino's redact syntax). */
const under = (prefix: string, key: string) => (ident(key) ? `${prefix}.${key}` : `${prefix}["${key}"]`);

const REDACT_PATHS: readonly string[] = [
  ...SENSITIVE_KEYS.filter(ident),
  ...SENSITIVE_KEYS.flatMap((k) => [under('*', k), under('err', k), under('err.cause', k)]),
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-admin-token"]',
];

/**
 * E-mail addresses in any script and in any encoding a URL or a client gives them (F96): as text
 * ("åsa@exämple.fi", an IDN or an `xn--` domain), percent-encoded in either hex case, encoded
 * again (`%2540`) up to MAX_DECODES times, with `+` in the local part. The line is cut into runs
 * of characters an address or its encoding can hold; each run is read as written and then decoded
 * once more at a time, and a run holding an address at any stage is replaced. Linear in the line:
 * one pass for the runs, one per decoding, and an anchored domain match at each `@` (the old
 * unanchored pattern took 10 s for one 16,000-letter word, and an 8,000-character URL path is
 * logged as is).
 */
const RUN = /[\p{L}\p{M}\p{N}._~+\-@%]+/gu;
/** A character a local part (before the `@`) may end with. */
const LOCAL_END = /[\p{L}\p{M}\p{N}._+-]$/u;
/** A domain from just after the `@`: labels, a dot, a top-level domain of letters or `xn--`. */
const DOMAIN =
  /[\p{L}\p{M}\p{N}-]+(?:\.[\p{L}\p{M}\p{N}-]+)*\.(?:[Xx][Nn]--[A-Za-z0-9-]+|[\p{L}\p{M}]{2,})/uy;
/**
 * Encodings undone per run: `%252540` (three layers) and one more.
 * @internal
 */
export const MAX_DECODES = 4;
const ESCAPES = /(?:%[0-9A-Fa-f]{2})+/g;
const utf8 = new TextDecoder();

/** Where the first e-mail address in `text` ends (just after its domain); -1 when none. */
function emailEnd(text: string): number {
  for (let at = text.indexOf('@'); at > 0; at = text.indexOf('@', at + 1)) {
    if (!LOCAL_END.test(text.slice(Math.max(0, at - 2), at))) continue;
    DOMAIN.lastIndex = at + 1;
    if (DOMAIN.test(text)) return DOMAIN.lastIndex;
  }
  return -1;
}

/** `text` with each run of `%XX` escapes read as UTF-8 bytes (a bad sequence reads as U+FFFD). */
function percentDecoded(text: string): string {
  return text.replace(ESCAPES, (escapes) =>
    utf8.decode(Uint8Array.from(escapes.slice(1).split('%'), (hex) => parseInt(hex, 16))),
  );
}

/** One run with its addresses replaced: as written up to each address's end, or encoded whole. */
function scrubRun(run: string): string {
  if (!run.includes('@') && !run.includes('%')) return run;
  let out = '';
  let rest = run;
  for (let end = emailEnd(rest); end >= 0; end = emailEnd(rest)) {
    // What follows the address as written stays: a sentence's full stop, a path's next part.
    out += '[email]';
    rest = rest.slice(end);
  }
  let stage = rest;
  for (let round = 0; round < MAX_DECODES && stage.includes('%'); round++) {
    const decoded = percentDecoded(stage);
    if (decoded === stage) break;
    if (emailEnd(decoded) >= 0) return `${out}[email]`;
    stage = decoded;
  }
  return out + rest;
}

const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const BEARER = /\b(Bearer)\s+[A-Za-z0-9._~+/-]+=*/gi;

/**
 * One log line with e-mail addresses and tokens replaced.
 * @internal
 */
export function scrubLogLine(line: string): string {
  return line.replace(JWT, '[token]').replace(BEARER, '$1 [token]').replace(RUN, scrubRun);
}

/** A request URL as logged: the path and the names of its query options, without their values. */
export function loggableUrl(url: string): string {
  // The path and the option names are the client's: shown as quoted input is (a log line is read in
  // a terminal too), the path to LOGGED_PATH_MAX characters.
  const q = url.indexOf('?');
  if (q < 0) return shownInput(url, LOGGED_PATH_MAX);
  const names = url
    .slice(q + 1)
    .split('&')
    .map((pair) => pair.split('=')[0])
    .filter((name) => name !== '');
  return `${shownInput(url.slice(0, q), LOGGED_PATH_MAX)}?${names.map((n) => `${shownInput(n ?? '')}=…`).join('&')}`;
}

/** The most characters of a request's path a log line keeps. */
const LOGGED_PATH_MAX = 400;

/** Fastify `logger` options for the facade: level plus every redaction above. */
export function facadeLoggerOptions(
  level: string,
  stream?: NodeJS.WritableStream,
): Exclude<FastifyServerOptions['logger'], boolean | undefined> {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
    serializers: {
      req: (req: { method?: string; url?: string; ip?: string }) => ({
        method: req.method,
        url: loggableUrl(req.url ?? ''),
        remoteAddress: req.ip,
      }),
    },
    hooks: { streamWrite: scrubLogLine },
  };
}
