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
  // A token for another API (the dev issuer's BC token sent to /graph): Graph names the audience,
  // where "not well formed" sent a new user looking for a broken token (helper newuser).
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && claim === 'aud')
    return 'Access token validation failure. Invalid audience.';
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && claim === 'typ')
    return "IDX14100: JWT is not well formed: the header's typ is not JWT.";
  return 'IDX14100: JWT is not well formed or its signature is invalid.';
}

/** The clock skew allowed on exp and nbf (seconds), as Entra allows. */
const CLOCK_TOLERANCE_S = 60;
/** Tokens remembered per issuer setting; past this many the memory starts afresh. */
const MAX_REMEMBERED = 1_000;

/** A token whose signature and claims checked out: the caller it names and its time claims. */
interface Verified {
  readonly principal: Principal;
  readonly exp: number;
  readonly nbf: number | undefined;
}

/**
 * Tokens verified before, per issuer setting, by their text. An RS256 check costs ~0.5 ms of CPU
 * per request (jose's verify in the emulator's profile of a first full sync: 163 ms of 6,000
 * creates' 300 envelopes), paid by every $batch envelope before its items run. The same text
 * signed by the same keys gets the same verdict, save the time claims, which are checked at each
 * use as jose checks them; outside them the token goes through jose again (and is refused there).
 */
const remembered = new WeakMap<AuthOptions, Map<string, Verified>>();

function stillValid(v: Verified): boolean {
  const now = Math.floor(Date.now() / 1000);
  // jose refuses exp <= now - tolerance and nbf > now + tolerance.
  return v.exp > now - CLOCK_TOLERANCE_S && (v.nbf === undefined || v.nbf <= now + CLOCK_TOLERANCE_S);
}

/** Verifies `Authorization: Bearer <jwt>` against the configured issuer; any failure is Graph's 401. */
export async function authenticate(header: string | undefined, auth: AuthOptions): Promise<Principal> {
  const match = /^Bearer\s+(\S+)$/i.exec(header?.trim() ?? '');
  if (!match?.[1]) {
    throw unauthenticated('Access token is empty.');
  }
  const token = match[1];
  let known = remembered.get(auth);
  const seen = known?.get(token);
  if (seen && stillValid(seen)) return seen.principal;
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
      clockTolerance: CLOCK_TOLERANCE_S,
    };
    ({ payload } = await jwtVerify(token, auth.jwks, options));
  } catch (error) {
    throw unauthenticated(refusal(error));
  }
  const principal = principalFromClaims(payload);
  if (typeof payload.exp === 'number') {
    if (!known || known.size >= MAX_REMEMBERED) remembered.set(auth, (known = new Map()));
    known.set(token, { principal, exp: payload.exp, nbf: payload.nbf });
  }
  return principal;
}
