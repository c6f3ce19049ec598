/**
 * One upstream request per facade request (issue 11 §2): in upstream mode the company check in
 * front of every contacts call is answered from what the source has seen, not by another
 * `GET /companies(…)` to the tenant each time.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { grantMembership } from '../../src/store/company-members.js';
import { HttpBcContacts } from '../../src/bc/http-bc-contacts.js';
import { injectFetch } from '../../src/server/embedded/inject-fetch.js';
import { buildMigratedTemplate } from '../store/pglite-template.js';
import { startFacade, startFront } from './harness.js';
import type { Facade } from './harness.js';

let bc: Facade;
let facade: Facade;
const clock = new ManualClock();
const upstreamCalls: string[] = [];
/** When set, the tenant's next answer is this throttling refusal (BC's shape, with Retry-After). */
let refuseNext: { status: number; retryAfter: string } | null = null;

beforeAll(async () => {
  const { template } = await buildMigratedTemplate();
  bc = await startFacade({ template, listen: true });
  facade = await startFront(bc, template, {
    clock,
    fetch: (input, init) => {
      upstreamCalls.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
      const refusal = refuseNext;
      refuseNext = null;
      if (refusal) {
        const body = { error: { code: 'TooManyRequests', message: 'Rate limit exceeded.' } };
        return Promise.resolve(
          new Response(JSON.stringify(body), {
            status: refusal.status,
            headers: { 'content-type': 'application/json', 'retry-after': refusal.retryAfter },
          }),
        );
      }
      return fetch(input, init);
    },
  });
});
afterAll(async () => {
  await facade?.close();
  await bc?.close();
});

async function get(url: string) {
  const res = await facade.app.inject({ method: 'GET', url, headers: { authorization: facade.auth } });
  return res.statusCode;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

describe('upstream requests per facade request', () => {
  test('contacts calls cost one upstream request each; the company is looked up once, again after its time', async () => {
    const contacts = `/api/v2.0/companies(${bc.company.id})/contacts`;
    upstreamCalls.length = 0;
    expect(await get(contacts)).toBe(200);
    // The first contacts call also reads the tenant's $metadata (its fields, kept for an hour).
    expect(upstreamCalls).toHaveLength(3);
    for (let i = 0; i < 5; i++) expect(await get(contacts)).toBe(200);
    expect(upstreamCalls).toHaveLength(3 + 5);
    expect(upstreamCalls.filter((c) => c.endsWith('/$metadata'))).toHaveLength(1);
    expect(upstreamCalls.filter((c) => /\/companies\([^)]*\)$/.test(c))).toHaveLength(1);
    clock.advance(10 * 60 * 1000);
    expect(await get(contacts)).toBe(200);
    expect(upstreamCalls.filter((c) => /\/companies\([^)]*\)$/.test(c))).toHaveLength(2);
  });

  test('an unknown company is still a 404, asked each time (nothing negative is remembered)', async () => {
    const unknownId = '11111111-2222-4333-8444-555555555555';
    const missing = `/api/v2.0/companies(${unknownId})/contacts`;
    // A membership of a company the tenant does not hold: past the membership check, the tenant is asked.
    await grantMembership(facade.db, devUserKey('ann@contoso.com'), unknownId, 'test');
    upstreamCalls.length = 0;
    expect(await get(missing)).toBe(404);
    expect(await get(missing)).toBe(404);
    expect(upstreamCalls).toHaveLength(2);
  });
});

describe('BC throttling passes through (issue 11 §2)', () => {
  const contactId = '22222222-3333-4444-8555-666666666666';
  const company = () => `/api/v2.0/companies(${bc.company.id})`;
  // Every route that reaches the tenant: one upstream request, BC's 429 (or 503) and its Retry-After.
  const ROUTES: [Method, string, () => string, object | undefined][] = [
    ['GET', 'companies', () => '/api/v2.0/companies', undefined],
    ['GET', 'contacts', () => `${company()}/contacts`, undefined],
    ['GET', 'contacts(id)', () => `${company()}/contacts(${contactId})`, undefined],
    ['POST', 'contacts', () => `${company()}/contacts`, { displayName: 'Throttled' }],
    ['PATCH', 'contacts(id)', () => `${company()}/contacts(${contactId})`, { city: 'Oslo' }],
    ['DELETE', 'contacts(id)', () => `${company()}/contacts(${contactId})`, undefined],
    ['GET', 'countriesRegions', () => `${company()}/countriesRegions`, undefined],
  ];

  const ROWS = ROUTES.flatMap(([m, label, u, b]) =>
    [429, 503].map((status) => [status, m, label, u, b] as const),
  );
  test.each(ROWS)('%i on %s %s', async (status, method, _label, url, payload) => {
    expect(await get(`${company()}/contacts`)).toBe(200); // the company is known (cached)
    upstreamCalls.length = 0;
    refuseNext = { status, retryAfter: '7' };
    const res = await facade.app.inject({
      method,
      url: url(),
      headers: { authorization: facade.auth, 'if-match': '*' },
      ...(payload ? { payload } : {}),
    });
    expect(res.statusCode).toBe(status);
    expect(res.headers['retry-after']).toBe('7');
    expect(res.json()).toEqual({ error: { code: 'TooManyRequests', message: 'Rate limit exceeded.' } });
    expect(upstreamCalls).toHaveLength(1);
  });

  test('the BC adapter over the facade waits the tenant’s Retry-After and reads again', async () => {
    const waits: number[] = [];
    const adapter = new HttpBcContacts({
      baseUrl: 'http://facade.internal/api/v2.0',
      companyId: bc.company.id,
      getToken: async () => facade.auth.slice('Bearer '.length),
      fetch: injectFetch(facade.app),
      sleep: async (ms) => {
        waits.push(ms);
      },
      random: () => 0,
    });
    expect(await get(`${company()}/contacts`)).toBe(200);
    upstreamCalls.length = 0;
    refuseNext = { status: 429, retryAfter: '3' };
    const all = await adapter.listAll();
    expect(Array.isArray(all)).toBe(true);
    expect(waits).toEqual([3000]);
    expect(upstreamCalls).toHaveLength(2);
    expect(adapter.stats()).toEqual({ requests: 2, throttled: 1 });
  });
});
