import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair } from 'jose';
import type { JSONWebKeySet, JWTPayload, JWTVerifyGetKey } from 'jose';
import type { AuthOptions } from './options.js';

/** Claims a test token may carry; anything else in `extra` is copied verbatim. */
export interface TestTokenClaims {
  /** User object id (delegated tokens). */
  oid?: string;
  upn?: string;
  preferredUsername?: string;
  /** App roles, e.g. ['Contacts.ReadWrite'] for app-only tokens. */
  roles?: string[];
  /** Delegated scopes, space separated in the token. */
  scopes?: string[];
  /** Client application id (throttling is per app + mailbox). */
  appId?: string;
  /** Lifetime in seconds (default 3600); negative values mint already-expired tokens; null: no `exp`. */
  expiresInSeconds?: number | null;
  /** The header's `typ` (default JWT); null leaves it out. For tests of what verifiers refuse. */
  typ?: string | null;
  /** The `aud` claim (default the issuer's audience). For tests of a token minted for another API. */
  audience?: string;
  extra?: Record<string, unknown>;
}

export interface TestIssuer {
  issuer: string;
  audience: string;
  jwks: JWTVerifyGetKey;
  publicJwks: JSONWebKeySet;
  /** The options to hand to startableGraphEmulator({ auth }). */
  auth: AuthOptions;
  sign(claims: TestTokenClaims): Promise<string>;
  /** Delegated token for a user (oid + preferred_username). */
  userToken(
    oid: string,
    upn: string,
    extra?: Omit<TestTokenClaims, 'oid' | 'preferredUsername'>,
  ): Promise<string>;
  /** App-only token with `roles` (default Contacts.ReadWrite). */
  appToken(roles?: string[], appId?: string): Promise<string>;
}

const TEST_ISSUER = 'https://login.emulator.local/test-tenant/v2.0';
const GRAPH_AUDIENCE = 'https://graph.microsoft.com';

/** An RS256 issuer for tests and the standalone emulator; keys live only in memory. */
export async function createTestIssuer(issuer = TEST_ISSUER, audience = GRAPH_AUDIENCE): Promise<TestIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'emulator-test-key', alg: 'RS256', use: 'sig' };
  const publicJwks: JSONWebKeySet = { keys: [jwk] };
  const jwks = createLocalJWKSet(publicJwks);

  const sign = async (claims: TestTokenClaims): Promise<string> => {
    const payload: JWTPayload = { ...claims.extra };
    if (claims.oid) payload.oid = claims.oid;
    if (claims.upn) payload.upn = claims.upn;
    if (claims.preferredUsername) payload.preferred_username = claims.preferredUsername;
    if (claims.roles) payload.roles = claims.roles;
    if (claims.scopes) payload.scp = claims.scopes.join(' ');
    payload.appid = claims.appId ?? 'test-app';
    if (!claims.oid && claims.roles) payload.idtyp = 'app';
    const now = Math.floor(Date.now() / 1000);
    const typ = claims.typ === undefined ? 'JWT' : claims.typ;
    const token = new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', kid: jwk.kid, ...(typ === null ? {} : { typ }) })
      .setIssuer(issuer)
      .setAudience(claims.audience ?? audience)
      .setSubject(claims.oid ?? claims.appId ?? 'test-app')
      .setIssuedAt(now);
    if (claims.expiresInSeconds !== null) token.setExpirationTime(now + (claims.expiresInSeconds ?? 3600));
    return token.sign(privateKey);
  };

  return {
    issuer,
    audience,
    jwks,
    publicJwks,
    auth: { issuer, audience, jwks },
    sign,
    userToken: (oid, upn, extra = {}) => sign({ ...extra, oid, preferredUsername: upn }),
    appToken: (roles = ['Contacts.ReadWrite'], appId = 'test-app') => sign({ roles, appId }),
  };
}
