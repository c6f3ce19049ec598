import { jwtVerify } from 'jose';
import type { JWTPayload } from 'jose';
import { unauthenticated } from './errors.js';
import type { Principal } from './graph-request.js';
import type { AuthOptions } from './options.js';

function stringClaim(payload: JWTPayload, name: string): string | null {
  const value = payload[name];
  return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * Turns verified claims into a principal. App-only tokens are recognised like Entra's: `idtyp=app`,
 * or `roles` without any user claim (`scp`, `upn`, `preferred_username`).
 */
function principalFromClaims(payload: JWTPayload): Principal {
  const roles = Array.isArray(payload.roles)
    ? payload.roles.filter((r): r is string => typeof r === 'string')
    : [];
  const scp = stringClaim(payload, 'scp');
  const upn = stringClaim(payload, 'preferred_username') ?? stringClaim(payload, 'upn');
  const appId = stringClaim(payload, 'appid') ?? stringClaim(payload, 'azp') ?? 'unknown-app';
  const isApp =
    stringClaim(payload, 'idtyp') === 'app' || (Array.isArray(payload.roles) && scp === null && upn === null);
  if (isApp) return { kind: 'app', userId: null, upn: null, appId, roles, scopes: null };
  const userId = stringClaim(payload, 'oid') ?? stringClaim(payload, 'sub');
  if (userId === null) throw unauthenticated('The token carries no user (oid) claim.');
  return { kind: 'user', userId, upn, appId, roles, scopes: scp === null ? null : scp.split(' ') };
}

/** Graph's words (Microsoft.IdentityModel's IDX messages) for why a token was refused. */
function refusal(error: unknown): string {
  const { code, claim } = error as { code?: string; claim?: string };
  if (code === 'ERR_JWT_EXPIRED') return 'Lifetime validation failed, the token is expired.';
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && claim === 'exp')
    return 'IDX10225: Lifetime validation failed. The token is missing an Expiration Time.';
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && claim === 'nbf')
    return 'IDX10222: Lifetime validation failed. The token is not yet valid.';
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && claim === 'typ')
    return "IDX14100: JWT is not well formed: the header's typ is not JWT.";
  return 'IDX14100: JWT is not well formed or its signature is invalid.';
}

/** Verifies `Authorization: Bearer <jwt>` against the configured issuer; any failure is Graph's 401. */
export async function authenticate(header: string | undefined, auth: AuthOptions): Promise<Principal> {
  const match = /^Bearer\s+(\S+)$/i.exec(header?.trim() ?? '');
  if (!match?.[1]) {
    throw unauthenticated('Access token is empty.');
  }
  let payload: JWTPayload;
  try {
    // As strict as Graph (and the facade, server/auth/verify.ts): an RS256 JWT whose header says
    // typ JWT, with an expiry, not used before its nbf; a small clock skew is allowed as Entra does.
    const options = {
      issuer: auth.issuer,
      ...(auth.audience !== undefined ? { audience: auth.audience } : {}),
      algorithms: ['RS256'],
      typ: 'JWT',
      requiredClaims: ['exp'],
      clockTolerance: 60,
    };
    ({ payload } = await jwtVerify(match[1], auth.jwks, options));
  } catch (error) {
    throw unauthenticated(refusal(error));
  }
  return principalFromClaims(payload);
}
