import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from '@jest/globals';
import Fastify from 'fastify';
import { decodeJwt } from 'jose';
import { isLoopbackHost } from '../../src/platform/request-origin.js';
import { DEV_TENANT_ID, devObjectId, devUserKey } from '../../src/server/auth/dev-issuer.js';
import { loadConfig } from '../../src/server/config.js';
import { installDevHostGuard } from '../../src/server/dev-host-guard.js';
import { ConfigError, SERVER_FILE, startServer } from '../../src/server/main.js';
import { openedForTests } from '../support/opened.js';
import { QUIET, startQuietServer } from '../support/quiet-server.js';
import { yesNo } from '../support/yes-no.js';

// Issue 10 §4: dev mode cannot leak — no dev issuer on a reachable address, no dev issuer at all in
// entra mode, and the embedded emulator's admin routes closed to other origins and to strangers.

describe('which bind addresses are loopback', () => {
  yesNo('isLoopbackHost', isLoopbackHost, {
    yes: ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '::ffff:127.0.0.1'],
    no: [
      '0.0.0.0',
      '::',
      '192.168.1.20',
      '10.0.0.1',
      '::ffff:10.0.0.1',
      'contoso.com',
      'localhost.contoso.com',
      '128.0.0.1',
    ],
  });
});

/** `bc-contact-sync start` in dev mode (the default) with `env`: exit 2, one line on stderr matching `line`, nothing on stdout. */
async function expectStartRefused(env: NodeJS.ProcessEnv, line: RegExp): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bcsync-devrefused-'));
  try {
    const r = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['bin/bc-contact-sync.js', 'start'],
        {
          env: { ...process.env, ...env, AUTH_MODE: 'dev', DATA_DIR: dir, PANE_BUILD: '0' },
          timeout: 600_000,
        },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(line)]);
    expect(r.stdout).toBe('');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('AUTH_MODE=dev refuses a non-loopback HOST', () => {
  test.each(['0.0.0.0', '::', '192.168.1.20'])('HOST=%s: one line naming HOST and the fix', (host) => {
    const r = loadConfig({ HOST: host });
    expect(r).toEqual({
      ok: false,
      errors: [
        expect.stringMatching(
          new RegExp(
            `^AUTH_MODE=dev with HOST=${host.replace(/\./g, '\\.')}: .*127\\.0\\.0\\.1.*AUTH_MODE=entra\\.$`,
          ),
        ),
      ],
    });
    if (!r.ok) expect(r.errors[0]).not.toContain('\n');
  });

  test('dev on loopback and entra anywhere are accepted', () => {
    expect(loadConfig({ HOST: '127.0.0.1' }).ok).toBe(true);
    expect(loadConfig({ HOST: '::1', AUTH_MODE: 'dev' }).ok).toBe(true);
    expect(
      loadConfig({
        HOST: '0.0.0.0',
        AUTH_MODE: 'entra',
        ENTRA_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47',
        ENTRA_API_AUDIENCE: 'api://x',
      }).ok,
    ).toBe(true);
  });

  test('startServer refuses it too when the host comes as an override (nothing listens)', async () => {
    await expect(startServer({ env: {}, overrides: { ...QUIET, host: '0.0.0.0' } })).rejects.toBeInstanceOf(
      ConfigError,
    );
  });

  test('`HOST=0.0.0.0 npm start` exits with code 2 and one line on stderr', async () => {
    await expectStartRefused({ HOST: '0.0.0.0' }, /^configuration: AUTH_MODE=dev with HOST=0\.0\.0\.0: /);
  });
});

describe('F134: AUTH_MODE=dev refuses a PUBLIC_ORIGIN that is not this machine (a proxy or tunnel)', () => {
  // The tester's set-up: docs/deploy.md's proxy (PUBLIC_ORIGIN + HOST=127.0.0.1) with AUTH_MODE left
  // at its default gave anyone who reached the public origin an admin token.
  test.each([
    ['https://contacts.example.com', false],
    ['https://addin.fabrikam.example:8443', false],
    ['https://203.0.113.7', false],
    ['https://localhost:3000', true],
    ['http://127.0.0.1:3105', true],
    ['https://[::1]:3000', true],
  ])('PUBLIC_ORIGIN=%s: accepted %s', (origin, accepted) => {
    const r = loadConfig({ PUBLIC_ORIGIN: origin, HOST: '127.0.0.1' });
    expect(r.ok ? [] : r.errors).toEqual(
      accepted
        ? []
        : [
            expect.stringMatching(
              /^AUTH_MODE=dev with PUBLIC_ORIGIN=.*AUTH_MODE=entra .*DEV_PUBLIC_ORIGIN=1/,
            ),
          ],
    );
    // Said on purpose (a tunnel only its operator uses): accepted; in entra mode the variable is not needed.
    expect(loadConfig({ PUBLIC_ORIGIN: origin, DEV_PUBLIC_ORIGIN: '1' }).ok).toBe(true);
    expect(
      loadConfig({
        PUBLIC_ORIGIN: origin,
        AUTH_MODE: 'entra',
        ENTRA_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47',
        ENTRA_API_AUDIENCE: 'api://x',
      }).ok,
    ).toBe(true);
  });

  test('`PUBLIC_ORIGIN=https://contacts.example.com npm start` exits with code 2 and one line; nothing listens', async () => {
    await expectStartRefused(
      { PUBLIC_ORIGIN: 'https://contacts.example.com', HOST: '127.0.0.1', PORT: '0' },
      /^configuration: AUTH_MODE=dev with PUBLIC_ORIGIN=https:\/\/contacts\.example\.com: /,
    );
  });
});

describe('in entra mode the dev issuer and the emulator do not exist', () => {
  const server = openedForTests(() =>
    startQuietServer('bcsync-entra-', {
      env: {
        AUTH_MODE: 'entra',
        ENTRA_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47',
        ENTRA_API_AUDIENCE: 'api://contact-sync',
        SEED_DEMO: '0',
      },
    }),
  );

  test('no dev issuer in the context', () => {
    expect(server.ctx.devIssuer).toBeNull();
    expect(server.graph).toBeNull();
  });

  test.each([
    ['GET', '/dev/token?user=ann@contoso.com'],
    ['GET', '/dev/jwks.json'],
    ['POST', '/_emulator/reset'],
    ['GET', '/_emulator/config'],
    ['POST', '/_emulator/token'],
    ['GET', '/graph/v1.0/me/contacts'],
  ])('%s %s → 404', async (method, path) => {
    const res = await fetch(`${server.url}${path}`, { method });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toMatch(/access_token|"keys"/);
  });
});

describe('the embedded emulator in dev mode', () => {
  // server.json too: the admin token is read from it.
  const server = openedForTests(() =>
    startQuietServer('bcsync-devadmin-', { env: { SEED_DEMO: '0' }, announce: true }),
  );
  let adminToken: string;
  beforeAll(() => {
    adminToken = (JSON.parse(readFileSync(join(server.dir, SERVER_FILE), 'utf8')) as { adminToken: string })
      .adminToken;
  });

  // DNS rebinding: a page on evil.example re-pointed at 127.0.0.1 sends Host: evil.example; the
  // browser cannot forge Host, so refusing non-loopback names closes every route to such pages.
  test.each([
    '/dev/token?user=ann@contoso.com',
    '/sync/v1/me',
    '/api/v2.0/companies',
    '/graph/v1.0/me',
    '/healthz',
  ])('a request to %s addressed to another host name is refused (421) before the route runs', async (url) => {
    for (const host of ['evil.example:3120', 'evil.example', '192.168.1.20:3000', 'localhost.evil.example']) {
      const res = await server.app.inject({ method: 'GET', url, headers: { host } });
      expect({ host, status: res.statusCode }).toEqual({ host, status: 421 });
      expect(res.json()).toMatchObject({ error: { code: 'MisdirectedRequest' } });
    }
    for (const host of ['localhost:3000', '127.0.0.1:3000', '[::1]:3000', 'LOCALHOST']) {
      const res = await server.app.inject({ method: 'GET', url, headers: { host } });
      expect({ host, status: res.statusCode }).not.toEqual({ host, status: 421 });
    }
  });

  test('/dev/token mints v2.0 claims (tid, oid, scopes); the facade keys the user by them', async () => {
    const minted = (await (await fetch(`${server.url}/dev/token?user=Ann@Contoso.com`)).json()) as {
      access_token: string;
    };
    const claims = decodeJwt(minted.access_token);
    expect(claims).toMatchObject({
      ver: '2.0',
      tid: DEV_TENANT_ID,
      oid: devObjectId('ann@contoso.com'),
      preferred_username: 'Ann@Contoso.com',
      scp: 'Sync.ReadWrite BC.ReadWrite',
    });
    const me = await fetch(`${server.url}/sync/v1/me`, {
      headers: { authorization: `Bearer ${minted.access_token}` },
    });
    expect(await me.json()).toMatchObject({ userId: devUserKey('ann@contoso.com'), upn: 'Ann@Contoso.com' });
  });

  test('reset from another web page or without the admin token is refused; with the token it works', async () => {
    const fromPage = await fetch(`${server.url}/_emulator/reset`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'text/plain', 'x-admin-token': adminToken },
      body: 'x',
    });
    expect(fromPage.status).toBe(403);
    expect((await fetch(`${server.url}/_emulator/reset`, { method: 'POST' })).status).toBe(401);
    const counters = await fetch(`${server.url}/_emulator/counters`, {
      headers: { 'x-admin-token': adminToken },
    });
    expect(counters.status).toBe(200);
  });
});

describe('the dev Host guard with PUBLIC_ORIGIN', () => {
  test('the operator-named origin is answered; other names still get 421', async () => {
    const app = Fastify();
    installDevHostGuard(app, 'https://pane.example.test:8443');
    app.get('/x', async () => ({ ok: true }));
    const status = async (host: string) =>
      (await app.inject({ method: 'GET', url: '/x', headers: { host } })).statusCode;
    expect(await status('pane.example.test:8443')).toBe(200);
    expect(await status('PANE.example.test')).toBe(200);
    expect(await status('localhost:3000')).toBe(200);
    expect(await status('evil.example')).toBe(421);
    expect(await status('pane.example.test.evil.example')).toBe(421);
    await app.close();
  });
});
