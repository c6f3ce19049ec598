/**
 * One upstream request per facade request (issue 11 §2): in upstream mode the company check in
 * front of every contacts call is answered from what the source has seen, not by another
 * `GET /companies(…)` to the tenant each time.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { grantMembership } from '../../src/store/company-members.js';
import { UpstreamBcSource } from '../../src/server/bc-api/upstream-source.js';
import { buildMigratedTemplate } from '../store/pglite-template.js';
import { startFacade } from './harness.js';
import type { Facade } from './harness.js';

let bc: Facade;
let facade: Facade;
const clock = new ManualClock();
const upstreamCalls: string[] = [];

beforeAll(async () => {
  const { template } = await buildMigratedTemplate();
  bc = await startFacade({ template, listen: true });
  const appToken = await bc.issuer.appToken('facade', ['BC.ReadWrite.All']);
  const source = new UpstreamBcSource({
    apiRoot: `${bc.origin}/api/v2.0`,
    getToken: async () => appToken,
    clock,
    fetch: (input, init) => {
      upstreamCalls.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
      return fetch(input, init);
    },
  });
  facade = await startFacade({ template, source });
  // Memberships live in the facade's own store, keyed by the upstream company's id (issue 10 §2).
  await grantMembership(facade.db, devUserKey('ann@contoso.com'), bc.company.id, 'test');
});
afterAll(async () => {
  await facade?.close();
  await bc?.close();
});

async function get(url: string) {
  const res = await facade.app.inject({ method: 'GET', url, headers: { authorization: facade.auth } });
  return res.statusCode;
}

describe('upstream requests per facade request', () => {
  test('contacts calls cost one upstream request each; the company is looked up once, again after its time', async () => {
    const contacts = `/api/v2.0/companies(${bc.company.id})/contacts`;
    upstreamCalls.length = 0;
    expect(await get(contacts)).toBe(200);
    expect(upstreamCalls).toHaveLength(2);
    for (let i = 0; i < 5; i++) expect(await get(contacts)).toBe(200);
    expect(upstreamCalls).toHaveLength(2 + 5);
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
