import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import type { RouteOptions } from 'fastify';
import { createTurnKey } from '../../src/core/lease.js';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { grantMembership, revokeMembership } from '../../src/store/company-members.js';
import { startFacade } from '../bc/harness.js';
import type { Facade } from '../bc/harness.js';
import { buildMigratedTemplate } from '../store/pglite-template.js';

// Trust review, item 3 — the kind: "a kept answer (Idempotency-Key, 10 minutes) is sent again
// before the route's own authorization". The token's scope is checked onRequest, replays too,
// but a company's membership and the sync state's admission are asked in the handlers, which a
// replay skips: Ann, removed from her company a minute after a request, got its kept answer on
// a resend — a $batch's contacts, a create turn's lease. Every POST route whose answer is kept
// now says who may still have it (config.access, server/replay.ts), asked before the replay.

let f: Facade;
const routes: RouteOptions[] = [];
const ANN = devUserKey('ann@contoso.com');
beforeAll(async () => {
  const { template } = await buildMigratedTemplate();
  // With the product's state admission (start-parts.ts), which the harness otherwise leaves out.
  f = await startFacade({ template, onRoute: (r) => routes.push(r), stateAdmission: true });
});
afterAll(async () => {
  await f.close();
});
afterEach(async () => {
  await grantMembership(f.db, ANN, f.company.id, 'test');
});

async function send(url: string, body: unknown, key: string) {
  const res = await f.app.inject({
    method: 'POST',
    url,
    headers: { authorization: f.auth, 'content-type': 'application/json', 'idempotency-key': key },
    payload: JSON.stringify(body),
  });
  return { status: res.statusCode, replayed: res.headers['idempotent-replayed'] === 'true' };
}

/** A $batch sent with `key`: its status and each operation's status and body. */
async function sendBatch(requests: unknown[], key: string) {
  const res = await f.app.inject({
    method: 'POST',
    url: '/api/v2.0/$batch',
    headers: { authorization: f.auth, 'content-type': 'application/json', 'idempotency-key': key },
    payload: JSON.stringify({ requests }),
  });
  const body = JSON.parse(res.body) as { responses?: { status: number; body: unknown }[] };
  return { status: res.statusCode, responses: body.responses ?? [] };
}

test('every POST route whose answer is kept says who may still have it (config.access)', () => {
  const kept = routes.filter((r) => [r.method].flat().includes('POST') && r.config?.replay !== 'rerun');
  expect(kept.length).toBeGreaterThanOrEqual(15);
  expect(kept.filter((r) => r.config?.access === undefined).map((r) => r.url)).toEqual([]);
});

const company = () => f.company.id;
const turn = () => ({
  key: createTurnKey(company()),
  owner: 'pane',
  now: new Date().toISOString(),
  ttlMs: 5_000,
});
const email = () => `replay.${randomUUID().slice(0, 8)}@fabrikam.com`;
/** Each route the harness serves whose answer is kept: its request (fresh values per call). */
const ROWS: [name: string, request: () => { url: string; body: unknown }][] = [
  [
    'POST contacts',
    () => ({ url: `/api/v2.0/companies(${company()})/contacts`, body: { displayName: 'R', email: email() } }),
  ],
  [
    'POST countriesRegions',
    () => ({
      url: `/api/v2.0/companies(${company()})/countriesRegions`,
      body: { code: randomUUID().slice(0, 6).toUpperCase(), displayName: 'Replayland' },
    }),
  ],
  [
    'POST $batch of reads',
    () => ({
      url: '/api/v2.0/$batch',
      body: { requests: [{ id: '1', method: 'GET', url: `companies(${company()})/contacts?$top=1` }] },
    }),
  ],
  // Review RV5: the company as the router reads it — percent-encoded, quoted — not as sent.
  [
    'POST $batch of reads, the company percent-encoded',
    () => ({
      url: '/api/v2.0/$batch',
      body: { requests: [{ id: '1', method: 'GET', url: `companies%28${company()}%29/contacts?$top=1` }] },
    }),
  ],
  [
    'POST $batch of reads, the company quoted',
    () => ({
      url: '/api/v2.0/$batch',
      body: { requests: [{ id: '1', method: 'GET', url: `companies('${company()}')/contacts?$top=1` }] },
    }),
  ],
  [
    'POST $batch of a create',
    () => ({
      url: '/api/v2.0/$batch',
      body: {
        requests: [
          {
            id: '1',
            method: 'POST',
            url: `companies(${company()})/contacts`,
            body: { displayName: 'R', email: email() },
          },
        ],
      },
    }),
  ],
  ['POST lease/acquire (a create turn)', () => ({ url: '/sync/v1/state/lease/acquire', body: turn() })],
  ['POST lease/renew (a create turn)', () => ({ url: '/sync/v1/state/lease/renew', body: turn() })],
  [
    'POST lease/release (a create turn)',
    () => ({ url: '/sync/v1/state/lease/release', body: { key: turn().key, owner: 'pane' } }),
  ],
  [
    'POST state pending-creates (a state write)',
    () => ({
      url: `/sync/v1/state/pending-creates?userId=${encodeURIComponent(ANN)}&folderId=f-${randomUUID().slice(0, 8)}`,
      body: { bcIds: ['x'] },
    }),
  ],
];

describe('a resend after the caller lost the access: the route refuses it, no kept answer', () => {
  test.each(ROWS)('%s', async (_name, request) => {
    const { url, body } = request();
    const key = randomUUID();
    const first = await send(url, body, key);
    expect(first.status).toBeLessThan(300);
    expect(await revokeMembership(f.db, ANN, company())).toBe(true);
    const again = await send(url, body, key);
    expect(again.replayed).toBe(false);
    expect([403, 404]).toContain(again.status);
    // Access back: the same key answers as kept (or, for a check, as things stand) again.
    await grantMembership(f.db, ANN, company(), 'test');
    expect((await send(url, body, key)).status).toBe(first.status);
  });

  test('the example: a $batch of reads sent again by a removed member is refused, not answered its contacts', async () => {
    const { url, body } = ROWS[2]![1]();
    const key = randomUUID();
    expect((await send(url, body, key)).status).toBe(200);
    await revokeMembership(f.db, ANN, company());
    expect(await send(url, body, key)).toEqual({ status: 404, replayed: false });
  });
});

// Review RV5: the replay's access took a $batch operation's company with a regex on the path as
// sent, while the router decodes it: `companies%28<id>%29/contacts` answered the company's
// contacts, and its kept answer went again to a member removed since. The companies list (no
// company in its path) named the companies the caller could see then.
describe("a $batch's kept answer sent again: its companies as the router reads them", () => {
  test('the named example: a percent-encoded company path, answered once, is refused after the membership ends', async () => {
    const requests = [{ id: '1', method: 'GET', url: `companies%28${company()}%29/contacts?$top=1` }];
    const key = randomUUID();
    const first = await sendBatch(requests, key);
    // The router takes the path: the company's contacts were answered.
    expect([first.status, first.responses[0]?.status]).toEqual([200, 200]);
    await revokeMembership(f.db, ANN, company());
    expect(await send('/api/v2.0/$batch', { requests }, key)).toEqual({ status: 404, replayed: false });
  });

  test('the companies list is read again: a company the caller left is no longer named', async () => {
    const requests = [{ id: '1', method: 'GET', url: 'companies' }];
    const key = randomUUID();
    const ids = (r: { responses: { body: unknown }[] }) =>
      ((r.responses[0]?.body as { value?: { id: string }[] }).value ?? []).map((c) => c.id.toLowerCase());
    expect(ids(await sendBatch(requests, key))).toContain(company().toLowerCase());
    await revokeMembership(f.db, ANN, company());
    const again = await sendBatch(requests, key);
    expect(again.status).toBe(200);
    expect(ids(again)).not.toContain(company().toLowerCase());
  });
});
