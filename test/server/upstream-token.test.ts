import { describe, expect, test } from '@jest/globals';
import { clientCredentialsToken } from '../../src/server/bc-api/upstream-token.js';

/** Plays Entra ID's endpoints MSAL calls for a client-credentials token. */
function fakeEntra(tenant: string) {
  const calls: { method: string; url: string; body: string }[] = [];
  const base = `https://login.microsoftonline.com/${tenant}`;
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const body = typeof init?.body === 'string' ? init.body : '';
    calls.push({ method: init?.method ?? 'GET', url, body });
    const json = (status: number, b: unknown) =>
      new Response(JSON.stringify(b), { status, headers: { 'content-type': 'application/json' } });
    if (url.includes('/discovery/instance')) {
      return json(200, {
        tenant_discovery_endpoint: `${base}/v2.0/.well-known/openid-configuration`,
        metadata: [
          {
            preferred_network: 'login.microsoftonline.com',
            preferred_cache: 'login.windows.net',
            aliases: ['login.microsoftonline.com'],
          },
        ],
      });
    }
    if (url.includes('openid-configuration')) {
      return json(200, {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        issuer: `https://login.microsoftonline.com/${tenant}/v2.0`,
        jwks_uri: `${base}/discovery/v2.0/keys`,
      });
    }
    if (url.startsWith(`${base}/oauth2/v2.0/token`)) {
      const form = new URLSearchParams(body);
      if (form.get('client_secret') !== 's3cret')
        return json(401, {
          error: 'invalid_client',
          error_description: 'AADSTS7000215: Invalid client secret provided.',
        });
      return json(200, {
        token_type: 'Bearer',
        expires_in: 3599,
        access_token: `token-for-${form.get('scope')}`,
      });
    }
    return json(404, { error: 'not_found' });
  }) as typeof fetch;
  return { fetchImpl, calls };
}

/** App `app-1` of contoso.onmicrosoft.com with `clientSecret` (and `scope`), against a fake Entra ID. */
function appOnContoso(credentials: { readonly clientSecret: string; readonly scope?: string }) {
  const entra = fakeEntra('contoso.onmicrosoft.com');
  const getToken = clientCredentialsToken({
    tenantId: 'contoso.onmicrosoft.com',
    clientId: 'app-1',
    ...credentials,
    fetch: entra.fetchImpl,
  });
  return { entra, getToken };
}

describe('client credentials (MSAL node)', () => {
  test('gets a token for the BC API scope and serves it from MSAL’s cache afterwards', async () => {
    const { entra, getToken } = appOnContoso({ clientSecret: 's3cret' });
    expect(await getToken()).toBe('token-for-https://api.businesscentral.dynamics.com/.default');
    const tokenCalls = () => entra.calls.filter((c) => c.url.includes('/oauth2/v2.0/token')).length;
    expect(tokenCalls()).toBe(1);
    expect(await getToken()).toBe('token-for-https://api.businesscentral.dynamics.com/.default');
    expect(tokenCalls()).toBe(1);
    const form = new URLSearchParams(entra.calls.find((c) => c.url.includes('/oauth2/v2.0/token'))!.body);
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('client_id')).toBe('app-1');
  });

  test('a refused secret becomes a clear error naming the scope', async () => {
    const { getToken } = appOnContoso({
      clientSecret: 'wrong',
      scope: 'https://graph.microsoft.com/.default',
    });
    await expect(getToken()).rejects.toMatchObject({
      name: 'TokenRequestError',
      grant: 'clientCredentials',
      scope: 'https://graph.microsoft.com/.default',
      refusal: { error: 'invalid_client', aadsts: null, status: 401 },
    });
  });
});
