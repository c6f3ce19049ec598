import { createHash } from 'node:crypto';
import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair } from 'jose';
import type { JSONWebKeySet, JWTVerifyGetKey } from 'jose';

export const DEV_ISSUER = 'urn:bc-contact-sync:dev-issuer';
export const FACADE_AUDIENCE = 'api://bc-contact-sync';
export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
export const DEV_APP_ID = 'bc-contact-sync-dev';

export type DevAudience = 'facade' | 'graph';

export interface DevIssuer {
  readonly issuer: string;
  readonly jwks: JWTVerifyGetKey;
  readonly publicJwks: JSONWebKeySet;
  /** A delegated token for a user, as Entra would issue it to the pane. */
  userToken(upn: string, audience: DevAudience, lifetimeSeconds?: number): Promise<string>;
  /** An app-only token (client credentials), for scheduled and CLI runs. */
  appToken(audience: DevAudience, roles?: string[]): Promise<string>;
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
    userToken: (upn, audience, lifetimeSeconds = 3600) =>
      sign(
        {
          oid: devObjectId(upn),
          sub: devObjectId(upn),
          preferred_username: upn,
          upn,
          name: displayNameOf(upn),
          scp: audience === 'graph' ? 'Contacts.ReadWrite User.Read' : 'Sync.ReadWrite',
          appid: DEV_APP_ID,
        },
        audience,
        lifetimeSeconds,
      ),
    appToken: (audience, roles = ['Contacts.ReadWrite']) =>
      sign({ roles, idtyp: 'app', appid: DEV_APP_ID, sub: DEV_APP_ID }, audience, 3600),
  };
}
