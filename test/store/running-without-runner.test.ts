import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { LEASE_HEARTBEAT_MS, LEASE_TTL_MS, leaseKeyOf } from '../../src/core/lease.js';
import type { LeaseHolder } from '../../src/core/ports.js';
import { silentLogger } from '../../src/core/ports.js';
import type { RunRecord } from '../../src/core/records.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { startRunReaper } from '../../src/server/run-reaper.js';
import { openPglite } from '../../src/store/db.js';
import type { Db } from '../../src/store/db.js';
import { sqlRunCancelMarks } from '../../src/store/sql-run-cancel.js';
import { SqlSyncStateStore } from '../../src/store/sql-state-store.js';
import { run as runFixture } from '../contracts/sync-state-store.fixtures.js';
import { handTicker } from '../support/manual-ticker.js';
import { buildMigratedTemplate } from './pglite-template.js';

/*
 * Review V7's kind: "a record says `running` while nothing runs it". Every way such a record
 * arises, made by process A (or a client of the state API) on one store, and process B's run
 * reaper — started before it, so its start-up sweep cannot be what ends it — beating once a
 * heartbeat: each record says `running` no longer than its bound, in heartbeats. A record with no
 * lease of its own ends at B's next beat; one whose lease was left behind, once the lease's TTL
 * passed (LEASE_TTL_MS / LEASE_HEARTBEAT_MS beats, and the next). A live run renewing its lease
 * at A stays `running` for as long as it renews (the control: the reaper does not just end all).
 * Before V7 the periodic sweep read expired leases only: the rows of bound 1 stayed `running`
 * until a restart (event streams followed them, a cancel answered 202, the history said running).
 */
const A: LeaseHolder = { host: 'host-a/boot-1', pid: 4100 };
const B: LeaseHolder = { host: 'host-b/boot-1', pid: 5200 };
/** A process of B's machine that is dead. */
const DEAD_AT_B: LeaseHolder = { host: B.host, pid: 5999 };
const localAtB = { self: B, alive: (pid: number) => pid !== DEAD_AT_B.pid };
const FOLDER = 'Business Central';
/** The beats past its TTL that a left lease's record may still say `running`: the TTL's, and one. */
const PAST_TTL = Math.ceil(LEASE_TTL_MS / LEASE_HEARTBEAT_MS) + 1;

interface Made {
  readonly db: Db;
  readonly store: SqlSyncStateStore;
  readonly user: string;
  readonly id: string;
  readonly now: string;
}

type Row = [name: string, bound: number, make: (m: Made) => Promise<void>];

const running = (m: Made): RunRecord => ({ ...runFixture(m.user, m.id, m.now), status: 'running' });
const key = (m: Made) => leaseKeyOf(m.user, FOLDER);
/** Its lease taken and its first record saved through the fence, as a run starts. */
async function started(m: Made, holder: LeaseHolder | undefined): Promise<void> {
  expect(await m.store.acquireLease(key(m), m.id, m.now, LEASE_TTL_MS, holder)).toEqual({ ok: true });
  await m.store.fenced({ key: key(m), owner: m.id }).saveRun(running(m));
}

const ROWS: Row[] = [
  // PUT /state/runs/:id without leaseKey/leaseOwner stores through the unfenced store (writerOf).
  ['a PUT over the state API with no lease (review V7)', 1, (m) => m.store.saveRun(running(m))],
  [
    'a start whose first save was stored and whose run never began (its lease let go, no end)',
    1,
    async (m) => {
      await started(m, A);
      await m.store.releaseLease(key(m), m.id);
    },
  ],
  [
    'a lost lease: lapsed, and taken over by the next run of the folder',
    1,
    async (m) => {
      const long = new Date(Date.parse(m.now) - LEASE_TTL_MS - 1).toISOString();
      expect(await m.store.acquireLease(key(m), m.id, long, LEASE_TTL_MS, A)).toEqual({ ok: true });
      await m.store.saveRun(running(m));
      expect(await m.store.acquireLease(key(m), `${m.id}-next`, m.now, LEASE_TTL_MS, A)).toEqual({
        ok: true,
      });
    },
  ],
  [
    'a cancelled run whose end was not stored (cancel marked, lease let go)',
    1,
    async (m) => {
      await started(m, A);
      expect(await sqlRunCancelMarks(m.db).request(m.user, m.id)).toBe('marked');
      await m.store.releaseLease(key(m), m.id);
    },
  ],
  ['a crashed process of the sweeping machine', 1, (m) => started(m, DEAD_AT_B)],
  ['a crashed process elsewhere (its lease left to lapse)', PAST_TTL, (m) => started(m, A)],
  ['a closed pane (a holder the store cannot see)', PAST_TTL, (m) => started(m, undefined)],
  [
    'a cancelled run whose process then crashed (its lease left to lapse)',
    PAST_TTL,
    async (m) => {
      await started(m, A);
      expect(await sqlRunCancelMarks(m.db).request(m.user, m.id)).toBe('marked');
    },
  ],
];

describe('a record says running while nothing runs it: ended within a bound, across processes', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openPglite({ loadDataDir: (await buildMigratedTemplate()).template });
  });
  afterAll(async () => db.close());

  let n = 0;
  const fresh = (clock: ManualClock): Made => {
    n += 1;
    return { db, store: new SqlSyncStateStore(db), user: `user-${n}`, id: `run-${n}`, now: clock.now() };
  };
  /** Process B's reaper, started (and its start-up sweep done) before the record is made. */
  const reaperAtB = async (clock: ManualClock) => {
    const ticks = handTicker();
    const stop = await startRunReaper({
      db,
      local: localAtB,
      clock,
      logger: silentLogger,
      ticker: ticks.ticker,
    });
    const beat = async () => {
      clock.advance(LEASE_HEARTBEAT_MS);
      await ticks.beat();
    };
    return { beat, stop };
  };

  test.each(ROWS)('%s: not running after %i beat(s) of another process', async (_name, bound, make) => {
    const clock = new ManualClock('2026-03-01T08:00:00.000Z');
    const b = await reaperAtB(clock);
    const m = fresh(clock);
    await make(m);
    expect((await m.store.getRun(m.user, m.id))?.status).toBe('running');
    let beats = 0;
    while ((await m.store.getRun(m.user, m.id))?.status === 'running' && beats < bound + 5) {
      await b.beat();
      beats += 1;
    }
    b.stop();
    expect(await m.store.getRun(m.user, m.id)).toMatchObject({
      status: 'interrupted',
      errors: [
        expect.objectContaining({ id: m.id, params: expect.objectContaining({ by: 'processStopped' }) }),
      ],
    });
    expect(beats).toBeLessThanOrEqual(bound);
  });

  test('the control: a live run elsewhere renewing its lease stays running, and ends as it ends', async () => {
    const clock = new ManualClock('2026-03-01T08:00:00.000Z');
    const b = await reaperAtB(clock);
    const m = fresh(clock);
    await started(m, A);
    for (let i = 0; i < PAST_TTL * 3; i++) {
      await b.beat();
      expect(await m.store.renewLease(key(m), m.id, clock.now(), LEASE_TTL_MS)).toBe(true);
      expect((await m.store.getRun(m.user, m.id))?.status).toBe('running');
    }
    const end = { ...running(m), status: 'succeeded' as const, finishedAt: clock.now() };
    await m.store.endRun({ fence: { key: key(m), owner: m.id }, run: end });
    await b.beat();
    b.stop();
    expect((await m.store.getRun(m.user, m.id))?.status).toBe('succeeded');
  });
});
