/**
 * `bc-contact-sync doctor` against loopback stand-ins: Entra (metadata, keys, client credentials,
 * tokens per resource), a Business Central API endpoint that verifies those tokens, and the Graph
 * emulator verifying them too. Each failure names its fix.
 */
import http from 'node:http';
import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createLocalJWKSet, jwtVerify } from 'jose';
import type { FastifyInstance } from 'fastify';
import { runDoctor } from '../../src/cli/doctor/checks.js';
import type { CheckResult, FixCode, FixParams } from '../../src/cli/doctor/check-result.js';
import { formatDoctor } from '../../src/cli/doctor/report.js';
import { startableGraphEmulator } from '../../src/emulator/index.js';
import {
  BC_RESOURCE,
  GRAPH_RESOURCE,
  loopbackFetch,
  STANDIN_SYNC_APP,
  standinTenantEnv,
  startEntraStandin,
} from '../support/entra-standin.js';
import type { EntraStandin } from '../support/entra-standin.js';

const TENANT = '6f1c2a3b-0000-4000-8000-00000000c0de';
const GRAPH = GRAPH_RESOURCE;
const BC = BC_RESOURCE;
const v1Issuer = (t: string) => `https://sts.windows.net/${t}/`;

let entra: EntraStandin;
let graph: FastifyInstance;
let bc: http.Server;
let doFetch: typeof fetch;

/** Business Central's companies endpoint, accepting only tokens for BC from registered apps. */
async function startBcStandin(registered: readonly string[]): Promise<http.Server> {
  const jwks = createLocalJWKSet(entra.publicJwks);
  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    jwtVerify(token, jwks, { issuer: v1Issuer(TENANT), audience: BC })
      .then(({ payload }) => {
        if (!registered.includes(String(payload.appid)))
          return send(401, {
            error: {
              code: 'Authentication_InvalidCredentials',
              message: 'The server has rejected the client credentials.',
            },
          });
        if (req.url !== `/v2.0/${TENANT}/production/api/v2.0/companies`)
          return send(404, {
            error: { code: 'BadRequest_NotFound', message: 'The environment does not exist.' },
          });
        send(200, {
          value: [
            { id: 'c1', name: 'CRONUS USA, Inc.' },
            { id: 'c2', name: 'CRONUS UK Ltd.' },
          ],
        });
      })
      .catch(() =>
        send(401, { error: { code: 'Authentication_InvalidCredentials', message: 'invalid token' } }),
      );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

const env = (over: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  ...standinTenantEnv(TENANT, entra.authority),
  ...over,
});
const statuses = (rs: CheckResult[]) => Object.fromEntries(rs.map((r) => [r.id, r.fix?.code ?? r.status]));

beforeAll(async () => {
  entra = await startEntraStandin({
    tenants: [TENANT],
    apps: [
      STANDIN_SYNC_APP,
      { clientId: 'unregistered-app', secret: 'x', roles: { [GRAPH]: [], [BC]: ['API.ReadWrite.All'] } },
    ],
    resources: {
      [GRAPH]: { audience: GRAPH, issuer: v1Issuer },
      [BC]: { audience: BC, issuer: v1Issuer },
    },
  });
  const emulator = await startableGraphEmulator({
    auth: { issuer: v1Issuer(TENANT), audience: GRAPH, jwks: createLocalJWKSet(entra.publicJwks) },
    seed: { mailboxes: [{ id: 'ann-oid', upn: 'ann@contoso.com' }] },
  });
  graph = emulator.app;
  await graph.listen({ port: 0, host: '127.0.0.1' });
  bc = await startBcStandin(['sync-app']);
  doFetch = loopbackFetch({
    [entra.authority]: entra.url,
    'https://graph.test': `http://127.0.0.1:${(graph.server.address() as AddressInfo).port}`,
    'https://bc.test': `http://127.0.0.1:${(bc.address() as AddressInfo).port}`,
  });
});

afterAll(async () => {
  await graph?.close();
  await new Promise<void>((r) => (bc ? bc.close(() => r()) : r()));
  await entra?.close();
});

describe('bc-contact-sync doctor', () => {
  test('a correct tenant passes every check, with the facts it found', async () => {
    const results = await runDoctor({ env: env(), user: 'ann@contoso.com', fetch: doFetch });
    expect(statuses(results)).toEqual({
      config: 'passed',
      issuer: 'passed',
      'bc-token': 'passed',
      'bc-companies': 'passed',
      'graph-token': 'passed',
      'graph-user': 'passed',
    });
    expect(results.find((r) => r.id === 'bc-companies')?.detail).toMatch(
      /2 companies \(CRONUS USA, Inc., CRONUS UK Ltd.\)/,
    );
    expect(results.find((r) => r.id === 'issuer')?.detail).toContain(
      `issuer ${entra.authority}/${TENANT}/v2.0, 1 signing keys`,
    );
    expect(entra.requests).toEqual(
      expect.arrayContaining([
        { clientId: 'sync-app', scope: expect.stringContaining(`${BC}/.default`) },
        { clientId: 'sync-app', scope: expect.stringContaining(`${GRAPH}/.default`) },
      ]),
    );
    expect(formatDoctor(results)).toMatch(/All checks passed.\n$/);
  });

  test.each<[string, Record<string, string>, Record<string, string>, RegExp]>([
    [
      'a wrong BC secret',
      { BC_CLIENT_SECRET: 'nope' },
      { 'bc-token': 'secret-invalid', 'bc-companies': 'skipped' },
      /Certificates & secrets and set BC_CLIENT_SECRET/,
    ],
    [
      'an unknown Entra tenant',
      // A GUID (anything else is refused by the configuration check): a directory Entra does not know.
      { ENTRA_TENANT_ID: '00000000-0000-4000-8000-00000000dead' },
      { issuer: 'tenant-unknown' },
      /set ENTRA_TENANT_ID to your directory \(tenant\) id/,
    ],
    [
      'an app BC does not know',
      { BC_CLIENT_ID: 'unregistered-app', BC_CLIENT_SECRET: 'x' },
      { 'bc-companies': 'bc-app-not-registered' },
      /Microsoft Entra Applications/,
    ],
    [
      'an unknown BC environment',
      { BC_ENVIRONMENT: 'sandbox-typo' },
      { 'bc-companies': 'bc-environment-unknown' },
      /BC_ENVIRONMENT/,
    ],
    [
      'an app without Graph contact rights',
      { GRAPH_CLIENT_ID: 'unregistered-app', GRAPH_CLIENT_SECRET: 'x' },
      { 'graph-user': 'graph-access-denied' },
      /Exchange RBAC/,
    ],
    [
      'an unknown Graph client id',
      { GRAPH_CLIENT_ID: 'who' },
      { 'graph-token': 'client-unknown' },
      /set GRAPH_CLIENT_ID to the registration's Application \(client\) ID/,
    ],
    [
      'an unreachable BC host',
      { BC_BASE_URL: 'https://bc.unreachable.test/v2.0' },
      { 'bc-companies': 'unreachable' },
      /could not be reached/,
    ],
  ])('%s fails that check with its fix', async (_name, over, expected, fix) => {
    const results = await runDoctor({ env: env(over), user: 'ann@contoso.com', fetch: doFetch });
    expect(statuses(results)).toMatchObject(expected);
    const report = formatDoctor(results);
    expect(report).toMatch(fix);
    expect(report).toMatch(/\d+ checks? failed.\n$/);
  });

  test('F44: a token endpoint that does not answer names its URL, not a placeholder', async () => {
    const authority = 'https://login.unreachable.test';
    const results = await runDoctor({ env: env({ ENTRA_AUTHORITY_HOST: authority }), fetch: doFetch });
    expect(statuses(results)).toMatchObject({ issuer: 'unreachable', 'bc-token': 'unreachable' });
    const report = formatDoctor(results);
    expect(report).toContain(`${authority}/${TENANT}/oauth2/v2.0/token could not be reached`);
    const fixes = report.split('\n').filter((l) => l.trimStart().startsWith('fix:'));
    expect(fixes).toHaveLength(3);
    for (const line of fixes) expect(line).not.toMatch(/<\w+>/);
  });

  test('a configuration error stops before any call and lists every bad variable', async () => {
    const results = await runDoctor({ env: { AUTH_MODE: 'entra', BC_TENANT_ID: TENANT }, fetch: doFetch });
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ id: 'config', status: 'failed', fix: { code: 'config-invalid' } });
    expect(formatDoctor(results)).toMatch(/ENTRA_TENANT_ID is required/);
  });

  test('the embedded default needs no tenant: only skipped checks', async () => {
    const results = await runDoctor({ env: {}, fetch: doFetch });
    expect(results.filter((r) => r.status !== 'skipped').map((r) => r.id)).toEqual(['config']);
    expect(formatDoctor(results)).toMatch(
      /\n1 check passed; 5 checks skipped, not tried \(the reason is on each "skip" line\).\n$/,
    );
  });

  // F65: a run where checks were skipped said "All checks passed"; only one where every check ran does.
  test.each<[string, Array<CheckResult['status']>, string]>([
    ['all ran and passed', ['passed', 'passed'], 'All checks passed.'],
    ['one skipped', ['passed', 'skipped'], '1 check passed; 1 check skipped, not tried'],
    ['only skipped', ['skipped', 'skipped'], '0 checks passed; 2 checks skipped, not tried'],
    ['a failure wins', ['failed', 'skipped', 'passed'], '1 check failed.'],
    ['two failures', ['failed', 'failed'], '2 checks failed.'],
  ])('summary when %s', (_name, statuses, last) => {
    const results = statuses.map((status): CheckResult => ({ id: 'config', status, detail: 'd' }));
    const lines = formatDoctor(results).trimEnd().split('\n');
    expect(lines[lines.length - 1]).toContain(last);
    if (statuses.includes('skipped')) expect(lines[lines.length - 1]).not.toContain('All checks passed');
  });

  test('the command: unknown options are exit code 2 with one line', async () => {
    const run = promisify(execFile)('npx', ['tsx', 'src/cli/main.ts', 'doctor', '--bogus']);
    const failure = (await run.then(
      () => null,
      (e: unknown) => e,
    )) as { code: number; stderr: string } | null;
    expect(failure?.code).toBe(2);
    expect(failure?.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^bc-contact-sync: doctor: Unknown option '--bogus'/),
    ]);
  });
});

/**
 * Every fix's words carry every value it was given, and no placeholder (F44: "<url>" was printed
 * when a fix came without its value; the values are now typed per fix, so the table must list each).
 */
const FIX_EXAMPLES: { readonly [K in FixCode]: FixParams[K] } = {
  'config-invalid': { errors: 'PORT=abc: expected a port number 0–65535.' },
  'tenant-unknown': { variable: 'BC_TENANT_ID', tenant: 'contoso.example' },
  'issuer-mismatch': { tenant: TENANT, issuer: 'https://sts.windows.net/x/' },
  'jwks-empty': {},
  unreachable: { url: 'https://bc.example/v2.0' },
  'secret-invalid': { variable: 'GRAPH_CLIENT_SECRET', clientId: 'app-1' },
  'client-unknown': { variable: 'BC_CLIENT_ID', clientId: 'app-2', tenant: TENANT },
  'consent-missing': { scope: 'https://graph.microsoft.com/.default' },
  'bc-app-not-registered': { clientId: 'app-3', environment: 'sandbox' },
  'bc-environment-unknown': { environment: 'sandbox-2' },
  'graph-token-refused': {},
  'graph-access-denied': { user: 'ann@contoso.com' },
  'graph-user-unknown': { user: 'bo@contoso.com' },
  'unexpected-answer': {},
  'user-unknown': { user: 'cy@contoso.com' },
  'upn-not-unique': { user: 'dee@contoso.com', keys: 't:o1, t:o2' },
  'no-company': {},
  'no-membership': {
    user: 'eve@contoso.com',
    member: '6f1c2a3b-0000-4000-8000-00000000c0de:0e0e0e0e-1111-4222-8333-444455556666',
  },
  'graph-app-missing': {},
  'mailbox-unknown': { user: 'fay@contoso.com' },
};

describe('doctor fix words', () => {
  test.each(Object.keys(FIX_EXAMPLES) as FixCode[])('%s: every value appears, no placeholder', (code) => {
    const params = FIX_EXAMPLES[code];
    const report = formatDoctor([
      { id: 'issuer', status: 'failed', detail: 'detail', fix: { code, params } as CheckResult['fix'] },
    ]);
    const fixLine = report.split('\n').slice(1, -2).join('\n');
    expect(fixLine).toMatch(/^ {5}fix: \S/);
    for (const value of Object.values(params) as string[]) expect(fixLine).toContain(value);
    expect(fixLine).not.toMatch(/<\w+>/);
  });
});
