/**
 * A loopback stand-in for Microsoft Entra ID: per tenant, the OpenID metadata, the signing keys
 * (JWKS) and the token endpoint's client-credentials grant, issuing RS256 tokens whose issuer and
 * audience depend on the resource asked for (as Entra's do: Graph and BC tokens differ). Errors come
 * in Entra's shape ({error, error_description: "AADSTSnnnn: …"}).
 *
 * It listens on 127.0.0.1; clients reach it as `authority` (an https URL) through `fetch`, which
 * maps the stand-ins' https hosts to their loopback addresses (MSAL accepts only https authorities).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import type { JSONWebKeySet } from 'jose';

export interface StandinApp {
  readonly clientId: string;
  readonly secret: string;
  /** App roles per resource (the scope without /.default), e.g. Graph → ['Contacts.ReadWrite']. */
  readonly roles: Readonly<Record<string, readonly string[]>>;
}

export interface StandinResource {
  /** The token's aud. */
  readonly audience: string;
  /** The token's iss (Entra issues v1 tokens for some resources: https://sts.windows.net/{tid}/). */
  readonly issuer: (tenant: string) => string;
}

export interface EntraStandin {
  /** The https authority clients are configured with, e.g. https://login.entra.test. */
  readonly authority: string;
  /** Where it really listens. */
  readonly url: string;
  readonly publicJwks: JSONWebKeySet;
  /** Token requests seen, by client id and scope. */
  readonly requests: { clientId: string; scope: string }[];
  close(): Promise<void>;
}

const STANDIN_AUTHORITY = 'https://login.entra.test';

export async function startEntraStandin(options: {
  readonly tenants: readonly string[];
  readonly apps: readonly StandinApp[];
  readonly resources: Readonly<Record<string, StandinResource>>;
  readonly authority?: string;
}): Promise<EntraStandin> {
  const authority = options.authority ?? STANDIN_AUTHORITY;
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const kid = 'standin-key-1';
  const publicJwks: JSONWebKeySet = {
    keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }],
  };
  const requests: { clientId: string; scope: string }[] = [];

  const entraError = (
    res: http.ServerResponse,
    status: number,
    error: string,
    aadsts: string,
    text: string,
  ) =>
    json(res, status, {
      error,
      error_description: `AADSTS${aadsts}: ${text}`,
      error_codes: [Number(aadsts)],
    });

  async function token(tenant: string, form: URLSearchParams, res: http.ServerResponse): Promise<void> {
    const clientId = form.get('client_id') ?? '';
    const scope = form.get('scope') ?? '';
    requests.push({ clientId, scope });
    if (form.get('grant_type') !== 'client_credentials')
      return entraError(
        res,
        400,
        'unsupported_grant_type',
        '70003',
        'The stand-in grants client_credentials only.',
      );
    const app = options.apps.find((a) => a.clientId === clientId);
    if (!app)
      return entraError(
        res,
        400,
        'unauthorized_client',
        '700016',
        `Application with identifier '${clientId}' was not found in the directory '${tenant}'.`,
      );
    if (form.get('client_secret') !== app.secret)
      return entraError(res, 401, 'invalid_client', '7000215', 'Invalid client secret provided.');
    const resourceId =
      scope
        .split(' ')
        .find((s) => s.endsWith('/.default'))
        ?.slice(0, -'/.default'.length) ?? '';
    const resource = options.resources[resourceId];
    if (!resource)
      return entraError(
        res,
        400,
        'invalid_resource',
        '500011',
        `The resource principal named ${resourceId} was not found in the tenant.`,
      );
    const roles = app.roles[resourceId] ?? [];
    const now = Math.floor(Date.now() / 1000);
    const accessToken = await new SignJWT({
      roles,
      idtyp: 'app',
      appid: clientId,
      azp: clientId,
      tid: tenant,
      oid: `sp-${clientId}`,
    })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(resource.issuer(tenant))
      .setAudience(resource.audience)
      .setSubject(`sp-${clientId}`)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + 3600)
      .sign(privateKey);
    json(res, 200, {
      token_type: 'Bearer',
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: accessToken,
    });
  }

  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://standin');
      const [tenant = '', ...rest] = url.pathname.split('/').filter(Boolean);
      const path = rest.join('/');
      if (!options.tenants.includes(tenant))
        return entraError(res, 400, 'invalid_tenant', '90002', `Tenant '${tenant}' not found.`);
      const base = `${authority}/${tenant}`;
      if (req.method === 'GET' && path === 'v2.0/.well-known/openid-configuration')
        return json(res, 200, {
          issuer: `${base}/v2.0`,
          token_endpoint: `${base}/oauth2/v2.0/token`,
          authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
          end_session_endpoint: `${base}/oauth2/v2.0/logout`,
          jwks_uri: `${base}/discovery/v2.0/keys`,
        });
      if (req.method === 'GET' && path === 'discovery/v2.0/keys') return json(res, 200, publicJwks);
      if (req.method === 'POST' && path === 'oauth2/v2.0/token') {
        token(tenant, new URLSearchParams(body), res).catch((e: Error) =>
          json(res, 500, { error: e.message }),
        );
        return;
      }
      json(res, 404, { error: 'not_found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    authority,
    url: `http://127.0.0.1:${port}`,
    publicJwks,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

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

/**
 * The facade's environment for a tenant played by stand-ins: AUTH_MODE=entra against `authority`,
 * app-only Graph at https://graph.test and an upstream BC at https://bc.test (environment
 * production), one app registration `sync-app` / `s3cret` for both.
 */
export function standinTenantEnv(tenant: string, authority: string): NodeJS.ProcessEnv {
  return {
    AUTH_MODE: 'entra',
    ENTRA_TENANT_ID: tenant,
    ENTRA_API_AUDIENCE: 'api://contacts.contoso.test/sync',
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
