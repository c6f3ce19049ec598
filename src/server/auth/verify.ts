import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import type { Identity } from './identity.js';
import { userKey } from './identity.js';

export interface TokenVerifierOptions {
  readonly issuer: string | string[];
  readonly audience: string | string[];
  readonly jwks: JWTVerifyGetKey;
  /** Seconds of clock difference tolerated on exp/nbf. */
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

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  return async (authorization) => {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '');
    if (!m?.[1]) throw new AuthError('A bearer token is required (Authorization: Bearer <token>).');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(m[1], options.jwks, {
        issuer: options.issuer,
        audience: options.audience,
        clockTolerance: options.clockToleranceSeconds ?? 120,
      }));
    } catch (e) {
      const code = (e as { code?: string }).code ?? 'invalid';
      const reason =
        code === 'ERR_JWT_EXPIRED'
          ? 'the token has expired'
          : code === 'ERR_JWT_CLAIM_VALIDATION_FAILED'
            ? `claim check failed (${(e as Error).message})`
            : 'signature or format is not valid';
      throw new AuthError(`The bearer token was refused: ${reason}.`);
    }
    const upn = claim(payload, 'preferred_username') ?? claim(payload, 'upn');
    const roles = Array.isArray(payload.roles)
      ? payload.roles.filter((r): r is string => typeof r === 'string')
      : [];
    if (claim(payload, 'idtyp') === 'app' || (upn === null && roles.length > 0)) {
      return { kind: 'app', appId: claim(payload, 'appid') ?? claim(payload, 'azp') ?? 'unknown', roles };
    }
    if (upn === null) throw new AuthError('The bearer token names no user (preferred_username or upn).');
    const oid = claim(payload, 'oid') ?? claim(payload, 'sub') ?? upn;
    return { kind: 'user', userId: userKey(upn), oid, upn, name: claim(payload, 'name') ?? upn };
  };
}

/** Entra ID v2 tokens of one tenant, keys from its JWKS endpoint. */
export function entraVerifier(tenantId: string, audience: string): TokenVerifier {
  const jwks = createRemoteJWKSet(
    new URL(`https://login.microsoftonline.com/${tenantId}/discovery/v2.0/keys`),
  );
  return createTokenVerifier({
    issuer: [`https://login.microsoftonline.com/${tenantId}/v2.0`, `https://sts.windows.net/${tenantId}/`],
    audience,
    jwks,
  });
}
