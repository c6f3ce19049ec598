import { beforeAll, describe, expect, test } from '@jest/globals';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import type { SyncStateStore } from '../../src/core/ports.js';
import { StateStoreRefusal } from '../../src/core/state-refusal.js';
import type { StateRefusal, StateRefusalKind } from '../../src/core/state-refusal.js';
import { describeStateRefusal } from '../../src/messages/english.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { ANN, call, ended, useSyncHarness } from './sync-harness.js';

// Issue 10 §3, tester F18: the state store refuses what it cannot hold (StateStoreRefusal), but
// only the /state routes mapped that to 4xx (per route); PUT /sync/v1/settings gave 500. Now the
// one error handler maps it on every route. Table: every route, with a store that refuses every
// call, answers 4xx with the shared error body whenever the store was reached; never a 5xx.

const ADMIN = 'admin-token-for-the-cli-route-0123456789';

/** One refusal of every kind, with its parameters. */
const REFUSALS: { readonly [K in StateRefusalKind]: Extract<StateRefusal, { kind: K }> } = {
  unstorableText: { kind: 'unstorableText', at: '/settings/folderName' },
  invalidTime: { kind: 'invalidTime', value: 'yesterday' },
  duplicateInBatch: { kind: 'duplicateInBatch', field: 'bcId', key: 'b1' },
  outlookIdTaken: { kind: 'outlookIdTaken', outlookId: 'AAMkAGI2THVSAAA=' },
  scopeFull: { kind: 'scopeFull', list: 'links', max: 100_000 },
};

/** The memory store, refusing every call with `armed` while set; `calls` counts the calls refused. */
function refusingStore(): {
  store: SyncStateStore;
  arm(kind: StateRefusalKind | null): void;
  calls(): number;
} {
  const inner = new MemorySyncStateStore();
  let armed: StateRefusalKind | null = null;
  let calls = 0;
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (armed) {
          calls++;
          return Promise.reject(new StateStoreRefusal(REFUSALS[armed]));
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store, arm: (k) => (armed = k), calls: () => calls };
}

const refusing = refusingStore();
const h = useSyncHarness({ store: refusing.store, adminToken: ADMIN });
let runId = '';
let run: Record<string, unknown> = {};

beforeAll(async () => {
  h.clock.advance(60_000);
  runId = (await call(h, ANN, 'POST', '/sync/v1/runs', { mode: 'full' })).body.run.id as string;
  await ended(h, ANN, runId);
  run = (await call(h, ANN, 'GET', `/sync/v1/state/runs/${runId}?userId=${encodeURIComponent(ANN)}`)).body
    .run as Record<string, unknown>;
});

/** A valid request per route (path ids, query, body), so the route gets as far as the store. */
function request(method: string, url: string): { url: string; body?: unknown } {
  const user = encodeURIComponent(ANN);
  const scope = `userId=${user}&folderId=f1`;
  const path = url.replace(/:(\w+)/g, () => runId);
  const bodies: Record<string, unknown> = {
    'PUT /sync/v1/settings': DEFAULT_SETTINGS,
    'POST /sync/v1/match-preview': {},
    'POST /sync/v1/conflicts/:bcId/resolve': { side: 'bc' },
    'POST /sync/v1/conflicts/:bcId/dismiss': {},
    'POST /sync/v1/runs': { mode: 'full' },
    'POST /sync/v1/runs/:id/cancel': {},
    'POST /sync/v1/sender': { email: 'new@example.com', displayName: 'New' },
    'PUT /sync/v1/state/settings': DEFAULT_SETTINGS,
    'PUT /sync/v1/state/cursor': { bcDeltaLink: null, deltaLink: null, filterKey: '' },
    'POST /sync/v1/state/links': { links: [] },
    'POST /sync/v1/state/links/find': { bcIds: [], outlookIds: [] },
    'POST /sync/v1/state/links/delete': { bcIds: [] },
    'POST /sync/v1/state/pending-creates': { bcIds: ['b1'] },
    'POST /sync/v1/state/pending-creates/clear': { bcIds: ['b1'] },
    'POST /sync/v1/state/lease/acquire': {
      key: 'k',
      owner: 'o',
      now: '2026-03-01T08:00:00.000Z',
      ttlMs: 1000,
    },
    'POST /sync/v1/state/lease/renew': { key: 'k', owner: 'o', now: '2026-03-01T08:00:00.000Z', ttlMs: 1000 },
    'POST /sync/v1/state/lease/release': { key: 'k', owner: 'o' },
    'PUT /sync/v1/state/runs/:id': run,
    'POST /sync/v1/state/conflicts': { upserts: [], remove: [] },
    'POST /sync/v1/state/skipped': { entries: [], replace: true },
    'POST /internal/runs': { user: ANN, mode: 'full' },
  };
  // Only the query a route declares: routes refuse parameters they do not read (closed-inputs.ts).
  // The lease routes and a run record's PUT take their scope from the body and the caller (as
  // sync-client/http-state-store.ts sends them).
  const query =
    /\/state\/lease\//.test(path) || (method === 'PUT' && path.includes('/state/runs/'))
      ? ''
      : path.startsWith('/sync/v1/state/')
        ? path.includes('/runs') && !path.includes('/runs/')
          ? `userId=${user}`
          : /\/state\/(settings|runs\/)/.test(path)
            ? `userId=${user}`
            : scope
        : path === '/sync/v1/sender'
          ? 'email=a%40example.com'
          : '';
  const key = `${method} ${url}`;
  return { url: query ? `${path}?${query}` : path, ...(key in bodies ? { body: bodies[key] } : {}) };
}

describe('a state store refusal is a 4xx on every route (one error handler)', () => {
  test.each([
    ['unstorableText', 400, 'BadRequest'],
    ['invalidTime', 400, 'BadRequest'],
    ['duplicateInBatch', 400, 'BadRequest'],
    ['outlookIdTaken', 409, 'StateConflict'],
    ['scopeFull', 409, 'ScopeFull'],
  ] as const)('%s → %i %s wherever the store is reached', async (kind, status, code) => {
    const reached: string[] = [];
    const routes = h.routes.filter((r) => r.url.startsWith('/sync/v1') || r.url.startsWith('/internal'));
    expect(routes.length).toBeGreaterThan(35);
    for (const r of routes) {
      const { url, body } = request(r.method, r.url);
      const before = refusing.calls();
      refusing.arm(kind);
      const res = await h.app.inject({
        method: r.method as 'GET',
        url,
        headers: {
          ...(r.url.startsWith('/internal')
            ? { 'x-admin-token': ADMIN }
            : { authorization: await h.auth(ANN) }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      });
      refusing.arm(null);
      const row = `${r.method} ${r.url}`;
      expect([row, res.statusCode < 500]).toEqual([row, true]);
      if (refusing.calls() === before) continue;
      reached.push(row);
      expect([row, res.statusCode, res.json()]).toEqual([
        row,
        status,
        {
          error: {
            code,
            message: describeStateRefusal(REFUSALS[kind]),
            // The sync API's and the CLI's (/internal/, ab041e9) refusals carry the refusal itself as their reason (issue 13 §2).
            ...(/^\/(sync\/v1|internal)\//.test(r.url) ? { reason: REFUSALS[kind] } : {}),
            details: [
              { target: 'body', message: describeStateRefusal(REFUSALS[kind]), reason: REFUSALS[kind] },
            ],
          },
        },
      ]);
    }
    // Every route that writes the store was reached (its body was valid), reads too.
    expect(reached).toEqual(
      expect.arrayContaining([
        'PUT /sync/v1/settings',
        'GET /sync/v1/settings',
        'POST /sync/v1/runs',
        'POST /internal/runs',
        'PUT /sync/v1/state/settings',
        'PUT /sync/v1/state/cursor',
        'POST /sync/v1/state/links',
        'POST /sync/v1/state/pending-creates',
        'POST /sync/v1/state/lease/acquire',
        'POST /sync/v1/state/lease/renew',
        'PUT /sync/v1/state/runs/:id',
        'POST /sync/v1/state/conflicts',
        'POST /sync/v1/state/skipped',
      ]),
    );
  });

  test('F18 example: PUT /sync/v1/settings refused by the store → 400 (was 500)', async () => {
    refusing.arm('unstorableText');
    const res = await call(h, ANN, 'PUT', '/sync/v1/settings', DEFAULT_SETTINGS);
    refusing.arm(null);
    expect([res.status, res.body.error.code]).toEqual([400, 'BadRequest']);
    // The refusal as data next to its default English words, never the store's own text.
    expect(res.body.error.details[0].reason).toEqual(REFUSALS.unstorableText);
    expect(res.body.error.message).toBe(
      'The sync state cannot hold this: the value at /settings/folderName holds a character that cannot be stored (U+0000 or a broken character)',
    );
  });
});
