import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  CREATE_TURN_LINE,
  CREATE_TURN_MAX_HOLD_MS,
  CREATE_TURN_MS,
  LEASE_HEARTBEAT_MS,
  createTurnKey,
} from '../../src/core/lease.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { systemClock } from '../../src/platform/system-clock.js';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { insertCompany } from '../../src/store/bc-repository-companies.js';
import { grantMembership } from '../../src/store/company-members.js';
import { openStore } from '../../src/store/open-store.js';
import { createTestDatabase } from '../support/postgres.js';
import type { TestDatabase } from '../support/postgres.js';
import { NO_RATE_LIMIT, startQuietServer } from '../support/quiet-server.js';
import type { QuietServer } from '../support/quiet-server.js';

// Review R2: the bounds on holding a company's create turn through the lease routes (F72 rest,
// turn-holds.ts) were counted in each facade process's memory. Behind a proxy (docs/deploy.md §6)
// a client renewing the turn at whichever process had not counted its hold yet — or at one
// restarted — was never refused, and kept every colleague's creates out for as long as it liked.
// Now the count is in the database (sync_turn_holds): three `npm start` servers on one PostgreSQL
// database, each its own app and routes, their clock moved by hand (one clock: one wall time).

const ANN = 'ann@contoso.com';
const BOB = 'bob@contoso.com';
const LIMIT = { kind: 'createTurnHoldLimit', maxHoldMs: CREATE_TURN_MAX_HOLD_MS };
const clock = new ManualClock(new Date().toISOString());
let database: TestDatabase;
let companyId: string;
const servers: QuietServer[] = [];

/** Another facade process on the database (the Graph it would call is none: no run here). */
async function facade(): Promise<QuietServer> {
  const server = await startQuietServer('turn-hold-processes-', {
    overrides: {
      ...NO_RATE_LIMIT,
      databaseUrl: database.url,
      graphBaseUrl: 'http://127.0.0.1:9/v1.0',
      seedDemo: false,
    },
  });
  Object.assign(server.ctx, { clock });
  servers.push(server);
  return server;
}

beforeAll(async () => {
  database = await createTestDatabase('turn_hold_processes');
  const store = await openStore({ databaseUrl: database.url });
  try {
    companyId = (await insertCompany(store.db, systemClock, { name: 'Holds Ltd.' })).id;
    for (const upn of [ANN, BOB]) await grantMembership(store.db, devUserKey(upn), companyId, 'test');
  } finally {
    await store.close();
  }
  for (let i = 0; i < 3; i++) await facade();
});
afterAll(async () => {
  for (const s of servers) await s.close().catch(() => undefined);
  await database?.drop();
});

/** `user`'s lease route `op` at `server`, as the pane's engine sends it (the facade's clock decides). */
async function lease(server: QuietServer, user: string, op: string, key: string, owner: string) {
  const token = await server.ctx.devIssuer!.userToken(user, 'facade');
  const res = await fetch(`${server.url}/sync/v1/state/lease/${op}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ key, owner, now: clock.now(), ttlMs: CREATE_TURN_MS }),
  });
  // A release answers 204, nothing to read.
  return res.status === 204 ? { ok: true } : ((await res.json()) as { ok: boolean; reason?: unknown });
}

describe('the create turn is held at most CREATE_TURN_MAX_HOLD_MS across facade processes (review R2)', () => {
  test('the named example: Ann renews every 10 s where she last renewed, moving on to the next of three processes when refused; past the bound every one refuses, and Bob takes the turn', async () => {
    const turn = createTurnKey(companyId);
    expect(await lease(servers[0]!, ANN, 'acquire', turn, 'by-hand')).toEqual({
      ok: true,
      expiresAt: expect.any(String),
    });
    // Before: each process counted its own hold, so she moved on at 60 s and at 120 s and held
    // the turn for all 150 s.
    let at = 0;
    const renewedAt: number[] = [];
    const refusals: unknown[] = [];
    for (let t = LEASE_HEARTBEAT_MS; t <= 2.5 * CREATE_TURN_MAX_HOLD_MS; t += LEASE_HEARTBEAT_MS) {
      clock.advance(LEASE_HEARTBEAT_MS);
      for (let tried = 0; tried < servers.length && renewedAt.at(-1) !== t; tried++) {
        const got = await lease(servers[at]!, ANN, 'renew', turn, 'by-hand');
        if (got.ok) renewedAt.push(t);
        else {
          refusals.push(got.reason);
          at = (at + 1) % servers.length;
        }
      }
      if (renewedAt.at(-1) !== t) break;
    }
    // Renewed every beat before the bound (10..60 s at 70 s); at the bound each of the three refused.
    const beats = Math.ceil(CREATE_TURN_MAX_HOLD_MS / LEASE_HEARTBEAT_MS) - 1;
    expect(renewedAt).toEqual(Array.from({ length: beats }, (_, n) => (n + 1) * LEASE_HEARTBEAT_MS));
    expect(refusals).toEqual([LIMIT, LIMIT, LIMIT]);
    // The turn ran out with the hold: Bob, at any process, takes it without waiting.
    expect(await lease(servers[2]!, BOB, 'acquire', turn, 'bob-run')).toEqual({
      ok: true,
      expiresAt: expect.any(String),
    });
    expect(await lease(servers[1]!, BOB, 'release', turn, 'bob-run')).toEqual({ ok: true });
  });

  // The brief's fault 2 over HTTP: Ann's two tabs (two owner names) ask to join the line at two
  // processes at the same moment while Bob holds the turn. Before, each route checked her one place
  // (a read), took a place, and noted it after: both passed, and she held two places until a
  // renewal was refused. Now the check reserves the place in one conditional write.
  test('one user, two owners, two processes at once: exactly one place in the line', async () => {
    clock.advance(3 * CREATE_TURN_MAX_HOLD_MS);
    const turn = createTurnKey(companyId);
    const end = createTurnKey(companyId, CREATE_TURN_LINE);
    expect(await lease(servers[2]!, BOB, 'acquire', turn, 'bob-run')).toEqual({
      ok: true,
      expiresAt: expect.any(String),
    });
    const both = await Promise.all([
      lease(servers[0]!, ANN, 'acquire', end, 'tab-1'),
      lease(servers[1]!, ANN, 'acquire', end, 'tab-2'),
    ]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(both.filter((r) => !r.ok).map((r) => r.reason)).toEqual([{ kind: 'createTurnOnePlace' }]);
    expect(await lease(servers[2]!, BOB, 'release', turn, 'bob-run')).toEqual({ ok: true });
  });

  test('a restarted process counts the hold begun before the restart', async () => {
    clock.advance(3 * CREATE_TURN_MAX_HOLD_MS);
    const turn = createTurnKey(companyId);
    const first = servers[0]!;
    expect(await lease(first, ANN, 'acquire', turn, 'restart')).toEqual({
      ok: true,
      expiresAt: expect.any(String),
    });
    clock.advance(4 * LEASE_HEARTBEAT_MS);
    expect(await lease(first, ANN, 'renew', turn, 'restart')).toEqual({
      ok: true,
      expiresAt: expect.any(String),
    });
    await first.close();
    servers.shift();
    const restarted = await facade();
    clock.advance(LEASE_HEARTBEAT_MS);
    expect(await lease(restarted, ANN, 'renew', turn, 'restart')).toEqual({
      ok: true,
      expiresAt: expect.any(String),
    });
    // At the bound, counted from the acquisition before the restart.
    clock.advance(CREATE_TURN_MAX_HOLD_MS - 5 * LEASE_HEARTBEAT_MS);
    expect(await lease(restarted, ANN, 'renew', turn, 'restart')).toEqual({ ok: false, reason: LIMIT });
  });
});
