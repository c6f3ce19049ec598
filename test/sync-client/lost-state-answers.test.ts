import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { LEASE_TTL_MS, leaseKeyOf } from '../../src/core/lease.js';
import { silentLogger } from '../../src/core/ports.js';
import type { SyncScope, SyncStateStore } from '../../src/core/ports.js';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import { runSync } from '../../src/core/run.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { MemoryBcContacts } from '../../src/fakes/memory-bc-contacts.js';
import { MemoryMailbox } from '../../src/fakes/memory-mailbox.js';
import { CallTimeoutError } from '../../src/platform/call-timeout-error.js';
import { buildApp } from '../../src/server/app.js';
import { createDevIssuer, devTokenVerifier, devUserKey } from '../../src/server/auth/dev-issuer.js';
import type { DevIssuer } from '../../src/server/auth/dev-issuer.js';
import { loadConfig } from '../../src/server/config.js';
import { openPglite } from '../../src/store/db.js';
import { SqlSyncStateStore } from '../../src/store/sql-state-store.js';
import { HttpSyncStateStore } from '../../src/sync-client/http-state-store.js';
import { conflict, link, run, skipEntryFixture } from '../contracts/sync-state-store.fixtures.js';
import { buildMigratedTemplate } from '../store/pglite-template.js';
import { person } from '../support/world.js';

/*
 * Attack F1: a sync-state call whose outcome is unknown. The pane's engine reaches the sync state
 * through SyncApiCaller, which sent again only a 429: a request delivered whose answer was lost
 * (the run's final record PUT: 60 s, then storeFailed "could not be reached" while the stored
 * record said `succeeded`) failed the run. Rows: every SyncStateStore method over a real facade on
 * loopback × {answer lost after delivery, connection refused before delivery, no answer within the
 * timeout after delivery}: the call answers what the same call answers with no fault, the state it
 * leaves is the same, and no POST's work is done twice (a resend is the facade's replay of its
 * Idempotency-Key). Then the named example through a whole pane run.
 */

type Fault = 'lost' | 'refused' | 'slow';
const FAULTS: readonly Fault[] = ['lost', 'refused', 'slow'];

/** One request that reached the facade: its key, and whether the facade answered it as a replay. */
interface Delivered {
  readonly what: string;
  readonly key: string | null;
  readonly replayed: boolean;
}

/**
 * A fetch to the real facade that fails the first request matching `armed` as `fault` says:
 * `lost` delivers it and then loses its answer (the connection dies), `refused` never delivers it,
 * `slow` delivers it and ends with the deadline's CallTimeoutError (what withDeadline throws when
 * the whole answer did not come within its timeout) without the test waiting that long.
 */
function faultyFetch() {
  const state = {
    armed: null as null | { match: (what: string, body: string) => boolean; fault: Fault },
    delivered: [] as Delivered[],
    faulted: 0,
  };
  const deliver = async (url: string, init: RequestInit | undefined, what: string) => {
    const res = await fetch(url, { ...init, signal: null });
    const key = new Headers(init?.headers).get('idempotency-key');
    state.delivered.push({ what, key, replayed: res.headers.get('idempotent-replayed') === 'true' });
    return res;
  };
  const doFetch = (async (input: string, init?: RequestInit) => {
    const url = String(input);
    const what = `${init?.method ?? 'GET'} ${new URL(url).pathname.replace(/^\/sync\/v1/, '')}`;
    const a = state.armed;
    if (a && a.match(what, typeof init?.body === 'string' ? init.body : '')) {
      state.armed = null;
      state.faulted++;
      if (a.fault === 'refused') throw new TypeError('fetch failed: connect ECONNREFUSED');
      await (await deliver(url, init, what)).text();
      if (a.fault === 'lost') throw new TypeError('fetch failed: other side closed');
      throw new CallTimeoutError(60_000);
    }
    return deliver(url, init, what);
  }) as unknown as typeof fetch;
  return { state, doFetch };
}

const clock = new ManualClock();
/**
 * The facade as `npm start` builds it, on PGlite (its Idempotency-Key answers are kept in the
 * database: the dev app's memory context has none), listening on a loopback port.
 */
const api = { issuer: null as unknown as DevIssuer, base: '' };
let app: FastifyInstance | null = null;
let db: Awaited<ReturnType<typeof openPglite>> | null = null;
beforeAll(async () => {
  db = await openPglite({ loadDataDir: (await buildMigratedTemplate()).template });
  api.issuer = await createDevIssuer();
  const loaded = loadConfig({ HTTPS: '0' });
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  const ctx = {
    config: loaded.config,
    db,
    stateStore: new SqlSyncStateStore(db),
    verifyToken: devTokenVerifier(api.issuer),
    devIssuer: api.issuer,
    clock,
    logger: silentLogger,
  };
  app = await buildApp({ ctx });
  api.base = `${await app.listen({ host: '127.0.0.1', port: 0 })}/sync/v1`;
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});
const FOLDER = 'folder-1';
let seq = 0;

function storeOf() {
  const upn = `lost-answers-${++seq}@contoso.com`;
  const userId = devUserKey(upn);
  const { state, doFetch } = faultyFetch();
  let token: Promise<string> | null = null;
  const store = new HttpSyncStateStore({
    baseUrl: api.base,
    getToken: () => (token ??= api.issuer.userToken(upn, 'facade')),
    fetch: doFetch,
    // No real waits between attempts (the backoff's figures are retry-policy's, tested there).
    sleep: async () => undefined,
  });
  const scope: SyncScope = { userId, folderId: FOLDER };
  return { store, state, userId, scope };
}

type Ctx = ReturnType<typeof storeOf>;
const LEASE = (c: Ctx) => leaseKeyOf(c.userId, DEFAULT_SETTINGS.folderName);
const cursor = { bcDeltaLink: 'bc-2', deltaLink: null, filterKey: 'k-2' };

/** Every user's state before the call: a link, a pending create, a conflict, a skip, a run, a lease. */
async function seed(c: Ctx): Promise<void> {
  const s = c.store;
  await s.putSettings(c.userId, DEFAULT_SETTINGS);
  await s.putCursor(c.scope, { bcDeltaLink: 'bc-1', deltaLink: null, filterKey: 'k-1' });
  await s.upsertLinks(c.scope, [link('bc-1', 'ol-1', 1), link('bc-2', 'ol-2', 2)]);
  await s.addPendingCreates(c.scope, ['bc-p1']);
  await s.putConflicts(c.scope, [conflict('bc-c1', 'ol-c1', 'Oslo')], []);
  await s.putSkipped(c.scope, [skipEntryFixture('bc:s1', 'missingEmail')], { replace: false });
  await s.saveRun(run(c.userId, 'run-1', clock.now()));
  expect((await s.acquireLease(LEASE(c), 'owner-1', clock.now(), LEASE_TTL_MS)).ok).toBe(true);
}

/** Everything the user's state holds, the lease last (a probe's acquire says whether it is free). */
async function snapshot(c: Ctx): Promise<unknown> {
  const s = c.store;
  const out = {
    settings: await s.getSettings(c.userId),
    cursor: await s.getCursor(c.scope),
    links: await s.listLinks(c.scope),
    pending: await s.listPendingCreates(c.scope),
    conflicts: await s.listConflicts(c.scope),
    skipped: await s.listSkipped(c.scope),
    runs: await s.listRuns(c.userId, 10),
    leaseFree: (await s.acquireLease(LEASE(c), 'probe', clock.now(), LEASE_TTL_MS)).ok,
  };
  return JSON.parse(JSON.stringify(out).replaceAll(c.userId, 'USER')) as unknown;
}

const finished = (c: Ctx) => ({ ...run(c.userId, 'run-1', clock.now()), status: 'succeeded' as const });
const PAGE = { limit: 1 };

/** Every method of the port, with the request of it the fault hits (`at`: a path's part). */
const METHODS: readonly { name: string; at: string; act: (c: Ctx, s: SyncStateStore) => Promise<unknown> }[] =
  [
    { name: 'getSettings', at: 'GET /state/settings', act: (c, s) => s.getSettings(c.userId) },
    {
      name: 'putSettings',
      at: 'PUT /state/settings',
      act: (c, s) => s.putSettings(c.userId, DEFAULT_SETTINGS),
    },
    { name: 'getCursor', at: 'GET /state/cursor', act: (c, s) => s.getCursor(c.scope) },
    { name: 'putCursor', at: 'PUT /state/cursor', act: (c, s) => s.putCursor(c.scope, cursor) },
    { name: 'listLinks', at: 'GET /state/links', act: (c, s) => s.listLinks(c.scope) },
    { name: 'pageLinks', at: 'GET /state/links', act: (c, s) => s.pageLinks(c.scope, PAGE) },
    {
      name: 'findLinks',
      at: 'POST /state/links/find',
      act: (c, s) => s.findLinks(c.scope, { bcIds: ['bc-1'], outlookIds: ['ol-2'] }),
    },
    { name: 'countLinks', at: 'GET /state/links/count', act: (c, s) => s.countLinks(c.scope) },
    {
      name: 'upsertLinks',
      at: 'POST /state/links',
      act: (c, s) => s.upsertLinks(c.scope, [link('bc-3', 'ol-3', 3)]),
    },
    { name: 'deleteLinks', at: 'POST /state/links/delete', act: (c, s) => s.deleteLinks(c.scope, ['bc-1']) },
    {
      name: 'addPendingCreates',
      at: 'POST /state/pending-creates',
      act: (c, s) => s.addPendingCreates(c.scope, ['bc-p2']),
    },
    {
      name: 'listPendingCreates',
      at: 'GET /state/pending-creates',
      act: (c, s) => s.listPendingCreates(c.scope),
    },
    {
      name: 'pagePendingCreates',
      at: 'GET /state/pending-creates',
      act: (c, s) => s.pagePendingCreates(c.scope, PAGE),
    },
    {
      name: 'clearPendingCreates',
      at: 'POST /state/pending-creates/clear',
      act: (c, s) => s.clearPendingCreates(c.scope, ['bc-p1']),
    },
    {
      name: 'acquireLease (taken: a resend must not take it from its own holder)',
      at: 'POST /state/lease/acquire',
      act: (c, s) => s.acquireLease(`${LEASE(c)}-2`, 'owner-2', clock.now(), LEASE_TTL_MS),
    },
    {
      name: 'renewLease',
      at: 'POST /state/lease/renew',
      act: (c, s) => s.renewLease(LEASE(c), 'owner-1', clock.now(), LEASE_TTL_MS),
    },
    {
      name: 'releaseLease',
      at: 'POST /state/lease/release',
      act: (c, s) => s.releaseLease(LEASE(c), 'owner-1'),
    },
    {
      name: 'releaseInFlight',
      at: 'POST /state/lease/release',
      act: (c) => c.store.releaseInFlight(LEASE(c), 'owner-1'),
    },
    { name: 'saveRun', at: 'PUT /state/runs/', act: (c, s) => s.saveRun(finished(c)) },
    { name: 'getRun', at: 'GET /state/runs/', act: (c, s) => s.getRun(c.userId, 'run-1') },
    { name: 'listRuns', at: 'GET /state/runs', act: (c, s) => s.listRuns(c.userId, 5) },
    { name: 'listConflicts', at: 'GET /state/conflicts', act: (c, s) => s.listConflicts(c.scope) },
    { name: 'pageConflicts', at: 'GET /state/conflicts', act: (c, s) => s.pageConflicts(c.scope, PAGE) },
    {
      name: 'putConflicts',
      at: 'POST /state/conflicts',
      act: (c, s) => s.putConflicts(c.scope, [conflict('bc-c2', 'ol-c2', 'Bergen')], ['bc-c1']),
    },
    { name: 'listSkipped', at: 'GET /state/skipped', act: (c, s) => s.listSkipped(c.scope) },
    { name: 'pageSkipped', at: 'GET /state/skipped', act: (c, s) => s.pageSkipped(c.scope, PAGE) },
    {
      name: 'putSkipped',
      at: 'POST /state/skipped',
      act: (c, s) =>
        s.putSkipped(c.scope, [skipEntryFixture('bc:s2', 'missingName')], {
          replace: true,
          remove: ['bc:s1'],
        }),
    },
    ...(
      [
        'POST /state/links',
        'POST /state/links/delete',
        'PUT /state/cursor',
        'PUT /state/runs/',
        'POST /state/lease/release',
      ] as const
    ).map((at) => ({
      name: `endRun (at ${at})`,
      at,
      act: (c: Ctx, s: SyncStateStore) =>
        s.endRun({
          fence: { key: LEASE(c), owner: 'owner-1' },
          links: { scope: c.scope, upserts: [link('bc-4', 'ol-4', 4)], deletes: ['bc-2'], clearPending: [] },
          cursor: { scope: c.scope, next: cursor },
          run: finished(c),
        }),
    })),
  ];

/** The fault's request: its path exactly, or a run's path (`/state/runs/` + id). */
const matcher = (at: string) => (what: string) => (at.endsWith('/') ? what.startsWith(at) : what === at);

/** A method's answer and the state it leaves with no fault: once per method, for its three rows. */
const cleanRuns: Record<string, Promise<{ userId: string; seen: unknown }>> = {};
async function withoutFault(act: (c: Ctx, s: SyncStateStore) => Promise<unknown>) {
  const clean = storeOf();
  await seed(clean);
  const seen = { answer: await act(clean, clean.store), state: await snapshot(clean) };
  return { userId: clean.userId, seen };
}

describe('a sync-state call whose answer was lost, refused or late answers as without the fault', () => {
  test.each(METHODS.flatMap((m) => FAULTS.map((fault) => ({ ...m, fault }))))(
    '$name, $fault',
    async ({ name, at, act, fault }) => {
      const expected = await (cleanRuns[name] ??= withoutFault(act));

      const c = storeOf();
      await seed(c);
      c.state.armed = { match: matcher(at), fault };
      const answer = await act(c, c.store);
      expect(c.state.faulted).toBe(1);
      expect({ answer, state: await snapshot(c) }).toEqual(
        JSON.parse(JSON.stringify(expected.seen).replaceAll(expected.userId, c.userId)),
      );
      // No POST's work done twice: each key ran its handler once at most (a resend is a replay),
      // but the one read sent as POST, which the facade runs again (replay 'rerun': nothing kept).
      const ran = new Map<string, number>();
      for (const d of c.state.delivered)
        if (d.key !== null && !d.replayed && d.what !== 'POST /state/links/find')
          ran.set(d.key, (ran.get(d.key) ?? 0) + 1);
      expect([...ran.values()].filter((n) => n > 1)).toEqual([]);
      expect(c.state.delivered.every((d) => d.key !== null || !d.what.startsWith('POST'))).toBe(true);
    },
  );
});

describe("the named example: the pane run's final record PUT, its answer lost", () => {
  test.each(FAULTS)(
    '%s: the run succeeds, as its stored record says, and its lease is free',
    async (fault) => {
      const c = storeOf();
      const bc = new MemoryBcContacts(clock);
      for (let n = 1; n <= 3; n++) bc.seed(person(n));
      c.state.armed = {
        match: (what, body) => what.startsWith('PUT /state/runs/') && body.includes('"succeeded"'),
        fault,
      };
      const runId = `pane-run-${seq}`;
      const answered = await runSync(
        { bc, mailbox: new MemoryMailbox(), store: c.store, clock, logger: silentLogger },
        { runId, userId: c.userId, mode: 'full', dryRun: false, trigger: 'pane' },
      ).then(
        (out) => out.record.status,
        (e: unknown) => e,
      );
      expect(c.state.faulted).toBe(1);
      const stored = (await c.store.getRun(c.userId, runId))?.status;
      const free = (await c.store.acquireLease(LEASE(c), 'next-run', clock.now(), LEASE_TTL_MS)).ok;
      expect({ answered, stored, free }).toEqual({ answered: 'succeeded', stored: 'succeeded', free: true });
    },
  );
});
