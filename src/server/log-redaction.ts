import type { FastifyServerOptions } from 'fastify';

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
 * An e-mail address in any script, as text or percent-encoded in a URL path: local part and domain
 * labels of letters (any language: "åsa@exämple.fi", an IDN), marks, digits and `%XX` escapes;
 * `@` as is or `%40`; a top-level domain of letters, escapes or an `xn--` (punycode) label.
 */
const CHAR = String.raw`[\p{L}\p{M}\p{N}]|%[0-9A-Fa-f]{2}`;
const EMAIL = new RegExp(
  String.raw`(?:${CHAR}|[._+-])+(?:@|%40)(?:${CHAR}|-)+(?:\.(?:${CHAR}|-)+)*\.(?:xn--[A-Za-z0-9-]+|(?:[\p{L}\p{M}]|%[0-9A-Fa-f]{2}){2,})`,
  'gu',
);
const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const BEARER = /\b(Bearer)\s+[A-Za-z0-9._~+/-]+=*/gi;

/** One log line with e-mail addresses and tokens replaced. */
export function scrubLogLine(line: string): string {
  return line.replace(JWT, '[token]').replace(BEARER, '$1 [token]').replace(EMAIL, '[email]');
}

/** A request URL as logged: the path and the names of its query options, without their values. */
export function loggableUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const names = url
    .slice(q + 1)
    .split('&')
    .map((pair) => pair.split('=')[0])
    .filter((name) => name !== '');
  return `${url.slice(0, q)}?${names.map((n) => `${n}=…`).join('&')}`;
}

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
