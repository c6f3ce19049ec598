/**
 * Tester F101: a national cloud configured (ENTRA_AUTHORITY_HOST, GRAPH_BASE_URL, BC_SCOPE) is
 * followed by every place that asks Entra for a token or lets the pane reach a Microsoft service:
 * doctor asked the public BC and Graph scopes, server runs the public Graph scope, and the pane's
 * CSP allowed only the public sign-in and Graph hosts. One module answers (src/server/clouds.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import Fastify from 'fastify';
import { runDoctor } from '../../src/cli/doctor/checks.js';
import { bcScope, graphOrigins, graphScope, loginOrigins } from '../../src/server/clouds.js';
import { loadConfig } from '../../src/server/config.js';
import type { FacadeConfig } from '../../src/server/config.js';
import { installSecurityHeaders } from '../../src/server/security-headers.js';
import { sourceFiles } from '../support/source-files.js';

const TENANT = '6f1c2a3b-0000-4000-8000-00000000c0de';
const CLIENT = '0a0b0c0d-1111-4222-8333-444455556666';
const entra = (over: Record<string, string>): NodeJS.ProcessEnv => ({
  HTTPS: '0',
  AUTH_MODE: 'entra',
  ENTRA_TENANT_ID: TENANT,
  ENTRA_API_AUDIENCE: `api://${CLIENT}`,
  ENTRA_CLIENT_ID: CLIENT,
  ENTRA_CLIENT_SECRET: 's',
  GRAPH_TENANT_ID: TENANT,
  GRAPH_CLIENT_ID: CLIENT,
  GRAPH_CLIENT_SECRET: 's',
  BC_TENANT_ID: TENANT,
  BC_ENVIRONMENT: 'production',
  BC_CLIENT_ID: CLIENT,
  BC_CLIENT_SECRET: 's',
  ...over,
});
const US_GOV = entra({
  ENTRA_AUTHORITY_HOST: 'https://login.microsoftonline.us',
  GRAPH_BASE_URL: 'https://graph.microsoft.us/v1.0',
  BC_SCOPE: 'https://api.businesscentral.dynamics.us/.default',
});
const config = (env: NodeJS.ProcessEnv): FacadeConfig => {
  const loaded = loadConfig(env);
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  return loaded.config;
};

const CLOUDS: [
  string,
  NodeJS.ProcessEnv,
  { graph: string; bc: string; login: string; graphOrigin: string },
][] = [
  [
    'public (defaults)',
    entra({}),
    {
      graph: 'https://graph.microsoft.com/.default',
      bc: 'https://api.businesscentral.dynamics.com/.default',
      login: 'https://login.microsoftonline.com',
      graphOrigin: 'https://graph.microsoft.com',
    },
  ],
  [
    'US Government',
    US_GOV,
    {
      graph: 'https://graph.microsoft.us/.default',
      bc: 'https://api.businesscentral.dynamics.us/.default',
      login: 'https://login.microsoftonline.us',
      graphOrigin: 'https://graph.microsoft.us',
    },
  ],
  [
    'a stand-in or proxy in front of public Graph',
    entra({ GRAPH_BASE_URL: 'http://127.0.0.1:4000/v1.0' }),
    {
      graph: 'https://graph.microsoft.com/.default',
      bc: 'https://api.businesscentral.dynamics.com/.default',
      login: 'https://login.microsoftonline.com',
      graphOrigin: 'https://graph.microsoft.com',
    },
  ],
];

describe('the configured cloud, everywhere', () => {
  test.each(CLOUDS)('%s: scopes and origins', (_name, env, expected) => {
    const c = config(env);
    expect(graphScope(c)).toBe(expected.graph);
    expect(bcScope(c)).toBe(expected.bc);
    expect(loginOrigins(c)).toContain(expected.login);
    expect(graphOrigins(c)).toContain(expected.graphOrigin);
  });

  test.each(CLOUDS)(
    '%s: the pane’s CSP lets it sign in and call Graph there',
    async (_name, env, expected) => {
      const app = Fastify();
      await installSecurityHeaders(app, config(env));
      const res = await app.inject({ url: '/' });
      await app.close();
      const policy = new Map(
        String(res.headers['content-security-policy'])
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .map(([name, ...values]) => [name!, values]),
      );
      expect(policy.get('connect-src')).toEqual(
        expect.arrayContaining([expected.login, expected.graphOrigin]),
      );
      expect(policy.get('frame-src')).toContain(expected.login);
    },
  );

  test.each(CLOUDS)(
    '%s: doctor asks the configured authority for the configured scopes',
    async (_name, env, expected) => {
      const asked: { url: string; scope: string | null }[] = [];
      // Entra as MSAL needs it to reach the token endpoint (instance discovery, tenant metadata), which
      // then refuses the client: the request's scope is what this test reads.
      const recording = (async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = new URL(String(input instanceof Request ? input.url : input));
        const body = typeof init?.body === 'string' ? init.body : '';
        asked.push({ url: url.href, scope: new URLSearchParams(body).get('scope') });
        const at = `${url.origin}/${TENANT}`;
        const json = (status: number, value: unknown) =>
          new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });
        if (url.pathname.endsWith('/discovery/instance'))
          return json(200, {
            tenant_discovery_endpoint: `${at}/v2.0/.well-known/openid-configuration`,
            metadata: [{ preferred_network: url.host, preferred_cache: url.host, aliases: [url.host] }],
          });
        if (url.pathname.endsWith('/.well-known/openid-configuration'))
          return json(200, {
            issuer: `${at}/v2.0`,
            authorization_endpoint: `${at}/oauth2/v2.0/authorize`,
            token_endpoint: `${at}/oauth2/v2.0/token`,
            end_session_endpoint: `${at}/oauth2/v2.0/logout`,
            jwks_uri: `${url.origin}/${TENANT}/discovery/v2.0/keys`,
          });
        return json(400, {
          error: 'invalid_client',
          error_description: 'AADSTS7000215: Invalid client secret.',
        });
      }) as typeof fetch;
      await runDoctor({ env, fetch: recording });
      const tokens = asked.filter((a) => a.url.includes('/oauth2/v2.0/token'));
      expect(tokens.map((t) => t.scope).sort()).toEqual([expected.bc, expected.graph].sort());
      expect(asked.every((a) => a.url.startsWith(`${expected.login}/`))).toBe(true);
    },
  );

  test('server runs take their Graph scope from clouds.ts, not a literal (environment.ts)', () => {
    const root = join(import.meta.dirname, '../../src');
    // String literals only: a comment may quote a scope in `code`.
    const literal =
      /['"]https:\/\/(graph\.microsoft\.com|api\.businesscentral\.dynamics\.com)\/\.default['"]/;
    const offenders = [
      ...sourceFiles(join(root, 'server'), /\.ts$/),
      ...sourceFiles(join(root, 'cli'), /\.ts$/),
    ]
      .filter((f) => !/(clouds|config-schema|upstream-token)\.ts$/.test(f))
      .filter((f) => literal.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
