import { describe, test, expect, beforeAll, afterAll } from '@jest/globals';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import type { RunRecord } from '../../src/core/records.js';
import { person } from '../support/world.js';
import { ANN, BOB, call, ended, outlookIn, syncHarness } from './sync-harness.js';
import type { SyncHarness } from './sync-harness.js';

/**
 * Design §4: the caller's own data only. Ann has settings, runs (stored and dry), a conflict,
 * links, skipped contacts, pending creates, a cursor and a lease; Bob tries every route on them.
 * Both mailboxes give their folder the same id, so only the user keeps them apart.
 */
let h: SyncHarness;
let annRun: RunRecord;
let annDry: RunRecord;
let annConflict = '';
let annFolder = '';
const annSettings = { ...DEFAULT_SETTINGS, filter: { city: 'London' }, conflictPolicy: 'manual' as const };

beforeAll(async () => {
  h = await syncHarness();
  await call(h, ANN, 'PUT', '/sync/v1/settings', annSettings);
  const a = h.bc.seed(person(1));
  h.bc.seed(person(2));
  h.bc.seed(person(3, { email: '' }));
  h.clock.advance(60_000);
  annRun = await ended(h, ANN, (await call(h, ANN, 'POST', '/sync/v1/runs', { mode: 'full' })).body.run.id);
  const ol = outlookIn(h, ANN).find((c) => c.bcId === a.id)!;
  h.mailbox(ANN).userEdit(ol.id, { jobTitle: 'OL' });
  h.bc.edit(a.id, { jobTitle: 'BC' });
  h.clock.advance(60_000);
  await ended(h, ANN, (await call(h, ANN, 'POST', '/sync/v1/runs', { mode: 'full' })).body.run.id);
  h.clock.advance(60_000);
  annDry = await ended(
    h,
    ANN,
    (await call(h, ANN, 'POST', '/sync/v1/runs', { mode: 'full', dryRun: true })).body.run.id,
  );
  annConflict = a.id;
  annFolder = h.mailbox(ANN).folderByName('Business Central')!.id;
  // Bob's mailbox gets a folder with the very same id.
  expect((await h.mailbox(BOB).ensureFolder('Business Central')).id).toBe(annFolder);
  const scope = { userId: ANN, folderId: annFolder };
  await h.store.addPendingCreates(scope, ['ann-pending']);
  await h.store.acquireLease(`${ANN}|business central`, 'ann-pane-run', h.clock.now(), 3_600_000);
  expect(await h.store.listConflicts(scope)).toHaveLength(1);
  expect((await h.store.listSkipped(scope)).length).toBeGreaterThan(0);
});
afterAll(async () => {
  await h.close();
});

type Check = () => Promise<void>;
const annQ = () => `userId=${encodeURIComponent(ANN)}&folderId=${annFolder}`;
const bobQ = () => `userId=${encodeURIComponent(BOB)}&folderId=${annFolder}`;
const forbidden = async (method: 'GET' | 'PUT' | 'POST', url: string, body?: unknown) => {
  const r = await call(h, BOB, method, url, body);
  expect([r.status, r.body?.error?.code]).toEqual([403, 'Forbidden_OtherUser']);
};
const notFound = async (method: 'GET' | 'POST', url: string, body?: unknown) => {
  const r = await call(h, BOB, method, url, body);
  expect(r.status).toBe(404);
  expect(JSON.stringify(r.body)).not.toContain(ANN);
};

/** One check per route: Bob sees nothing of Ann's and changes nothing of hers. */
const checks: Record<string, Check> = {
  'GET /sync/v1/me': async () => expect((await call(h, BOB, 'GET', '/sync/v1/me')).body.userId).toBe(BOB),
  'GET /sync/v1/settings': async () =>
    expect((await call(h, BOB, 'GET', '/sync/v1/settings')).body).toEqual(DEFAULT_SETTINGS),
  'PUT /sync/v1/settings': async () => {
    await call(h, BOB, 'PUT', '/sync/v1/settings', { ...DEFAULT_SETTINGS, folderName: 'Bob' });
    await call(h, BOB, 'PUT', '/sync/v1/settings', DEFAULT_SETTINGS);
  },
  'POST /sync/v1/settings/check': async () => {
    // Bob's check stores nothing, for him or for Ann; it answers only what he sent.
    const r = await call(h, BOB, 'POST', '/sync/v1/settings/check', {
      ...DEFAULT_SETTINGS,
      folderName: 'Bob',
    });
    expect(r.body).toEqual({ ...DEFAULT_SETTINGS, folderName: 'Bob' });
    expect((await call(h, ANN, 'GET', '/sync/v1/settings')).body).toEqual(annSettings);
  },
  'GET /sync/v1/filter-fields': async () =>
    expect((await call(h, BOB, 'GET', '/sync/v1/filter-fields')).status).toBe(200),
  'POST /sync/v1/match-preview': async () => {
    // Bob's saved filter (none) applies, not Ann's city filter.
    const r = await call(h, BOB, 'POST', '/sync/v1/match-preview', {});
    expect(r.body.outOfScope.excludedByFilter).toBe(0);
  },
  'POST /sync/v1/folder-preview': async () => {
    // Bob's folder of the same id is his own (empty): Ann's contacts and links are not counted.
    const r = await call(h, BOB, 'POST', '/sync/v1/folder-preview', { folderName: 'Business Central' });
    expect(r.body).toEqual({
      move: 'none',
      from: null,
      exists: true,
      contacts: 0,
      linked: 0,
      matched: 0,
      toBc: 0,
      skipped: 0,
    });
    const ann = await call(h, ANN, 'POST', '/sync/v1/folder-preview', { folderName: 'Business Central' });
    expect(ann.body.linked).toBeGreaterThan(0);
  },
  'POST /sync/v1/runs': async () => {
    // Ann's lease does not block Bob, and Bob's run is his own.
    h.clock.advance(60_000);
    const r = await call(h, BOB, 'POST', '/sync/v1/runs', { mode: 'full', dryRun: true });
    expect(r.status).toBe(202);
    expect((await ended(h, BOB, r.body.run.id)).userId).toBe(BOB);
  },
  'GET /sync/v1/runs': async () => {
    const ids = (await call(h, BOB, 'GET', '/sync/v1/runs')).body.runs.map((r: RunRecord) => r.userId);
    expect(ids).not.toContain(ANN);
  },
  'GET /sync/v1/runs/:id': () => notFound('GET', `/sync/v1/runs/${annRun.id}`),
  'POST /sync/v1/runs/:id/cancel': () => notFound('POST', `/sync/v1/runs/${annRun.id}/cancel`),
  'GET /sync/v1/runs/:id/plan': () => notFound('GET', `/sync/v1/runs/${annDry.id}/plan`),
  'GET /sync/v1/runs/:id/events': () => notFound('GET', `/sync/v1/runs/${annRun.id}/events`),
  'GET /sync/v1/conflicts': async () =>
    expect((await call(h, BOB, 'GET', '/sync/v1/conflicts')).body.conflicts).toEqual([]),
  'POST /sync/v1/conflicts/:bcId/resolve': () =>
    notFound('POST', `/sync/v1/conflicts/${annConflict}/resolve`, { side: 'outlook' }),
  'POST /sync/v1/conflicts/:bcId/dismiss': () =>
    notFound('POST', `/sync/v1/conflicts/${annConflict}/dismiss`, {}),
  'GET /sync/v1/links': async () =>
    expect((await call(h, BOB, 'GET', '/sync/v1/links')).body.links).toEqual([]),
  'GET /sync/v1/skipped': async () =>
    expect((await call(h, BOB, 'GET', '/sync/v1/skipped')).body.skipped).toEqual([]),
  'GET /sync/v1/state/settings': async () => {
    await forbidden('GET', `/sync/v1/state/settings?userId=${ANN}`);
    expect((await call(h, BOB, 'GET', `/sync/v1/state/settings?userId=${BOB}`)).body.settings).toEqual(
      DEFAULT_SETTINGS,
    );
  },
  'PUT /sync/v1/state/settings': () =>
    forbidden('PUT', `/sync/v1/state/settings?userId=${ANN}`, DEFAULT_SETTINGS),
  'GET /sync/v1/state/cursor': async () => {
    await forbidden('GET', `/sync/v1/state/cursor?${annQ()}`);
    expect((await call(h, BOB, 'GET', `/sync/v1/state/cursor?${bobQ()}`)).body.cursor).toBeNull();
  },
  'PUT /sync/v1/state/cursor': () =>
    forbidden('PUT', `/sync/v1/state/cursor?${annQ()}`, {
      bcDeltaLink: null,
      deltaLink: null,
      filterKey: '',
    }),
  'GET /sync/v1/state/links': async () => {
    await forbidden('GET', `/sync/v1/state/links?${annQ()}`);
    expect((await call(h, BOB, 'GET', `/sync/v1/state/links?${bobQ()}`)).body.links).toEqual([]);
  },
  'POST /sync/v1/state/links': () => forbidden('POST', `/sync/v1/state/links?${annQ()}`, { links: [] }),
  'POST /sync/v1/state/links/find': async () => {
    await forbidden('POST', `/sync/v1/state/links/find?${annQ()}`, { bcIds: [annConflict], outlookIds: [] });
    const mine = await call(h, BOB, 'POST', `/sync/v1/state/links/find?${bobQ()}`, {
      bcIds: [annConflict],
      outlookIds: [],
    });
    expect(mine.body.links).toEqual([]);
  },
  'GET /sync/v1/state/links/count': async () => {
    await forbidden('GET', `/sync/v1/state/links/count?${annQ()}`);
    expect((await call(h, BOB, 'GET', `/sync/v1/state/links/count?${bobQ()}`)).body.count).toBe(0);
  },
  'POST /sync/v1/state/links/delete': async () => {
    await forbidden('POST', `/sync/v1/state/links/delete?${annQ()}`, { bcIds: [annConflict] });
    await call(h, BOB, 'POST', `/sync/v1/state/links/delete?${bobQ()}`, { bcIds: [annConflict] });
  },
  'GET /sync/v1/state/pending-creates': async () => {
    await forbidden('GET', `/sync/v1/state/pending-creates?${annQ()}`);
    expect((await call(h, BOB, 'GET', `/sync/v1/state/pending-creates?${bobQ()}`)).body.bcIds).toEqual([]);
  },
  'POST /sync/v1/state/pending-creates': () =>
    forbidden('POST', `/sync/v1/state/pending-creates?${annQ()}`, { bcIds: ['x'] }),
  'POST /sync/v1/state/pending-creates/clear': async () => {
    await forbidden('POST', `/sync/v1/state/pending-creates/clear?${annQ()}`, { bcIds: ['ann-pending'] });
    await call(h, BOB, 'POST', `/sync/v1/state/pending-creates/clear?${bobQ()}`, { bcIds: ['ann-pending'] });
  },
  'POST /sync/v1/state/lease/acquire': async () => {
    // Bob naming Ann's lease key gets a lease of his own, never Ann's.
    const r = await call(h, BOB, 'POST', '/sync/v1/state/lease/acquire', {
      key: `${ANN}|business central`,
      owner: 'bob',
      now: h.clock.now(),
      ttlMs: 60_000,
    });
    expect(r.body).toEqual({ ok: true, expiresAt: expect.any(String) });
  },
  'POST /sync/v1/state/lease/renew': async () => {
    const body = { key: `${ANN}|business central`, owner: 'ann-pane-run', now: h.clock.now(), ttlMs: 60_000 };
    expect((await call(h, BOB, 'POST', '/sync/v1/state/lease/renew', body)).body).toEqual({ ok: false });
    // And Ann's lease is still hers, for as long as she took it (the route touched no row of hers).
    expect(await h.store.acquireLease(`${ANN}|business central`, 'someone', h.clock.now(), 1)).toMatchObject({
      ok: false,
      heldBy: { owner: 'ann-pane-run' },
    });
  },
  'POST /sync/v1/state/lease/release': async () => {
    const r = await call(h, BOB, 'POST', '/sync/v1/state/lease/release', {
      key: `${ANN}|business central`,
      owner: 'ann-pane-run',
    });
    expect(r.status).toBe(204);
    // Bob's release let go of a lease of his own (none), never Ann's (trust item 4): hers is held.
    expect(
      await h.store.renewLease(`${ANN}|business central`, 'ann-pane-run', h.clock.now(), 3_600_000),
    ).toBe(true);
  },
  'PUT /sync/v1/state/runs/:id': async () => {
    await forbidden('PUT', `/sync/v1/state/runs/${annRun.id}`, annRun);
    // Ann's run id answers Bob exactly as an id nobody uses (was 409, which confirmed it exists).
    const unknown = { ...annRun, id: 'run-nobody-has', userId: BOB };
    const probe = await call(h, BOB, 'PUT', `/sync/v1/state/runs/${annRun.id}`, { ...annRun, userId: BOB });
    const fresh = await call(h, BOB, 'PUT', `/sync/v1/state/runs/${unknown.id}`, unknown);
    expect([probe.status, probe.body]).toEqual([fresh.status, fresh.body]);
    expect(probe.status).toBe(204);
    expect((await h.store.getRun(ANN, annRun.id))?.userId).toBe(ANN);
  },
  'GET /sync/v1/state/runs/:id': async () => {
    await forbidden('GET', `/sync/v1/state/runs/${annRun.id}?userId=${ANN}`);
    // Bob's own record under that id (the PUT probe may have made one), never Ann's.
    const own = (await call(h, BOB, 'GET', `/sync/v1/state/runs/${annRun.id}?userId=${BOB}`)).body.run;
    expect(own === null || own.userId === BOB).toBe(true);
  },
  'GET /sync/v1/state/runs': async () => {
    await forbidden('GET', `/sync/v1/state/runs?userId=${ANN}`);
    const runs = (await call(h, BOB, 'GET', `/sync/v1/state/runs?userId=${BOB}`)).body.runs as RunRecord[];
    expect(runs.filter((r) => r.userId !== BOB)).toEqual([]);
  },
  'GET /sync/v1/state/conflicts': async () => {
    await forbidden('GET', `/sync/v1/state/conflicts?${annQ()}`);
    expect((await call(h, BOB, 'GET', `/sync/v1/state/conflicts?${bobQ()}`)).body.conflicts).toEqual([]);
  },
  'POST /sync/v1/state/conflicts': async () => {
    await forbidden('POST', `/sync/v1/state/conflicts?${annQ()}`, { upserts: [], remove: [annConflict] });
    await call(h, BOB, 'POST', `/sync/v1/state/conflicts?${bobQ()}`, { upserts: [], remove: [annConflict] });
  },
  'GET /sync/v1/state/skipped': async () => {
    await forbidden('GET', `/sync/v1/state/skipped?${annQ()}`);
    expect((await call(h, BOB, 'GET', `/sync/v1/state/skipped?${bobQ()}`)).body.skipped).toEqual([]);
  },
  'POST /sync/v1/state/skipped': async () => {
    await forbidden('POST', `/sync/v1/state/skipped?${annQ()}`, { entries: [], replace: true });
    await call(h, BOB, 'POST', `/sync/v1/state/skipped?${bobQ()}`, { entries: [], replace: true });
  },
  // BC's contacts are the company's, not a user's: the look-up and add touch no one's sync data.
  'GET /sync/v1/sender': async () => {
    const r = await call(h, BOB, 'GET', '/sync/v1/sender?email=nobody%40example.org');
    expect([r.status, r.body]).toEqual([200, { contacts: [] }]);
  },
  // The schedule is the server's, the next run the caller's own.
  'GET /sync/v1/schedule': async () => {
    const r = await call(h, BOB, 'GET', '/sync/v1/schedule');
    expect([r.status, JSON.stringify(r.body).includes(ANN)]).toEqual([200, false]);
  },
  'POST /sync/v1/sender': async () => {
    const r = await call(h, BOB, 'POST', '/sync/v1/sender', { email: 'bob.sender@example.org' });
    expect(r.status).toBe(201);
    expect(JSON.stringify(r.body)).not.toContain(ANN);
  },
  // The OpenAPI document and Swagger UI hold no user data.
  ...Object.fromEntries(
    [
      '/docs',
      '/docs/openapi.json',
      '/docs/json',
      '/docs/yaml',
      '/docs/static/*',
      '/docs/static/index.html',
      '/docs/static/swagger-initializer.js',
    ].map((url) => [
      `GET ${url}`,
      async () => {
        const r = await call(h, BOB, 'GET', url.replace('*', 'swagger-ui.css'));
        expect(r.status).toBeLessThan(400);
        expect(JSON.stringify(r.body)).not.toContain(ANN);
      },
    ]),
  ),
};

describe('isolation: user B on every route', () => {
  test('the checks cover every registered route', () => {
    // The routes that could show a user's sync data: the sync API, and the document about it.
    const registered = h.routes
      .filter((r) => r.url.startsWith('/sync/v1') || r.url.startsWith('/docs'))
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    expect(Object.keys(checks).sort()).toEqual(registered);
  });

  test.each(Object.keys(checks))('%s', async (route) => {
    await checks[route]!();
  });

  test("afterwards Ann's data is all still there, unchanged", async () => {
    const scope = { userId: ANN, folderId: annFolder };
    expect((await call(h, ANN, 'GET', '/sync/v1/settings')).body).toEqual(annSettings);
    expect((await call(h, ANN, 'GET', `/sync/v1/runs/${annRun.id}`)).body).toMatchObject({
      userId: ANN,
      status: 'succeeded',
    });
    expect((await call(h, ANN, 'GET', `/sync/v1/runs/${annDry.id}/plan`)).status).toBe(200);
    expect(
      (await call(h, ANN, 'GET', '/sync/v1/conflicts')).body.conflicts.map((c: { bcId: string }) => c.bcId),
    ).toEqual([annConflict]);
    expect(
      (await call(h, ANN, 'GET', '/sync/v1/links')).body.links.map((l: { bcId: string }) => l.bcId),
    ).toContain(annConflict);
    expect((await call(h, ANN, 'GET', '/sync/v1/skipped')).body.skipped.length).toBeGreaterThan(0);
    expect(await h.store.listPendingCreates(scope)).toEqual(['ann-pending']);
    expect(await h.store.getRun(ANN, annRun.id)).toEqual(annRun);
    // Ann's engine lease is still hers.
    const lease = await h.store.acquireLease(`${ANN}|business central`, 'intruder', h.clock.now(), 1000);
    expect(lease).toMatchObject({ ok: false, heldBy: { owner: 'ann-pane-run' } });
  });
});
