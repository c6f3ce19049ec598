import { beforeAll, describe, expect, test } from '@jest/globals';
import type { SyncScope, SyncStateStore } from '../../src/core/ports.js';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import { STATE_LIMITS } from '../../src/core/state-limits.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { conflict, link, skipEntryFixture } from '../contracts/sync-state-store.fixtures.js';
import { ANN, call, useSyncHarness } from './sync-harness.js';

// F46 (issue 12): GET /sync/v1/state/links?limit=1 read the whole scope (4–5 s at 30,000 links),
// and /links, /skipped and /conflicts (state API and the pane's) were not paged at all. Every list
// route now reads one page from the store: here the store refuses to list a scope whole, so a
// route that still did would answer 500.

const N = 2_500;
const key = (i: number) => `bc-${String(i).padStart(5, '0')}`;

/** The memory store; listing a scope whole throws, and each page read is recorded. */
function pagingOnlyStore(): { store: SyncStateStore; pages: { method: string; limit: number }[] } {
  const inner = new MemorySyncStateStore();
  const pages: { method: string; limit: number }[] = [];
  const whole = new Set(['listLinks', 'listConflicts', 'listSkipped']);
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (whole.has(String(prop)) && armed) throw new Error(`${String(prop)} read the whole scope`);
        if (String(prop).startsWith('page'))
          pages.push({ method: String(prop), limit: (args[1] as { limit: number }).limit });
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store, pages };
}

let armed = false;
const spy = pagingOnlyStore();
const h = useSyncHarness({ store: spy.store });
let scope: SyncScope;

beforeAll(async () => {
  const folder = await h.mailbox(ANN).ensureFolder(DEFAULT_SETTINGS.folderName);
  scope = { userId: ANN, folderId: folder.id };
  const keys = Array.from({ length: N }, (_, i) => key(i));
  await spy.store.upsertLinks(
    scope,
    keys.map((k, i) => link(k, `ol-${i}`, i)),
  );
  await spy.store.putConflicts(
    scope,
    keys.map((k, i) => conflict(k, `ol-${i}`, 'Oslo')),
    [],
  );
  await spy.store.putSkipped(
    scope,
    keys.map((k) => skipEntryFixture(k, 'missingEmail')),
    { replace: true },
  );
  armed = true;
});

const stateQuery = () => `userId=${encodeURIComponent(ANN)}&folderId=${encodeURIComponent(scope.folderId)}`;

/** Every list route: its URL (with the scope for the state API), the body's list, how an entry is keyed. */
const ROUTES = [
  {
    path: '/sync/v1/state/links',
    url: () => `/sync/v1/state/links?${stateQuery()}`,
    name: 'links',
    method: 'pageLinks',
    id: 'bcId',
  },
  {
    path: '/sync/v1/state/conflicts',
    url: () => `/sync/v1/state/conflicts?${stateQuery()}`,
    name: 'conflicts',
    method: 'pageConflicts',
    id: 'bcId',
  },
  {
    path: '/sync/v1/state/skipped',
    url: () => `/sync/v1/state/skipped?${stateQuery()}`,
    name: 'skipped',
    method: 'pageSkipped',
    id: 'key',
  },
  { path: '/sync/v1/links', url: () => '/sync/v1/links', name: 'links', method: 'pageLinks', id: 'bcId' },
  {
    path: '/sync/v1/conflicts',
    url: () => '/sync/v1/conflicts',
    name: 'conflicts',
    method: 'pageConflicts',
    id: 'bcId',
  },
  {
    path: '/sync/v1/skipped',
    url: () => '/sync/v1/skipped',
    name: 'skipped',
    method: 'pageSkipped',
    id: 'key',
  },
] as const;

const withQuery = (url: string, q: string) => `${url}${url.includes('?') ? '&' : '?'}${q}`;

test('F46: GET /sync/v1/state/links?limit=1 reads one link from the store, not the scope', async () => {
  spy.pages.length = 0;
  const r = await call(h, ANN, 'GET', `/sync/v1/state/links?${stateQuery()}&limit=1`);
  expect(r.status).toBe(200);
  expect(r.body.links.map((l: { bcId: string }) => l.bcId)).toStrictEqual([key(0)]);
  expect(r.body.next).toBe(key(0));
  expect(spy.pages).toStrictEqual([{ method: 'pageLinks', limit: 1 }]);
});

describe.each(ROUTES.map((r) => [r.path, r] as const))('GET %s', (_path, route) => {
  test('limit=1: one entry, read as one page of one; the next page by @odata.nextLink', async () => {
    spy.pages.length = 0;
    const r = await call(h, ANN, 'GET', withQuery(route.url(), 'limit=1'));
    expect(r.status).toBe(200);
    expect(r.body[route.name]).toHaveLength(1);
    expect(r.body[route.name][0][route.id]).toBe(key(0));
    expect(r.body.next).toBe(key(0));
    expect(spy.pages).toStrictEqual([{ method: route.method, limit: 1 }]);
    const next = r.body['@odata.nextLink'] as string;
    expect(new URL(next, 'http://x').searchParams.get('after')).toBe(key(0));
    expect(new URL(next, 'http://x').searchParams.get('limit')).toBe('1');
    const second = await call(h, ANN, 'GET', next);
    expect(second.body[route.name][0][route.id]).toBe(key(1));
  });

  test(`no limit: pages of ${STATE_LIMITS.pageSize} followed by @odata.nextLink give every entry once, in order`, async () => {
    spy.pages.length = 0;
    const seen: string[] = [];
    let url: string | undefined = route.url();
    let requests = 0;
    while (url !== undefined) {
      const r = await call(h, ANN, 'GET', url);
      expect(r.status).toBe(200);
      expect(r.body[route.name].length).toBeLessThanOrEqual(STATE_LIMITS.pageSize);
      seen.push(...r.body[route.name].map((e: Record<string, string>) => e[route.id]));
      url = r.body['@odata.nextLink'];
      if (url === undefined) expect(r.body.next).toBeNull();
      requests++;
    }
    expect(seen).toStrictEqual(Array.from({ length: N }, (_, i) => key(i)));
    expect(requests).toBe(Math.ceil(N / STATE_LIMITS.pageSize));
    expect(spy.pages.every((p) => p.method === route.method && p.limit === STATE_LIMITS.pageSize)).toBe(true);
  });

  test(`limit outside 1..${STATE_LIMITS.pageSize} is a 400 naming it`, async () => {
    for (const limit of [0, STATE_LIMITS.pageSize + 1, 'x']) {
      const r = await call(h, ANN, 'GET', withQuery(route.url(), `limit=${limit}`));
      expect(r.status).toBe(400);
      expect(JSON.stringify(r.body)).toMatch(/limit/);
    }
  });
});
