import { readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startServer } from '../../src/server/main.js';
import type { RunningServer } from '../../src/server/main.js';
import { endpointsOf } from './fuzz-inputs.js';
import { officeJsDist, outlookOfficeJsFiles } from '../../scripts/office-js-files.mjs';
import { OFFICE_JS_CDN } from '../../src/taskpane/office/office-js-source.js';
import { freshDataDir } from '../support/quiet-server.js';
import Fastify from 'fastify';
import { loadConfig } from '../../src/server/config.js';
import { installSecurityHeaders } from '../../src/server/security-headers.js';

// Issue 10 §5: helmet's headers on every route over HTTP and HTTPS (HSTS on HTTPS only), the pane's
// CSP (own origin, Office.js CDN, Microsoft login, Graph; framed by Outlook only), and CORS for
// PUBLIC_ORIGIN (+ the dev server in dev mode) and nobody else.

const PUBLIC_ORIGIN = 'https://contacts.contoso.com';

type Answer = { status: number; headers: Record<string, string | string[] | undefined> };

/** One request over a real socket (HTTPS with the dev certificate, not verified: this is loopback). */
function send(base: string, method: string, path: string, headers: Record<string, string>): Promise<Answer> {
  const url = new URL(path, base);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, rejectUnauthorized: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

function csp(answer: Answer): Map<string, string[]> {
  const text = String(answer.headers['content-security-policy'] ?? '');
  return new Map(
    text
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

describe.each([
  ['HTTP', false],
  ['HTTPS', true],
])('security headers over %s', (_label, https) => {
  let server: RunningServer;
  let dir: string;
  let paths: Array<[string, string]>;

  beforeAll(async () => {
    dir = await freshDataDir('bcsync-headers-');
    server = await startServer({
      env: { DATA_DIR: dir, PUBLIC_ORIGIN, DEV_PUBLIC_ORIGIN: '1' },
      overrides: { port: 0, https, scheduler: false, logLevel: 'silent', buildPane: false },
      announce: false,
    });
    expect(server.tls.kind).toBe(https ? 'https' : 'http');
    const issuer = server.ctx.devIssuer!;
    const openapi = (await server.app.inject({ url: '/docs/openapi.json' })).json() as object;
    const routes = endpointsOf({
      openapi,
      companyId: '00000000-0000-0000-0000-000000000000',
      facade: `Bearer ${await issuer.userToken('ann@contoso.com', 'facade')}`,
      graph: `Bearer ${await issuer.userToken('ann@contoso.com', 'graph')}`,
    });
    paths = [
      ...routes.map(
        (r) => [r.method, r.url(Array.from({ length: r.params }, () => 'x'))] as [string, string],
      ),
      ['GET', '/healthz'],
      ['GET', '/taskpane.html'],
      ['GET', '/manifest.xml'],
      ['GET', '/favicon.ico'],
      ['GET', '/docs/openapi.json'],
      ['GET', '/dev/jwks.json'],
      ['POST', '/_emulator/reset'],
      ['POST', '/internal/runs'],
      ['GET', '/internal/runs/x'],
      ['GET', '/no/such/route'],
    ];
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('every route: CSP, nosniff, Referrer-Policy; HSTS exactly on HTTPS', async () => {
    expect(paths.length).toBeGreaterThan(60);
    for (const [method, path] of paths) {
      const answer = await send(server.url, method, path, {});
      const seen = {
        route: `${method} ${path}`,
        nosniff: answer.headers['x-content-type-options'],
        referrer: answer.headers['referrer-policy'],
        hsts: answer.headers['strict-transport-security'] !== undefined,
        frameAncestors: csp(answer).get('frame-ancestors')?.includes('https://outlook.office.com'),
        xFrameOptions: answer.headers['x-frame-options'],
      };
      expect(seen).toEqual({
        route: `${method} ${path}`,
        nosniff: 'nosniff',
        referrer: 'no-referrer',
        hsts: https,
        frameAncestors: true,
        xFrameOptions: undefined,
      });
    }
  });

  test('the pane’s CSP names its sources and nothing wider', async () => {
    const policy = csp(await send(server.url, 'GET', '/taskpane.html', {}));
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual([
      "'self'",
      // Scheme-less: the page's own scheme (https inside Outlook), as Office.js requests them.
      'appsforoffice.microsoft.com',
      'ajax.aspnetcdn.com',
    ]);
    expect(policy.get('connect-src')).toEqual([
      "'self'",
      'https://login.microsoftonline.com',
      'https://login.live.com',
      'https://graph.microsoft.com',
    ]);
    expect(policy.get('frame-src')).toEqual([
      "'self'",
      'https://login.microsoftonline.com',
      'https://login.live.com',
      'appsforoffice.microsoft.com',
      'ajax.aspnetcdn.com',
      // F7: Office.js's hidden telemetry frame (telemetryproxy.html), exactly its host.
      'https://telemetryservice.firstpartyapps.oaspapps.com',
    ]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    const ancestors = policy.get('frame-ancestors') ?? [];
    expect(ancestors).not.toContain('*');
    expect(ancestors).not.toContain('https:');
    for (const a of ancestors)
      expect(a).toMatch(
        /^('self'|https:\/\/([*]|outlook)\.(outlook\.com|office\.com|office365\.com|office\.net|live\.com))$/,
      );
    for (const values of policy.values()) expect(values).not.toContain("'unsafe-eval'");
  });

  test('F7: every frame Office.js opens is allowed by frame-src, and nothing wider', async () => {
    const sources = csp(await send(server.url, 'GET', '/taskpane.html', {})).get('frame-src') ?? [];
    const cdnBase = OFFICE_JS_CDN.slice(0, OFFICE_JS_CDN.lastIndexOf('/') + 1);
    // Its error page (AgaveErrorUX) lives in Office.js's own folder: the CDN, or the local copy.
    const frames = [
      ...OFFICE_JS_FRAMES,
      `${cdnBase}AgaveErrorUX/index.html`,
      `${server.url}/office-js/AgaveErrorUX/index.html`,
    ];
    expect(frames.filter((url) => !allows(sources, url, server.url))).toEqual([]);
    expect(sources.filter((s) => s.includes('*') || s.endsWith(':'))).toEqual([]);
  });

  test('CORS answers PUBLIC_ORIGIN and the dev server, nobody else', async () => {
    const preflight = (origin: string) =>
      send(server.url, 'OPTIONS', '/sync/v1/settings', {
        origin,
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'authorization,content-type',
      });
    const ok = await preflight(PUBLIC_ORIGIN);
    expect(ok.headers['access-control-allow-origin']).toBe(PUBLIC_ORIGIN);
    expect(String(ok.headers['access-control-allow-headers'])).toContain('authorization');
    expect((await preflight('https://localhost:3001')).headers['access-control-allow-origin']).toBe(
      'https://localhost:3001',
    );
    for (const stranger of ['https://evil.example', 'null', 'https://contacts.contoso.com.evil.example']) {
      const refused = await preflight(stranger);
      expect(refused.headers['access-control-allow-origin']).toBeUndefined();
      const simple = await send(server.url, 'GET', '/healthz', { origin: stranger });
      expect(simple.headers['access-control-allow-origin']).toBeUndefined();
    }
  });
});

describe('DEV_SERVER_PORT (the config schema, not process.env)', () => {
  test('dev mode lets the dev server on DEV_SERVER_PORT call the facade, not the default port; a bad value is refused at start', async () => {
    const loaded = loadConfig({ DEV_SERVER_PORT: '3999' });
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    const app = Fastify();
    await installSecurityHeaders(app, loaded.config);
    const allowed = async (origin: string) =>
      (
        await app.inject({
          method: 'OPTIONS',
          url: '/sync/v1/settings',
          headers: { origin, 'access-control-request-method': 'PUT' },
        })
      ).headers['access-control-allow-origin'];
    expect(await allowed('https://localhost:3999')).toBe('https://localhost:3999');
    expect(await allowed('http://127.0.0.1:3999')).toBe('http://127.0.0.1:3999');
    expect(await allowed('https://localhost:3001')).toBeUndefined();
    await app.close();
    const bad = loadConfig({ DEV_SERVER_PORT: 'abc' });
    expect(bad.ok ? [] : bad.errors).toEqual([
      expect.stringMatching(/^DEV_SERVER_PORT=abc: expected a port number/),
    ]);
  });
});

/**
 * Whether a CSP source list allows `url` (CSP3 §6.7.2: 'self', a scheme-less host matching the
 * page's scheme or its https upgrade, a host with a scheme matching exactly; no wildcards here).
 */
function allows(sources: readonly string[], url: string, self: string): boolean {
  const u = new URL(url);
  return sources.some((s) => {
    if (s === "'self'") return u.origin === new URL(self).origin;
    if (/^https?:\/\//.test(s)) return u.origin === new URL(s).origin;
    return u.host === s && (u.protocol === 'https:' || u.protocol === new URL(self).protocol);
  });
}

/** The frames Office.js opens: every https *.html its files name (its telemetry proxy), read from the package. */
const OFFICE_JS_FRAMES = [
  ...new Set(
    outlookOfficeJsFiles(officeJsDist('.'))
      .files.filter((f) => f.endsWith('.js'))
      .flatMap((f) => [
        ...readFileSync(join(officeJsDist('.'), f), 'utf8').matchAll(/"(https:\/\/[^"\s]+\.html)"/g),
      ])
      .map((m) => m[1]!),
  ),
];

test('F7: Office.js’s files name exactly one frame URL, the telemetry proxy (a new one shows up here)', () => {
  expect(OFFICE_JS_FRAMES).toEqual([
    'https://telemetryservice.firstpartyapps.oaspapps.com/telemetryservice/telemetryproxy.html',
  ]);
});
