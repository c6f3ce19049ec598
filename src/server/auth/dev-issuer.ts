import { createHash } from 'node:crypto';
import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair } from 'jose';
import type { JSONWebKeySet, JWTVerifyGetKey } from 'jose';
import { createTokenVerifier } from './verify.js';
import type { TokenVerifier } from './verify.js';

/** @internal */
export const DEV_ISSUER = 'urn:bc-contact-sync:dev-issuer';
const FACADE_AUDIENCE = 'api://bc-contact-sync';
export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
const DEV_APP_ID = 'bc-contact-sync-dev';
/** The tenant every dev token names (`tid`): a fixed id, so dev user keys survive restarts. */
export const DEV_TENANT_ID = '00000000-0000-4000-8000-00000000de00';

type DevAudience = 'facade' | 'graph';

interface DevUserTokenOptions {
  /** Default 3600. */
  readonly lifetimeSeconds?: number;
  /** Delegated scopes (`scp`); default DEV_FACADE_SCOPES or DEV_GRAPH_SCOPES. */
  readonly scopes?: readonly string[];
  /** Object id instead of devObjectId(upn): another user with the same UPN (a reassigned one). */
  readonly oid?: string;
  /** App roles assigned to the user (`roles`), e.g. `Memberships.Admin`; default none. */
  readonly roles?: readonly string[];
}

export interface DevIssuer {
  readonly issuer: string;
  readonly jwks: JWTVerifyGetKey;
  readonly publicJwks: JSONWebKeySet;
  /**
   * A delegated token for a user, as Entra would issue it to the pane: v2.0 claims with `tid`,
   * `oid` (devObjectId of the UPN unless given), the UPN for display, and delegated scopes.
   */
  userToken(upn: string, audience: DevAudience, options?: DevUserTokenOptions): Promise<string>;
  /** An app-only token (client credentials), for scheduled and CLI runs: `roles`, no `scp`. */
  appToken(audience: DevAudience, roles?: string[]): Promise<string>;
}

/** What the pane's facade token carries: the sync API's and the BC API's delegated scopes. */
const DEV_FACADE_SCOPES: readonly string[] = ['Sync.ReadWrite', 'BC.ReadWrite'];
const DEV_GRAPH_SCOPES: readonly string[] = ['Contacts.ReadWrite', 'User.Read'];

/** The user key dev tokens for this UPN resolve to (tests and the CLI in dev mode). */
export function devUserKey(upn: string): string {
  return `${DEV_TENANT_ID}:${devObjectId(upn)}`;
}

/** A stable object id per UPN, so the pane's /me and the server's /users/{id} reach one mailbox. */
export function devObjectId(upn: string): string {
  const h = createHash('sha256').update(upn.trim().toLowerCase()).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function displayNameOf(upn: string): string {
  const local = upn.split('@')[0] ?? upn;
  return local
    .split(/[._-]+/)
    .filter((p) => p !== '')
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join(' ');
}

const audienceOf = (a: DevAudience) => (a === 'graph' ? GRAPH_AUDIENCE : FACADE_AUDIENCE);

/** The development token issuer (AUTH_MODE=dev): keys live in memory for the life of the process. */
export async function createDevIssuer(): Promise<DevIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = createHash('sha256')
    .update(JSON.stringify(await exportJWK(publicKey)))
    .digest('hex')
    .slice(0, 16);
  const publicJwks: JSONWebKeySet = {
    keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }],
  };
  const sign = (payload: Record<string, unknown>, audience: DevAudience, lifetime: number) =>
    new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(DEV_ISSUER)
      .setAudience(audienceOf(audience))
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime(`${lifetime}s`)
      .sign(privateKey);
  return {
    issuer: DEV_ISSUER,
    jwks: createLocalJWKSet(publicJwks),
    publicJwks,
    userToken: (upn, audience, options = {}) =>
      sign(
        {
          ver: '2.0',
          tid: DEV_TENANT_ID,
          oid: options.oid ?? devObjectId(upn),
          sub: options.oid ?? devObjectId(upn),
          preferred_username: upn,
          upn,
          name: displayNameOf(upn),
          scp: (options.scopes ?? (audience === 'graph' ? DEV_GRAPH_SCOPES : DEV_FACADE_SCOPES)).join(' '),
          azp: DEV_APP_ID,
          appid: DEV_APP_ID,
          ...(options.roles ? { roles: [...options.roles] } : {}),
        },
        audience,
        options.lifetimeSeconds ?? 3600,
      ),
    appToken: (audience, roles = ['Contacts.ReadWrite']) =>
      sign(
        {
          ver: '2.0',
          tid: DEV_TENANT_ID,
          oid: devObjectId(`app:${DEV_APP_ID}`),
          sub: devObjectId(`app:${DEV_APP_ID}`),
          roles,
          idtyp: 'app',
          azp: DEV_APP_ID,
          appid: DEV_APP_ID,
        },
        audience,
        3600,
      ),
  };
}

/** The facade's verifier for this dev issuer's tokens (AUTH_MODE=dev and tests). */
export function devTokenVerifier(issuer: Pick<DevIssuer, 'issuer' | 'jwks'>): TokenVerifier {
  return createTokenVerifier({
    issuer: issuer.issuer,
    audience: FACADE_AUDIENCE,
    jwks: issuer.jwks,
    tenantId: DEV_TENANT_ID,
  });
}
