import { beforeAll, describe, expect, test } from '@jest/globals';
import type { LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../../src/server/config.js';
import { KEY } from '../../src/server/bc-api/unknown-route.js';
import { BULK_RETRY_AFTER_SECONDS, BulkSlots, WHOLE_READ_UNITS } from '../../src/server/work-limits.js';
import { person } from '../support/world.js';
import { ANN, ANN_UPN, BOB, Gate, useSyncHarness } from './sync-harness.js';
import { everyFacadeAccess } from '../support/quiet-server.js';

// Tester F89 (issue 10 §3): ten match previews at once from one user held /healthz 9.8 s; nothing
// bounded a user's work in progress. The kind: requests whose work grows with stored data or a
// large body. One mechanism (work-limits.ts) finds them all — a body limit over the app's 64 KiB,
// or `config: BULK_WORK` — and bounds them per caller and overall: 429, Retry-After, error body.
// Proved by filling the slots by hand (no timing), over every route, and by the tester's example.

const GUID = '0b5a51c2-6d0e-4c9a-9a37-5d2f2f1b0c11';
const LIMITS = { perPrincipal: 8, overall: 12 };

/** Routes that read a whole collection: WHOLE_READ_UNITS each. */
const WHOLE_READ_ROUTES = [
  'GET /api/v2.0/companies(:cid)/contacts',
  'GET /api/v2.0/companies(:cid)/contacts/',
  'GET /sync/v1/runs/:id/plan',
  'POST /sync/v1/folder-preview',
  'POST /sync/v1/match-preview',
  // Not a read, but work in line for the company's create turn (tester F110).
  'POST /sync/v1/sender',
].sort();

/** Every route that is bulk work (the above, and large bodies: 1 unit); no other is refused for it. */
const BULK_ROUTES = [
  ...WHOLE_READ_ROUTES,
  'POST /api/v2.0/$batch',
  'POST /sync/v1/settings/check',
  'PUT /sync/v1/settings',
  'POST /sync/v1/state/conflicts',
  'PUT /sync/v1/state/cursor',
  'POST /sync/v1/state/links',
  'POST /sync/v1/state/links/delete',
  'POST /sync/v1/state/links/find',
  'POST /sync/v1/state/pending-creates',
  'POST /sync/v1/state/pending-creates/clear',
  'PUT /sync/v1/state/runs/:id',
  'PUT /sync/v1/state/settings',
  'POST /sync/v1/state/skipped',
].sort();

const slots = new BulkSlots(LIMITS);
const h = useSyncHarness({ bulkSlots: slots });
const principal = (user: string) => `user:${user}`;
let everyScope = '';

beforeAll(async () => {
  everyScope = await everyFacadeAccess(h.issuer, ANN_UPN);
});

/** Each route once (not the OpenAPI UI's files), its pattern and a URL that reaches it. */
function everyRoute(): Array<{ name: string; method: string; url: string }> {
  const seen = new Set<string>();
  const out: Array<{ name: string; method: string; url: string }> = [];
  for (const r of h.routes) {
    if (r.url.startsWith('/docs') || r.url.startsWith('/internal')) continue;
    const pattern = r.url.split(KEY).join('');
    const name = `${r.method} ${pattern}`;
    if (seen.has(name)) continue;
    seen.add(name);
    const url = pattern.replace(/:[A-Za-z]+/g, GUID).replace(/\*$/, 'x');
    out.push({ name, method: r.method, url });
  }
  return out;
}

const send = async (method: string, url: string, auth: string): Promise<LightMyRequestResponse> =>
  h.app.inject({
    method: method as 'POST',
    url,
    headers: {
      authorization: auth,
      ...(method === 'GET' || method === 'HEAD' ? {} : { 'content-type': 'application/json' }),
    },
    ...(method === 'GET' || method === 'HEAD' ? {} : { payload: '{}' }),
  });

/** Holds `units` of `key` for the duration of `body`. */
async function holding<T>(key: string, units: number, body: () => Promise<T>): Promise<T> {
  const release = slots.take(key, units);
  try {
    return await body();
  } finally {
    release();
  }
}

function expectBulkRefusal(
  res: LightMyRequestResponse,
  limit: 'principal' | 'overall',
  max: number,
  units: number,
  url: string,
) {
  expect({ status: res.statusCode, retryAfter: res.headers['retry-after'], body: res.json() }).toEqual({
    status: 429,
    retryAfter: String(BULK_RETRY_AFTER_SECONDS),
    body: {
      error: {
        code: 'TooManyRequests',
        message: expect.stringContaining(`at most ${max} units in progress`),
        // A sync API refusal carries its reason as data (issue 13 §2).
        ...(url.startsWith('/sync/v1/') ? { reason: { kind: 'TooManyRequests' } } : {}),
        details: [
          {
            target: 'request',
            message: expect.stringContaining('Retry after'),
            reason: { kind: 'bulkWorkInProgress', limit, max, units },
          },
        ],
      },
    },
  });
}

describe('bulk work in progress is bounded per caller and overall (F89)', () => {
  test('every route × a caller at their limit: exactly the bulk routes answer 429, the rest as before', async () => {
    const routes = everyRoute();
    expect(routes.length).toBeGreaterThan(60);
    const refused: string[] = [];
    await holding(principal(ANN), LIMITS.perPrincipal, async () => {
      for (const r of routes) {
        const res = await send(r.method, r.url, everyScope);
        if (res.statusCode !== 429) continue;
        const units = WHOLE_READ_ROUTES.includes(r.name) ? WHOLE_READ_UNITS : 1;
        expectBulkRefusal(res, 'principal', LIMITS.perPrincipal, units, r.url);
        refused.push(r.name);
      }
      // Another user is not held back by Ann's work.
      const bob = await h.auth(BOB);
      for (const name of BULK_ROUTES) {
        const r = routes.find((x) => x.name === name)!;
        expect(`${name} ${(await send(r.method, r.url, bob)).statusCode}`).not.toMatch(/ 429$/);
      }
    });
    expect(refused.sort()).toEqual(BULK_ROUTES);
  });

  test('one unit short of the limit: whole reads (2 units) are refused, a large body (1) still runs', async () => {
    // The pane's engine keeps up to 8 `$batch`es of one user in flight: each must fit.
    const refused: string[] = [];
    await holding(principal(ANN), LIMITS.perPrincipal - 1, async () => {
      for (const r of everyRoute().filter((x) => BULK_ROUTES.includes(x.name)))
        if ((await send(r.method, r.url, everyScope)).statusCode === 429) refused.push(r.name);
    });
    expect(refused.sort()).toEqual(WHOLE_READ_ROUTES);
  });

  test('all callers together at the overall limit: anyone’s bulk request is 429, light ones answer', async () => {
    const bob = await h.auth(BOB);
    await holding('user:someone-else', LIMITS.overall, async () => {
      expectBulkRefusal(
        await send('POST', '/sync/v1/match-preview', bob),
        'overall',
        LIMITS.overall,
        WHOLE_READ_UNITS,
        '/sync/v1/match-preview',
      );
      expect((await send('GET', '/sync/v1/me', bob)).statusCode).toBe(200);
      expect((await send('GET', '/healthz', bob)).statusCode).toBe(200);
    });
    expect((await send('POST', '/sync/v1/match-preview', bob)).statusCode).toBe(200);
  });

  test('a run’s lease is never bulk: renewals answer while the user is at the limit', async () => {
    const ann = await h.auth(ANN);
    await holding(principal(ANN), LIMITS.perPrincipal, async () => {
      const res = await h.app.inject({
        method: 'POST',
        url: '/sync/v1/state/lease/release',
        headers: { authorization: ann, 'content-type': 'application/json' },
        payload: { key: `run:${ANN}`, owner: 'pane-1' },
      });
      expect(res.statusCode).not.toBe(429);
    });
  });

  test('the tester’s example: 10 match previews at once from one user, 4 run, 6 are 429, /healthz answers', async () => {
    const running = LIMITS.perPrincipal / WHOLE_READ_UNITS;
    for (let n = 0; n < 300; n++) h.bc.seed(person(n, { city: n % 2 ? 'Oslo' : 'Tartu' }));
    const held = new Gate();
    let reads = 0;
    const read = h.bc.listAll.bind(h.bc);
    h.bc.listAll = async () => {
      reads++;
      await held.promise;
      return read();
    };
    try {
      const ann = await h.auth(ANN);
      let settled = 0;
      let allRefused: () => void = () => undefined;
      const refusedNow = new Promise<void>((resolve) => (allRefused = resolve));
      const answers = Array.from({ length: 10 }, () =>
        send('POST', '/sync/v1/match-preview', ann).then((res) => {
          if (++settled === 10 - running) allRefused();
          return res;
        }),
      );
      // The refused ones answer while the others' BC reads are still held.
      await refusedNow;
      expect({ reads, inProgress: slots.inProgress(principal(ANN)) }).toEqual({
        reads: running,
        inProgress: LIMITS.perPrincipal,
      });
      expect((await send('GET', '/healthz', ann)).statusCode).toBe(200);
      held.open();
      const statuses = (await Promise.all(answers)).map((r) => r.statusCode).sort();
      expect(statuses).toEqual([...Array(running).fill(200), ...Array(10 - running).fill(429)]);
      expect(slots.inProgress()).toBe(0);
      expect((await send('POST', '/sync/v1/match-preview', ann)).statusCode).toBe(200);
    } finally {
      h.bc.listAll = read;
    }
  });

  test('a failing handler gives its slot back', async () => {
    const ann = await h.auth(ANN);
    const res = await h.app.inject({
      method: 'POST',
      url: '/sync/v1/match-preview',
      headers: { authorization: ann, 'content-type': 'application/json' },
      payload: { filter: { city: '((' } },
    });
    expect(res.statusCode).toBe(400);
    expect(slots.inProgress()).toBe(0);
  });

  test('the limits come from the environment; bad values are refused at start', () => {
    const ok = loadConfig({ BULK_WORK_PER_USER: '1', BULK_WORK_AT_ONCE: '0' });
    expect(ok.ok && ok.config.bulkWork).toEqual({ perPrincipal: 1, overall: 0 });
    const defaults = loadConfig({});
    expect(defaults.ok && defaults.config.bulkWork).toEqual({ perPrincipal: 8, overall: 32 });
    expect(loadConfig({ BULK_WORK_PER_USER: 'x' })).toEqual({
      ok: false,
      errors: ['BULK_WORK_PER_USER=x: expected a whole number ≥ 0.'],
    });
  });
});
