/**
 * A loopback stand-in for Microsoft Entra ID: per tenant, the OpenID metadata, the signing keys
 * (JWKS) and the token endpoint's client-credentials and on-behalf-of grants (entra-obo.ts), and
 * user tokens as a sign-in gives them (`userToken`), issuing RS256 tokens whose issuer and
 * audience depend on the resource asked for (as Entra's do: Graph and BC tokens differ). Errors come
 * in Entra's shape ({error, error_description: "AADSTSnnnn: …"}).
 *
 * It listens on 127.0.0.1; clients reach it as `authority` (an https URL) through `fetch`, which
 * maps the stand-ins' https hosts to their loopback addresses (MSAL accepts only https authorities).
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import type { JSONWebKeySet, JWTPayload } from 'jose';
import { JWT_BEARER, onBehalfOf } from './entra-obo.js';

export interface StandinApp {
  readonly clientId: string;
  readonly secret: string;
  /** App roles per resource (the scope without /.default), e.g. Graph → ['Contacts.ReadWrite']. */
  readonly roles: Readonly<Record<string, readonly string[]>>;
  /** Delegated permissions consented per resource: what on-behalf-of tokens carry as `scp`. */
  readonly delegated?: Readonly<Record<string, readonly string[]>>;
  /** The audiences of this app's own API (client id, application ID URI): an OBO assertion's aud. */
  readonly apiAudiences?: readonly string[];
}

/** A user's access token for an app's API, as the pane gets it (nested app authentication). */
interface StandinUserToken {
  readonly tenant: string;
  readonly oid: string;
  readonly upn: string;
  readonly audience: string;
  readonly scp: string;
  /** The client that signed the user in (the add-in's SPA registration). */
  readonly clientId?: string;
  readonly lifetimeSeconds?: number;
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
  /** The whole form of every on-behalf-of (jwt-bearer) request seen. */
  readonly oboRequests: URLSearchParams[];
  /** Seconds an issued token lives (`expires_in`); tests set it below MSAL's 5-minute renewal. */
  tokenLifetimeSeconds: number;
  /** A signed v2.0 user access token for an API (what a sign-in gives the pane). */
  userToken(options: StandinUserToken): Promise<string>;
  /** A signed v2.0 app-only access token (roles, no user) for an API. */
  appToken(options: { tenant: string; clientId: string; audience: string; roles: string[] }): Promise<string>;
  close(): Promise<void>;
}

const STANDIN_AUTHORITY = 'https://login.entra.test';

export async function startEntraStandin(options: {
  readonly tenants: readonly string[];
  readonly apps: readonly StandinApp[];
  readonly resources: Readonly<Record<string, StandinResource>>;
  /** The authority clients use; a function of the port it listens on for a real https address. */
  readonly authority?: string | ((port: number) => string);
  /** Serve HTTPS with this key and certificate (PEM); default plain HTTP on loopback. */
  readonly tls?: { readonly key: string; readonly cert: string };
  /** Listen here (default an ephemeral port on 127.0.0.1). */
  readonly port?: number;
  /** Its clock in ms (default Date.now): when tokens are issued, and whether an assertion expired. */
  readonly now?: () => number;
}): Promise<EntraStandin> {
  const clock = options.now ?? Date.now;
  // Known once listening (a real https address names the port); nothing is signed before.
  let authority = typeof options.authority === 'string' ? options.authority : STANDIN_AUTHORITY;
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const kid = 'standin-key-1';
  const publicJwks: JSONWebKeySet = {
    keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }],
  };
  const requests: { clientId: string; scope: string }[] = [];
  const oboRequests: URLSearchParams[] = [];
  const v2Issuer = (tenant: string) => `${authority}/${tenant}/v2.0`;
  const sign = (claims: JWTPayload, issuer: string, audience: string, lifetime: number) => {
    const now = Math.floor(clock() / 1000);
    // Entra's `uti`: a unique token id, so two tokens issued in one second differ.
    return new SignJWT({ ...claims, uti: randomUUID() })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject(String(claims.oid ?? 'unknown'))
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + lifetime)
      .sign(privateKey);
  };

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
    const grant = form.get('grant_type');
    if (grant === JWT_BEARER) oboRequests.push(form);
    if (grant !== 'client_credentials' && grant !== JWT_BEARER)
      return entraError(
        res,
        400,
        'unsupported_grant_type',
        '70003',
        'The stand-in grants client_credentials and on-behalf-of (jwt-bearer) only.',
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
    if (grant === JWT_BEARER) {
      const r = await onBehalfOf({
        tenant,
        form,
        app,
        userIssuer: v2Issuer(tenant),
        publicKey,
        currentDate: new Date(clock()),
      });
      if ('error' in r) return entraError(res, r.status, r.error, r.aadsts, r.text);
      const target = options.resources[r.resource];
      if (!target)
        return entraError(
          res,
          400,
          'invalid_resource',
          '500011',
          `The resource principal named ${r.resource} was not found in the tenant.`,
        );
      return issue(
        res,
        await sign(r.claims, target.issuer(tenant), target.audience, standin.tokenLifetimeSeconds),
      );
    }
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
    const claims = {
      roles,
      idtyp: 'app',
      appid: clientId,
      azp: clientId,
      tid: tenant,
      oid: `sp-${clientId}`,
    };
    issue(res, await sign(claims, resource.issuer(tenant), resource.audience, standin.tokenLifetimeSeconds));
  }

  const issue = (res: http.ServerResponse, accessToken: string) =>
    json(res, 200, {
      token_type: 'Bearer',
      expires_in: standin.tokenLifetimeSeconds,
      ext_expires_in: standin.tokenLifetimeSeconds,
      access_token: accessToken,
    });

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
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
  };
  const server = options.tls ? https.createServer(options.tls, handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  if (typeof options.authority === 'function') authority = options.authority(port);
  const standin: EntraStandin = {
    authority,
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    publicJwks,
    requests,
    oboRequests,
    tokenLifetimeSeconds: 3599,
    userToken: (u) =>
      sign(
        {
          scp: u.scp,
          oid: u.oid,
          tid: u.tenant,
          preferred_username: u.upn,
          name: u.upn,
          ver: '2.0',
          azp: u.clientId ?? 'pane-spa',
        },
        v2Issuer(u.tenant),
        u.audience,
        u.lifetimeSeconds ?? 3600,
      ),
    appToken: (a) =>
      sign(
        { roles: a.roles, idtyp: 'app', appid: a.clientId, azp: a.clientId, tid: a.tenant, ver: '2.0' },
        v2Issuer(a.tenant),
        a.audience,
        3600,
      ),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return standin;
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

// The tenant a sync deployment is set up in (apps, resources, environment): standin-tenant.ts.
export * from './standin-tenant.js';
