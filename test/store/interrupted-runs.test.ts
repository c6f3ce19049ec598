import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { LIVE_HOLDER_GRACE_MS, leaseKeyOf } from '../../src/core/lease.js';
import type { LeaseHolder } from '../../src/core/ports.js';
import type { RunRecord, RunStatus } from '../../src/core/records.js';
import { openPglite, openPostgres } from '../../src/store/db.js';
import type { Db } from '../../src/store/db.js';
import { markDeadRunsInterrupted } from '../../src/store/interrupted-runs.js';
import { SqlSyncStateStore } from '../../src/store/sql-state-store.js';
import { migrate } from '../../src/store/migrations/index.js';
import { createTestDatabase } from '../support/postgres.js';
import type { TestDatabase } from '../support/postgres.js';
import { buildMigratedTemplate } from './pglite-template.js';
import { run as runFixture } from '../contracts/sync-state-store.fixtures.js';

// Issue 9 §4 (tester F11): a run whose holder died is marked `interrupted` as soon as that is
// known — at once for this machine's dead processes and for `running` records no lease belongs
// to (review V7: not only at start-up), on lease expiry for holders elsewhere — not when the next
// run takes the lease. running-without-runner.test.ts holds every way such a record arises.
// One table over every kind of holder, on PGlite and on PostgreSQL.
const HOST = 'build-7/boot-a';
const SELF = 1000;
const DEAD = 4242;
const LIVE = 5151;
const local = { self: { host: HOST, pid: SELF }, alive: (pid: number) => pid !== DEAD };
const T0 = '2026-02-01T09:00:00.000Z';
const TTL = 30_000;
/** Five seconds after T0: inside every lease's TTL. */
const SOON = '2026-02-01T09:00:05.000Z';
/** One heartbeat past the TTL. */
const EXPIRED = '2026-02-01T09:00:40.000Z';
/** Past the TTL and LIVE_HOLDER_GRACE_MS. */
const BEYOND_GRACE = new Date(Date.parse(T0) + TTL + LIVE_HOLDER_GRACE_MS).toISOString();

type Row = [
  name: string,
  holder: LeaseHolder | null | 'no lease',
  status: RunStatus,
  now: string,
  marked: boolean,
];
const ROWS: Row[] = [
  ['a dead process of this machine, at once', { host: HOST, pid: DEAD }, 'running', SOON, true],
  ['a live process of this machine: kept', { host: HOST, pid: LIVE }, 'running', SOON, false],
  ['this very process: kept', { host: HOST, pid: SELF }, 'running', SOON, false],
  // Perf's 10,000-contact runs at load 35 ended leaseLost: late heartbeats, a live process.
  [
    'a live process of this machine past its TTL (late heartbeats): kept',
    { host: HOST, pid: LIVE },
    'running',
    EXPIRED,
    false,
  ],
  [
    'this very process past its TTL (late heartbeats): kept',
    { host: HOST, pid: SELF },
    'running',
    EXPIRED,
    false,
  ],
  [
    'a live pid of this machine past its TTL and the grace (a reused pid)',
    { host: HOST, pid: LIVE },
    'running',
    BEYOND_GRACE,
    true,
  ],
  ['a process elsewhere within its TTL: kept', { host: 'b/boot', pid: DEAD }, 'running', SOON, false],
  ['a process elsewhere past its TTL', { host: 'b/boot', pid: LIVE }, 'running', EXPIRED, true],
  ['the pane (a holder the store cannot see) within its TTL: kept', null, 'running', SOON, false],
  ['the pane past its TTL', null, 'running', EXPIRED, true],
  // Review V7: at every sweep, not only at start-up (it said `running` until a restart).
  ['a running record without a lease', 'no lease', 'running', SOON, true],
  [
    'a run that ended with a dead holder’s lease left: keeps its end',
    { host: HOST, pid: DEAD },
    'succeeded',
    SOON,
    false,
  ],
];

function record(id: string, userId: string, status: RunStatus): RunRecord {
  return {
    ...runFixture(userId, id, T0),
    trigger: 'schedule',
    status,
    finishedAt: status === 'running' ? null : T0,
    counts: { bc: { created: 2, updated: 0, deleted: 0 }, outlook: { created: 7, updated: 0, deleted: 0 } },
    progress: [
      { phase: 'planning', done: 1, total: 1 },
      { phase: 'outlook', done: 7, total: 40 },
    ],
  };
}

interface Backend {
  readonly name: string;
  open(): Promise<{ db: Db; drop: () => Promise<void> }>;
}
const backends: Backend[] = [
  {
    name: 'PGlite',
    open: async () => {
      const db = await openPglite({ loadDataDir: (await buildMigratedTemplate()).template });
      return { db, drop: () => db.close() };
    },
  },
  {
    name: 'PostgreSQL',
    open: async () => {
      const t: TestDatabase = await createTestDatabase('interrupted_runs');
      const db = await openPostgres(t.url);
      await migrate(db);
      return {
        db,
        drop: async () => {
          await db.close();
          await t.drop();
        },
      };
    },
  },
];

describe.each(backends)('runs whose holder died, on $name', (backend) => {
  let db: Db;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ db, drop } = await backend.open());
  });
  afterAll(async () => drop());

  let n = 0;
  test.each(ROWS)('%s', async (_name, holder, status, now, marked) => {
    const user = `user-${++n}`;
    const id = `run-${n}`;
    const store = new SqlSyncStateStore(db);
    if (holder !== 'no lease')
      expect(await store.acquireLease(leaseKeyOf(user, 'Business Central'), id, T0, TTL, holder)).toEqual({
        ok: true,
      });
    await store.saveRun(record(id, user, status));

    const out = await markDeadRunsInterrupted(db, local, now);

    const after = await store.getRun(user, id);
    if (marked) {
      expect(out.map((r) => r.id)).toContain(id);
      // When it became known, how far it got (counts and progress kept), and why.
      expect(after).toMatchObject({
        status: 'interrupted',
        finishedAt: now,
        counts: record(id, user, status).counts,
        progress: record(id, user, status).progress,
        errors: [expect.objectContaining({ side: 'run', id })],
      });
      // Its lease is gone with it: the user's next run starts at once.
      expect(await store.acquireLease(leaseKeyOf(user, 'Business Central'), 'next', now, TTL)).toEqual({
        ok: true,
      });
    } else {
      expect(out.map((r) => r.id)).not.toContain(id);
      expect(after?.status).toBe(status);
    }
  });

  test('a live process of this machine past its TTL: another run is refused its lease until the grace ends', async () => {
    const key = leaseKeyOf('user-slow', 'Business Central');
    const store = new SqlSyncStateStore(db, local);
    expect(await store.acquireLease(key, 'slow-run', T0, TTL, { host: HOST, pid: LIVE })).toEqual({
      ok: true,
    });
    expect(await store.acquireLease(key, 'next', EXPIRED, TTL)).toMatchObject({
      ok: false,
      heldBy: { owner: 'slow-run' },
    });
    // Its late heartbeat still renews it.
    expect(await store.renewLease(key, 'slow-run', EXPIRED, TTL)).toBe(true);
    expect(await store.acquireLease(key, 'next', BEYOND_GRACE, TTL)).toEqual({
      ok: false,
      heldBy: expect.anything(),
    });
    // The renewed expiry (EXPIRED + TTL) plus the grace.
    const later = new Date(Date.parse(EXPIRED) + TTL + LIVE_HOLDER_GRACE_MS).toISOString();
    expect(await store.acquireLease(key, 'next', later, TTL)).toEqual({ ok: true });
  });
});
