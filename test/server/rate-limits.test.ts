import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { loadConfig } from '../../src/server/config.js';
import { startQuietServer } from '../support/quiet-server.js';
import type { QuietServer } from '../support/quiet-server.js';

// Issue 10 §3: per-user and per-IP limits with @fastify/rate-limit; over either: 429, Retry-After
// and the shared error body.

describe('rate limits', () => {
  let server: QuietServer;
  const token = async (upn: string) => ({
    authorization: `Bearer ${await server.ctx.devIssuer!.userToken(upn, 'facade')}`,
  });

  beforeAll(async () => {
    server = await startQuietServer('bcsync-ratelimit-', {
      overrides: { rateLimit: { userPerMinute: 5, ipPerMinute: 12 } },
    });
  });
  afterAll(async () => {
    await server.close();
  });

  test('a user over the limit gets 429 with Retry-After; another user and then the address limit', async () => {
    const ann = await token('ann@contoso.com');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await fetch(`${server.url}/sync/v1/me`, { headers: ann })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const over = await fetch(`${server.url}/sync/v1/me`, { headers: ann });
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await over.json()).toEqual({
      error: {
        code: 'TooManyRequests',
        message: expect.stringMatching(/this user: at most 5 a minute/),
        // A sync API refusal carries its reason as data (issue 13 §2).
        reason: { kind: 'TooManyRequests' },
      },
    });
    // A forged token does not spend Ann's budget or get its own: it is refused as before.
    const forged = await fetch(`${server.url}/sync/v1/me`, { headers: { authorization: 'Bearer x.y.z' } });
    expect(forged.status).toBe(401);

    const bo = await token('bo@contoso.com');
    expect((await fetch(`${server.url}/sync/v1/me`, { headers: bo })).status).toBe(200);
    // 8 requests so far from 127.0.0.1; 4 more fit, the 13th is over the address limit. (Unsigned
    // reads: the probes /healthz and /readyz are never counted, tester F100.)
    for (let i = 0; i < 4; i++) expect((await fetch(`${server.url}/api/v2.0/companies`)).status).toBe(401);
    const ipOver = await fetch(`${server.url}/api/v2.0/companies`);
    expect(ipOver.status).toBe(429);
    expect(Number(ipOver.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await ipOver.json()).toEqual({
      error: { code: 'TooManyRequests', message: expect.stringMatching(/this address: at most 12 a minute/) },
    });
    // Over the address limit, the probes still answer: an orchestrator must not restart a busy facade.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/readyz`)).status).not.toBe(429);
  });

  test('over the address limit the embedded Graph emulator answers 429 in Graph’s shape too', async () => {
    const graph = await fetch(`${server.url}/graph/v1.0/me/contacts`);
    expect(graph.status).toBe(429);
    expect(Number(graph.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await graph.json()).toEqual({
      error: {
        code: 'TooManyRequests',
        message: expect.stringMatching(/at most 12 a minute/),
        innerError: expect.objectContaining({ 'request-id': expect.any(String) }),
      },
    });
  });

  test('limits come from the environment; bad values are refused at start', () => {
    const ok = loadConfig({ RATE_LIMIT_USER_PER_MINUTE: '10', RATE_LIMIT_IP_PER_MINUTE: '0' });
    expect(ok.ok && ok.config.rateLimit).toEqual({ userPerMinute: 10, ipPerMinute: 0 });
    expect(
      loadConfig({}).ok && (loadConfig({}) as { config: { rateLimit: unknown } }).config.rateLimit,
    ).toEqual({
      userPerMinute: 3000,
      ipPerMinute: 6000,
    });
    expect(loadConfig({ RATE_LIMIT_USER_PER_MINUTE: '-1' })).toEqual({
      ok: false,
      errors: ['RATE_LIMIT_USER_PER_MINUTE=-1: expected a whole number ≥ 0.'],
    });
  });
});
