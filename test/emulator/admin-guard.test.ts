import { describe, expect, test, beforeAll, afterAll } from '@jest/globals';
import Fastify from 'fastify';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { createGraphEmulator, createTestIssuer, emulatorAdminPlugin } from '../../src/emulator/index.js';
import type { GraphEmulator } from '../../src/emulator/index.js';
import { BOB } from './harness.js';

const TOKEN = 'admin-guard-test-token-0123456789';
const SEED = { mailboxes: [{ id: BOB.oid, upn: BOB.upn, contacts: [{ givenName: 'Kept' }] }] };

/** Every way a request without the right to administer the emulator arrives. */
const ATTACKS: { name: string; headers: Record<string, string>; status: number }[] = [
  { name: 'no admin token', headers: {}, status: 401 },
  { name: 'wrong admin token', headers: { 'x-admin-token': `${TOKEN}x` }, status: 401 },
  { name: 'token as bearer', headers: { authorization: `Bearer ${TOKEN}` }, status: 401 },
  {
    name: 'simple cross-origin POST from a web page (Origin)',
    headers: { 'x-admin-token': TOKEN, origin: 'https://evil.example', 'content-type': 'text/plain' },
    status: 403,
  },
  {
    name: 'cross-site fetch (Sec-Fetch-Site)',
    headers: { 'x-admin-token': TOKEN, 'sec-fetch-site': 'cross-site' },
    status: 403,
  },
  {
    name: 'same-site other port (Sec-Fetch-Site)',
    headers: { 'x-admin-token': TOKEN, 'sec-fetch-site': 'same-site' },
    status: 403,
  },
  { name: 'opaque origin', headers: { 'x-admin-token': TOKEN, origin: 'null' }, status: 403 },
];

describe('emulator admin routes need the admin token and refuse other origins (issue 10 §4)', () => {
  let app: FastifyInstance;
  let emulator: GraphEmulator;
  const routes: { method: string; url: string }[] = [];

  beforeAll(async () => {
    const issuer = await createTestIssuer();
    emulator = await createGraphEmulator({ auth: issuer.auth, seed: SEED });
    app = Fastify();
    app.addHook('onRoute', (r: RouteOptions) => {
      for (const m of [r.method].flat()) if (m !== 'HEAD') routes.push({ method: m, url: r.url });
    });
    await app.register(emulatorAdminPlugin, { emulator, adminToken: TOKEN, prefix: '/_emulator' });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });

  test('the table covers every admin route', () => {
    expect(routes.map((r) => `${r.method} ${r.url}`).sort()).toEqual([
      'GET /_emulator/config',
      'GET /_emulator/counters',
      'GET /_emulator/mailboxes/:id',
      'POST /_emulator/reset',
      'POST /_emulator/seed',
      'POST /_emulator/token',
      'PUT /_emulator/config',
    ]);
  });

  test.each(ATTACKS)('$name: refused on every route, nothing read or changed', async (attack) => {
    const configBefore = JSON.stringify(emulator.config);
    for (const r of routes) {
      const body =
        r.method === 'GET' ? undefined : r.url.endsWith('/config') ? '{"latency":{"fixedMs":9}}' : '{}';
      const res = await app.inject({
        method: r.method as 'GET',
        url: r.url.replace(':id', BOB.upn),
        headers: { host: 'localhost:3000', ...attack.headers },
        ...(body !== undefined ? { payload: body } : {}),
      });
      expect({ route: `${r.method} ${r.url}`, status: res.statusCode }).toEqual({
        route: `${r.method} ${r.url}`,
        status: attack.status,
      });
      const error = (res.json() as { error: { code: string; message: string } }).error;
      expect(error.message).toMatch(
        attack.status === 401 ? /X-Admin-Token|x-admin-token/ : /other web pages/,
      );
      expect(res.body).not.toContain('Kept');
    }
    expect(emulator.store.findMailbox(BOB.upn)).toBeDefined();
    expect(JSON.stringify(emulator.config)).toBe(configBefore);
  });

  test('with the token, from the same origin or from no browser at all, the routes answer', async () => {
    for (const extra of [{}, { origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin' }]) {
      const res = await app.inject({
        method: 'GET',
        url: `/_emulator/mailboxes/${BOB.upn}`,
        headers: { host: 'localhost:3000', 'x-admin-token': TOKEN, ...extra },
      });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Kept');
    }
  });

  test('a short admin token is refused when mounting', async () => {
    const other = Fastify();
    await expect(
      other.register(emulatorAdminPlugin, { emulator, adminToken: 'short', prefix: '/_emulator' }).ready(),
    ).rejects.toThrow(/at least 16/);
    await other.close();
  });
});
