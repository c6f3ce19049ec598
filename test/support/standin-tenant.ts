/**
 * The tenant the Entra stand-in (entra-standin.ts) plays for a sync deployment: the resources, the
 * app registrations, the facade's environment, a fetch that reaches the stand-ins on loopback, and
 * how a stand-in Business Central tenant reads Entra's BC tokens (app-only and on behalf of a user).
 */
import { createLocalJWKSet, jwtVerify } from 'jose';
import type { JSONWebKeySet } from 'jose';
import { BC_API } from '../../src/server/auth/access.js';
import { userKeyOf } from '../../src/server/auth/identity.js';
import { AuthError } from '../../src/server/auth/verify.js';
import type { TokenVerifier } from '../../src/server/auth/verify.js';

/** A fetch that sends each https stand-in host to its loopback address; anything else is refused. */
export function loopbackFetch(hosts: Readonly<Record<string, string>>): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    const origin = Object.keys(hosts).find((h) => url === h || url.startsWith(`${h}/`));
    if (!origin) throw new TypeError(`fetch failed: ${url} is not a loopback stand-in (no network in tests)`);
    return fetch(hosts[origin] + url.slice(origin.length), init);
  }) as typeof fetch;
}

/** The resources a sync app asks tokens for (their Entra application ID URIs). */
export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
export const BC_RESOURCE = 'https://api.businesscentral.dynamics.com';

/** The one app registration standinTenantEnv names, with the roles a sync app is granted. */
export const STANDIN_SYNC_APP = {
  clientId: 'sync-app',
  secret: 's3cret',
  roles: { [GRAPH_RESOURCE]: ['Contacts.ReadWrite'], [BC_RESOURCE]: ['API.ReadWrite.All'] },
};

/** BC's delegated permission an on-behalf-of token carries (API v2.0: Financials.ReadWrite.All). */
export const BC_DELEGATED = 'Financials.ReadWrite.All';

/**
 * The facade API's own registration (ENTRA_CLIENT_ID/SECRET): the audience of the pane's tokens and
 * the confidential client of the on-behalf-of exchange, consented for BC's delegated permission.
 */
export const STANDIN_FACADE_APP = {
  clientId: '3f6c1b2a-5d4e-4f80-9a1b-2c3d4e5f6a7b',
  secret: 'facade-s3cret',
  roles: {},
  delegated: { [BC_RESOURCE]: [BC_DELEGATED] },
  apiAudiences: ['3f6c1b2a-5d4e-4f80-9a1b-2c3d4e5f6a7b', 'api://contacts.contoso.test/sync'],
};

/**
 * The facade's environment for a tenant played by stand-ins: AUTH_MODE=entra against `authority`,
 * app-only Graph at https://graph.test and an upstream BC at https://bc.test (environment
 * production), one app registration `sync-app` / `s3cret` for both, and the facade API's own
 * (STANDIN_FACADE_APP) for the pane's calls on behalf of the user.
 */
export function standinTenantEnv(tenant: string, authority: string): NodeJS.ProcessEnv {
  return {
    AUTH_MODE: 'entra',
    ENTRA_TENANT_ID: tenant,
    ENTRA_API_AUDIENCE: 'api://contacts.contoso.test/sync',
    ENTRA_CLIENT_ID: STANDIN_FACADE_APP.clientId,
    ENTRA_CLIENT_SECRET: STANDIN_FACADE_APP.secret,
    ENTRA_AUTHORITY_HOST: authority,
    GRAPH_BASE_URL: 'https://graph.test/v1.0',
    GRAPH_TENANT_ID: tenant,
    GRAPH_CLIENT_ID: STANDIN_SYNC_APP.clientId,
    GRAPH_CLIENT_SECRET: STANDIN_SYNC_APP.secret,
    BC_TENANT_ID: tenant,
    BC_ENVIRONMENT: 'production',
    BC_CLIENT_ID: STANDIN_SYNC_APP.clientId,
    BC_CLIENT_SECRET: STANDIN_SYNC_APP.secret,
    BC_BASE_URL: 'https://bc.test/v2.0',
  };
}

/** A BC token the stand-in tenant was shown: app-only (client credentials) or a user's (OBO). */
export interface SeenBcToken {
  readonly kind: 'app' | 'user';
  /** The user's object id (user tokens), or the app's client id. */
  readonly who: string;
}

/**
 * How a stand-in BC tenant (a facade mounted at /v2.0/{tenant}/{env}/api/v2.0) reads Entra's BC
 * tokens: an app's with the API.ReadWrite.All role may use every company; a user's (on-behalf-of,
 * `scp` Financials.ReadWrite.All) acts as that user, so the tenant's own company memberships play
 * BC's permission sets. Every token read is appended to `seen`.
 */
export function bcTenantVerifier(
  jwks: JSONWebKeySet,
  tenant: string,
  issuer: string,
  seen: SeenBcToken[] = [],
): TokenVerifier {
  const keys = createLocalJWKSet(jwks);
  return async (authorization) => {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? '';
    const { payload } = await jwtVerify(token, keys, { issuer, audience: BC_RESOURCE }).catch(() => {
      throw new AuthError('The token is not a Business Central token of this tenant.');
    });
    if (typeof payload.scp === 'string' && typeof payload.oid === 'string') {
      seen.push({ kind: 'user', who: payload.oid });
      if (!payload.scp.split(' ').includes(BC_DELEGATED)) throw new AuthError('No BC permission delegated.');
      return {
        kind: 'user',
        userId: userKeyOf(tenant, payload.oid),
        tenantId: tenant,
        oid: payload.oid,
        upn: String(payload.upn ?? ''),
        name: String(payload.name ?? ''),
        scopes: [BC_API.scope],
      };
    }
    seen.push({ kind: 'app', who: String(payload.appid) });
    const roles = Array.isArray(payload.roles) ? payload.roles.map(String) : [];
    return {
      kind: 'app',
      appId: String(payload.appid),
      tenantId: tenant,
      // BC's API.ReadWrite.All is what the facade-as-tenant calls BC.ReadWrite.All.
      roles: roles.includes('API.ReadWrite.All') ? ['BC.ReadWrite.All'] : [],
    };
  };
}
