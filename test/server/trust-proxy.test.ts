/**
 * Hosting behind a reverse proxy (issue 11 §5, docs/deploy.md "TLS and the reverse proxy"): with
 * TRUST_PROXY naming the proxy, the per-IP rate limit counts each client (X-Forwarded-For) and the
 * scheme is the proxy's (X-Forwarded-Proto: HSTS is sent); without it the same headers are
 * ignored, so no client picks its own address or scheme — and behind a proxy all would share one.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { loadConfig } from '../../src/server/config.js';
import { parseTrustProxy } from '../../src/server/trust-proxy.js';
import { startQuietServer } from '../support/quiet-server.js';
import type { QuietServer } from '../support/quiet-server.js';

const LIMIT = { rateLimit: { userPerMinute: 0, ipPerMinute: 2 } };
let trusting: QuietServer;
let plain: QuietServer;

beforeAll(async () => {
  // app.inject's connection comes from 127.0.0.1: the proxy, as on a host where nginx forwards to loopback.
  trusting = await startQuietServer('bcsync-proxy-', { overrides: { ...LIMIT, trustProxy: ['127.0.0.1'] } });
  plain = await startQuietServer('bcsync-noproxy-', { overrides: LIMIT });
});
afterAll(async () => {
  await trusting?.close();
  await plain?.close();
});

/** Statuses of unauthenticated reads (each counts against the caller's IP) from `client`. */
async function statuses(server: QuietServer, client: string, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++)
    out.push(
      (await server.app.inject({ url: '/api/v2.0/companies', headers: { 'x-forwarded-for': client } }))
        .statusCode,
    );
  return out;
}

describe('TRUST_PROXY', () => {
  test('trusted proxy: each forwarded client has its own per-IP budget', async () => {
    expect(await statuses(trusting, '203.0.113.1', 3)).toEqual([401, 401, 429]);
    expect(await statuses(trusting, '203.0.113.2', 2)).toEqual([401, 401]);
  });

  test('no TRUST_PROXY: X-Forwarded-For is ignored (one budget for the connection address)', async () => {
    expect(await statuses(plain, '203.0.113.1', 2)).toEqual([401, 401]);
    expect(await statuses(plain, '203.0.113.2', 1)).toEqual([429]);
  });

  test('X-Forwarded-Proto: https from the trusted proxy is the request scheme (HSTS sent), else not', async () => {
    const hsts = async (server: QuietServer) =>
      (
        await server.app.inject({
          url: '/healthz',
          headers: {
            'x-forwarded-proto': 'https',
            'x-forwarded-for': `198.51.100.${server === plain ? 1 : 2}`,
          },
        })
      ).headers['strict-transport-security'];
    expect(await hsts(trusting)).toMatch(/max-age=/);
    expect(await hsts(plain)).toBeUndefined();
  });

  test('the variable: addresses and CIDR ranges, comma-separated; anything else refused by name', () => {
    expect(parseTrustProxy(' 127.0.0.1, 10.0.0.0/8,::1 ,fd00::/8')).toEqual({
      list: ['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8'],
      problem: null,
    });
    for (const bad of ['true', 'nginx', '10.0.0.0/33', '::1/129', '10.0.0.1/8/1', '1.2.3'])
      expect(parseTrustProxy(bad).problem).toContain(bad);
    const refused = loadConfig({ TRUST_PROXY: '127.0.0.1,proxy.internal' });
    expect(refused.ok ? [] : refused.errors).toEqual([
      expect.stringMatching(/^TRUST_PROXY: proxy\.internal /),
    ]);
    const accepted = loadConfig({ TRUST_PROXY: '127.0.0.1' });
    expect(accepted.ok && accepted.config.trustProxy).toEqual(['127.0.0.1']);
  });
});
