import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import type { Identity } from './identity.js';
import { userKeyOf } from './identity.js';

export interface TokenVerifierOptions {
  /** Accepted `iss` values (exact match). */
  readonly issuer: string | string[];
  /** Accepted `aud` values: the API's client id and/or its application ID URI. */
  readonly audience: string | string[];
  readonly jwks: JWTVerifyGetKey;
  /** The only tenant (`tid`) whose users and apps are accepted. */
  readonly tenantId: string;
  /** Seconds of clock difference tolerated on exp/nbf (default 60). */
  readonly clockToleranceSeconds?: number;
}

export class AuthError extends Error {
  override readonly name = 'AuthError';
}

export type TokenVerifier = (authorization: string | undefined) => Promise<Identity>;

function claim(p: JWTPayload, name: string): string | null {
  const v = p[name];
  return typeof v === 'string' && v !== '' ? v : null;
}

/** jose's error codes and claim names, as the reason a client can act on. */
function refusal(e: unknown): string {
  const { code, claim: failed } = e as { code?: string; claim?: string };
  if (code === 'ERR_JWT_EXPIRED') return 'the token has expired';
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
    if (failed === 'exp') return 'the token has no expiry (exp)';
    if (failed === 'nbf') return 'the token is not valid yet (nbf is in the future)';
    if (failed === 'typ') return 'the token type (typ header) is not JWT';
    if (failed === 'iss') return 'the issuer is not the configured tenant';
    if (failed === 'aud') return "the audience is not this API's client id or application ID URI";
    return `claim ${failed ?? '?'} is not valid`;
  }
  if (code === 'ERR_JOSE_ALG_NOT_ALLOWED') return 'the signing algorithm is not RS256';
  return 'signature or format is not valid';
}

/**
 * Verifies `Authorization: Bearer <jwt>` as an Entra ID v2.0 access token of one tenant:
 * RS256 signature by the key set, header `typ` JWT, `iss`, `aud`, `exp` present and not passed,
 * `nbf` not in the future, `ver` 2.0 and `tid` the configured tenant. A token with `scp` is
 * delegated (a user: `oid` and `tid` required); one without is app-only (`roles`).
 * Throws AuthError (the facade answers 401) with the reason.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const tenant = options.tenantId.toLowerCase();
  return async (authorization) => {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '');
    if (!m?.[1]) throw new AuthError('A bearer token is required (Authorization: Bearer <token>).');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(m[1], options.jwks, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ['RS256'],
        typ: 'JWT',
        requiredClaims: ['exp'],
        clockTolerance: options.clockToleranceSeconds ?? 60,
      }));
    } catch (e) {
      throw new AuthError(`The bearer token was refused: ${refusal(e)}.`);
    }
    if (claim(payload, 'ver') !== '2.0')
      throw new AuthError('The bearer token was refused: only v2.0 access tokens are accepted (ver).');
    const tid = claim(payload, 'tid');
    if (tid === null || tid.toLowerCase() !== tenant)
      throw new AuthError('The bearer token was refused: the token is not from the configured tenant (tid).');
    const scp = claim(payload, 'scp');
    // App roles: an app's (application permissions) or, in a delegated token, the user's own.
    const roles = Array.isArray(payload.roles)
      ? payload.roles.filter((r): r is string => typeof r === 'string')
      : [];
    if (scp === null) {
      return {
        kind: 'app',
        appId: claim(payload, 'azp') ?? claim(payload, 'appid') ?? 'unknown',
        tenantId: tid,
        roles,
      };
    }
    const oid = claim(payload, 'oid');
    if (oid === null) throw new AuthError('The bearer token was refused: it names no user object id (oid).');
    const upn = claim(payload, 'preferred_username') ?? claim(payload, 'upn') ?? '';
    return {
      kind: 'user',
      userId: userKeyOf(tid, oid),
      tenantId: tid.toLowerCase(),
      oid: oid.toLowerCase(),
      upn,
      name: claim(payload, 'name') ?? upn,
      scopes: scp.split(' ').filter((s) => s !== ''),
      roles,
      assertion: m[1],
    };
  };
}

/** An Entra verifier that can also say whether the tenant's key set is reachable (/readyz). */
export type EntraVerifier = TokenVerifier & {
  /** Resolves once the key set is held fresh; throws when it cannot be fetched. */
  readonly keysReachable: () => Promise<void>;
};

export interface EntraVerifierOptions {
  readonly tenantId: string;
  /** Accepted audiences: the application ID URI and the client id (v2.0 tokens carry the client id). */
  readonly audiences: readonly string[];
  /** Authority host (default https://login.microsoftonline.com; another for sovereign clouds, tests). */
  readonly authority?: string;
}

/**
 * Entra ID v2.0 tokens of one tenant, keys from its JWKS endpoint. Only the v2.0 issuer
 * (`{authority}/{tenant}/v2.0`) is accepted: the app registration is set to issue v2.0 access
 * tokens (`requestedAccessTokenVersion: 2`, docs/deploy.md), so a v1.0 token
 * (`https://sts.windows.net/{tenant}/`) can only come from another registration or a misconfiguration.
 */
export function entraVerifier(options: EntraVerifierOptions): EntraVerifier {
  const authority = (options.authority ?? 'https://login.microsoftonline.com').replace(/\/+$/, '');
  const jwks = createRemoteJWKSet(new URL(`${authority}/${options.tenantId}/discovery/v2.0/keys`), {
    timeoutDuration: 5000,
  });
  const verify = createTokenVerifier({
    issuer: `${authority}/${options.tenantId}/v2.0`,
    audience: [...options.audiences],
    jwks,
    tenantId: options.tenantId,
  });
  return Object.assign(verify, {
    // A key set fetched within jose's cache age (10 min) counts; otherwise it is fetched again, so
    // a probe costs at most one request to Entra per cache age.
    keysReachable: async () => {
      if (!jwks.fresh) await jwks.reload();
    },
  });
}
