import fc from 'fast-check';
import type { RunningServer } from '../../src/server/main.js';
import type { Endpoint } from './fuzz-inputs.js';

/**
 * The request envelope the API fuzz varies besides path, query and body (issue 10 §3, brief
 * "methods, headers, tokens"): the method, the Authorization header (other principals, tokens
 * without the scope or role, tampered, unsigned, garbage) and the headers a client or a proxy may
 * add. Most inputs keep the endpoint's own method and token, so they still reach its handler.
 */

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
type FuzzMethod = (typeof METHODS)[number];

/** Header names a browser, a proxy or a client library sends; values are fuzzed. */
const HEADER_NAMES = [
  'accept',
  'accept-encoding',
  'accept-language',
  'origin',
  'referer',
  'cookie',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
  'forwarded',
  'if-none-match',
  'prefer',
  'x-http-method-override',
  'x-requested-with',
  'client-request-id',
  'content-encoding',
  'access-control-request-method',
  'access-control-request-headers',
];

const HEADER_VALUES = [
  '',
  '*',
  'null',
  'https://evil.example',
  'https://localhost:3000',
  'DELETE',
  'gzip',
  'application/xml',
  'odata.maxpagesize=0',
  'odata.maxpagesize=99999999',
  '1.2.3.4, 10.0.0.1',
  'for=1.2.3.4;proto=https;host=evil.example',
  'a'.repeat(2000),
];

/** A header value a client could send: visible ASCII and tabs (others are refused before the server). */
const headerValue = fc.oneof(
  fc.constantFrom(...HEADER_VALUES),
  fc.string({ maxLength: 40 }).map((s) => s.replace(/[^\t\x20-\x7e]/g, '')),
);

const b64url = (s: string) => Buffer.from(s).toString('base64url');

/** Which side's routes must refuse a token: the facade's (sync, BC, admin API) or Graph's. */
type Side = 'facade' | 'graph';

export interface FuzzToken {
  readonly authorization: string;
  /** Where it must be refused (401/403 with the error body); elsewhere it may be a real caller. */
  readonly refusedOn: readonly Side[];
}

/** Authorization values of other principals and broken tokens, each with where it is refused. */
export async function hostileTokens(server: RunningServer, facadeToken: string): Promise<FuzzToken[]> {
  const issuer = server.ctx.devIssuer!;
  const bearer = (t: string) => `Bearer ${t}`;
  const [header, payload, signature] = facadeToken.slice('Bearer '.length).split('.');
  const both: Side[] = ['facade', 'graph'];
  const broken = [
    '',
    'Bearer',
    'Bearer ',
    'Bearer x',
    'Basic YW5uOnB3',
    // Unsigned (alg none), the signature cut off, a payload swapped under a valid signature.
    bearer(`${b64url('{"alg":"none","typ":"JWT"}')}.${payload}.`),
    bearer(`${header}.${payload}.`),
    bearer(`${header}.${b64url('{"oid":"x","tid":"y","scp":"Sync.ReadWrite BC.ReadWrite"}')}.${signature}`),
    bearer(`${header}.${b64url('not json')}.x`),
    bearer('a'.repeat(6000)),
  ].map((authorization) => ({ authorization, refusedOn: both }));
  return [
    ...broken,
    // Signed, but for the other side or without the scope or role.
    {
      authorization: bearer(await issuer.userToken('ann@contoso.com', 'facade', { scopes: [] })),
      refusedOn: both,
    },
    { authorization: bearer(await issuer.userToken('ann@contoso.com', 'graph')), refusedOn: ['facade'] },
    { authorization: bearer(await issuer.appToken('facade', [])), refusedOn: ['facade'] },
    { authorization: bearer(await issuer.appToken('graph', [])), refusedOn: ['facade'] },
    // The scheme in another case (RFC 9110 lets a server accept it) and another real user.
    { authorization: `bearer ${facadeToken.slice(7)}`, refusedOn: ['graph'] },
    { authorization: bearer(await issuer.userToken('bob@contoso.com', 'facade')), refusedOn: ['graph'] },
  ];
}

export interface Envelope {
  readonly method: FuzzMethod;
  readonly authorization: string;
  readonly headers: Record<string, string>;
}

/** The envelope for `endpoint`: its own method and token most of the time, anything else sometimes. */
export function envelopes(endpoint: Endpoint, tokens: readonly FuzzToken[]): fc.Arbitrary<Envelope> {
  return fc.record({
    method: fc.oneof(
      { weight: 9, arbitrary: fc.constant<FuzzMethod>(endpoint.method) },
      { weight: 1, arbitrary: fc.constantFrom(...METHODS) },
    ),
    authorization: fc.oneof(
      { weight: 8, arbitrary: fc.constant(endpoint.auth) },
      { weight: 2, arbitrary: fc.constantFrom(...tokens.map((t) => t.authorization)) },
    ),
    headers: fc.oneof(
      { weight: 3, arbitrary: fc.constant({}) },
      { weight: 1, arbitrary: fc.dictionary(fc.constantFrom(...HEADER_NAMES), headerValue, { maxKeys: 3 }) },
    ),
  });
}
