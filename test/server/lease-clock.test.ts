import { describe, expect, test } from '@jest/globals';
import { LEASE_TTL_MS } from '../../src/core/lease.js';
import { silentLogger } from '../../src/core/ports.js';
import { runSync } from '../../src/core/run.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { injectFetch } from '../../src/server/embedded/inject-fetch.js';
import { HttpSyncStateStore } from '../../src/sync-client/http-state-store.js';
import { person } from '../support/world.js';
import { call, userOf, useSyncHarness } from './sync-harness.js';

// Tester F79 (HIGH): the lease routes decided the user's folder lease on the caller's `now`. A
// pane whose clock ran 10 minutes ahead took the lease of a live server run (both wrote the folder:
// 217 Outlook contacts for 160 BC), and locked server, schedule and CLI out for the skew. Now every
// lease route uses the facade's clock and bounds the length to the kind's own (state-helpers.ts
// leaseTime), for the user's lease as for the company's create turn (F61).

const h = useSyncHarness();

const U = userOf('skew@contoso.com');
const MINUTE = 60_000;
const at = (ms: number) => new Date(Date.parse(h.clock.now()) + ms).toISOString();
const route = (name: 'acquire' | 'renew', body: Record<string, unknown>) =>
  call(h, U, 'POST', `/sync/v1/state/lease/${name}`, body);

describe("a caller's clock never decides a lease (F79)", () => {
  test('the named example: a pane 10 min ahead cannot take a live server run’s lease', async () => {
    const key = `${U}|business central`;
    expect(await h.store.acquireLease(key, 'server-run', h.clock.now(), LEASE_TTL_MS)).toEqual({ ok: true });
    const pane = await route('acquire', {
      key,
      owner: 'pane-skewed',
      now: at(10 * MINUTE),
      ttlMs: LEASE_TTL_MS,
    });
    expect(pane.body).toMatchObject({ ok: false, heldBy: { owner: 'server-run' } });
    await h.store.releaseLease(key, 'server-run');
  });

  // Each row: how the pane takes or keeps the lease with its own clock and length; then, once a
  // holder on the server would have lost it (LEASE_TTL_MS on the facade's clock), a server run
  // must get it.
  const rows: [string, number, number, 'acquire' | 'renew'][] = [
    ['a clock 10 min behind', -10 * MINUTE, LEASE_TTL_MS, 'acquire'],
    ['a day-long ttlMs', 0, 24 * 60 * MINUTE, 'acquire'],
    ['a renewal from a clock a day ahead', 24 * 60 * MINUTE, LEASE_TTL_MS, 'renew'],
    ['a renewal asking for an hour', 0, 60 * MINUTE, 'renew'],
  ];
  test.each(rows)(
    '%s: held no longer than LEASE_TTL_MS on the facade’s clock',
    async (name, skew, ttlMs, how) => {
      const key = `${U}|folder ${name}`;
      const first = await route('acquire', { key, owner: 'pane', now: h.clock.now(), ttlMs: LEASE_TTL_MS });
      expect(first.body).toEqual({ ok: true, expiresAt: expect.any(String) });
      const kept = await route(how, { key, owner: 'pane', now: at(skew), ttlMs });
      expect(kept.body).toEqual({ ok: true, expiresAt: expect.any(String) });
      h.clock.advance(LEASE_TTL_MS + 1);
      expect(await h.store.acquireLease(key, 'server-run', h.clock.now(), LEASE_TTL_MS)).toEqual({
        ok: true,
      });
    },
  );

  test('a `now` that is no time is still refused (400 invalidTime)', async () => {
    const r = await route('acquire', { key: 'k', owner: 'o', now: 'yesterday', ttlMs: 1000 });
    expect(r.status).toBe(400);
  });
});

// F79 addendum: the pane's run records carried the pane's clock (startedAt, finishedAt) into the
// shared history every host orders and shows. The sync API stamps them on the facade's clock
// (state-helpers.ts stampRunTimes); the pane's own duration (a monotonic measure) stays.
describe("a caller's clock never dates a run record (F79 addendum)", () => {
  const skews: [string, number][] = [
    ['20 s ahead (kept: within the slack)', 20_000],
    ['10 min ahead', 10 * MINUTE],
    ['10 min behind', -10 * MINUTE],
    ['a day ahead', 24 * 60 * MINUTE],
  ];
  test.each(skews)(
    'the named example: a pane run on a clock %s is dated within a minute of the facade’s clock',
    async (name, skew) => {
      const user = userOf(`run-skew-${skew}@contoso.com`);
      const paneClock = new ManualClock(at(skew));
      const store = new HttpSyncStateStore({
        baseUrl: 'http://127.0.0.1/sync/v1',
        getToken: async () => (await h.auth(user)).replace(/^Bearer /, ''),
        fetch: injectFetch(h.app),
      });
      h.bc.seed(person(Math.abs(skew) % 1000));
      const startedOnFacade = h.clock.now();
      const { record } = await runSync(
        { bc: h.bc, mailbox: h.mailbox(user), store, clock: paneClock, logger: silentLogger },
        { runId: `pane-${name}`, userId: user, mode: 'full', dryRun: false, trigger: 'pane' },
      );
      expect(record.status).toBe('succeeded');
      // The pane's own record says its clock; the shared one says the facade's.
      expect(record.startedAt).toBe(paneClock.now());
      const stored = await h.store.getRun(user, record.id);
      // Within a minute of the facade's clock the pane's time stands; further off, the facade's.
      const kept = Math.abs(skew) <= 60_000;
      expect({ startedAt: stored?.startedAt, finishedAt: stored?.finishedAt }).toEqual({
        startedAt: kept ? paneClock.now() : startedOnFacade,
        finishedAt: kept ? paneClock.now() : h.clock.now(),
      });
      expect(stored?.durationMs).toBe(record.durationMs);
      // A later save (another checkpoint from the same pane) keeps the first times.
      h.clock.advance(5_000);
      await store.saveRun({ ...record, startedAt: at(skew + 5_000), finishedAt: at(skew + 5_000) });
      const again = await h.store.getRun(user, record.id);
      expect({ startedAt: again?.startedAt, finishedAt: again?.finishedAt }).toEqual({
        startedAt: stored?.startedAt,
        finishedAt: stored?.finishedAt,
      });
    },
  );
});
