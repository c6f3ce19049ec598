import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { CREATE_TURN_LINE, LEASE_TTL_MS, createTurnKey, userLeaseKey } from '../../src/core/lease.js';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import { MemoryTurnHoldRecords } from '../../src/core/turn-hold-records.js';
import type { TurnHoldRecord } from '../../src/core/turn-hold-records.js';
import { FailingLeases } from '../support/failing-leases.js';
import type { FailMode } from '../support/failing-leases.js';
import type { Db } from '../../src/store/db.js';
import { person } from '../support/world.js';
import { call, putManualFolder, runToEnd, userOf, useSyncHarness } from './sync-harness.js';

// Trust leftovers, item 1 (route side). The kind: every place in src/server that takes more than
// one lease, hold or place in sequence gives back what it took when a later step throws — else
// the caller, answered 500, does not know it holds them, and whoever waits behind them waits
// until they run out (a company's create line up to CREATE_TURN_MS, a user's folder LEASE_TTL_MS).
// The places (grep acquireLease, takeLinePlace, placed(, reserve in src/server): the lease route's
// create turn (its line walk, then `holds.placed`) and a conflict choice's folder leases (two keys
// while a folder move is due). Each row makes the Nth store call of one request throw, before it
// did anything or after (its answer lost); after the 500 another owner takes every key at once.

type Mode = FailMode;

/** The shared failing store (test/support/failing-leases.ts), with its runs' listing failing at will. */
class FailingRunLeases extends FailingLeases {
  /** Runs listed (the lease route's markInterrupted reads them) fail while set. */
  listFails = false;
  override async listRuns(userId: string, limit: number) {
    if (this.listFails) throw new Error('store down (runs)');
    return super.listRuns(userId, limit);
  }
}

/** Hold records whose Nth call (read or write) fails once armed. */
class FailingRecords extends MemoryTurnHoldRecords {
  armed = false;
  calls = 0;
  failAt = 0;
  thrown = false;

  arm(failAt: number): void {
    Object.assign(this, { armed: true, calls: 0, failAt, thrown: false });
  }

  private fails(): boolean {
    if (!this.armed || ++this.calls !== this.failAt) return false;
    this.thrown = true;
    return true;
  }

  override async read(id: string) {
    if (this.fails()) throw new Error('store down (holds read)');
    return super.read(id);
  }
  override async write(id: string, rev: number, next: TurnHoldRecord | null, nowMs: number) {
    if (this.fails()) throw new Error('store down (holds write)');
    return super.write(id, rev, next, nowMs);
  }
}

const COMPANY = 'c0ffee00-0000-0000-0000-0000000000dd';
const store = new FailingRunLeases();
const records = new FailingRecords();
// Every user is a member of COMPANY (the lease route asks the database for the create turn's).
const db = { query: async () => ({ rows: [{ company_id: COMPANY }] }) } as unknown as Db;
const h = useSyncHarness({ store, ctx: { db, turnHolds: records } });

/** Whether `other` takes every key at once now (then lets them go for the next row). */
async function othersTakeAll(keys: readonly string[]): Promise<string[]> {
  const refused: string[] = [];
  for (const k of keys) {
    const got = await store.acquireLease(k, 'other-owner', h.clock.now(), LEASE_TTL_MS);
    if (!got.ok) refused.push(k);
  }
  for (const k of keys) await store.releaseLease(k, 'other-owner');
  return refused;
}

// Moves the facade's clock past every lease a row may have left, so one row's leak is not the next's.
const nextRow = () => h.clock.advance(10 * 60_000);

describe('the lease route: a create turn whose walk or hold count throws part-way gives its places back', () => {
  const user = userOf('walker@contoso.com');
  const LINE = Array.from({ length: CREATE_TURN_LINE + 1 }, (_, n) => createTurnKey(COMPANY, n));
  const acquire = () =>
    call(h, user, 'POST', '/sync/v1/state/lease/acquire', {
      key: createTurnKey(COMPANY),
      owner: `pane-${randomUUID()}`,
      now: h.clock.now(),
      ttlMs: 5_000,
    });

  // How many lease calls and hold-record calls one clean acquisition of the turn makes.
  let leaseCalls = 0;
  let recordCalls = 0;
  beforeAll(async () => {
    store.arm(0, 'before');
    records.arm(0);
    expect((await acquire()).body).toMatchObject({ ok: true });
    [leaseCalls, recordCalls] = [store.calls, records.calls];
    store.armed = records.armed = false;
    nextRow();
  });

  test('a clean acquisition walks the line and counts its hold (the table below covers each call)', () => {
    // Join at the end, step up to the turn one place at a time: a renew, 6 takes, 5 lets-go.
    expect(leaseCalls).toBe(1 + (CREATE_TURN_LINE + 1) + CREATE_TURN_LINE);
    expect(recordCalls).toBeGreaterThan(0);
  });

  const leaseRows = (): [number, Mode][] =>
    Array.from({ length: leaseCalls }, (_, i) => i + 1).flatMap((n) => [
      [n, 'before'],
      [n, 'after'],
    ]);
  test('every lease call of the walk, failing before or after it landed: 500, then the line is free', async () => {
    const leaks: string[] = [];
    for (const [n, mode] of leaseRows()) {
      store.arm(n, mode);
      const r = await acquire();
      store.armed = false;
      expect([n, mode, store.thrown, r.status]).toEqual([n, mode, true, 500]);
      const refused = await othersTakeAll(LINE);
      if (refused.length > 0) leaks.push(`call ${n} ${mode}: ${refused.join(' ')}`);
      nextRow();
    }
    expect(leaks).toEqual([]);
  });

  test('every hold-record call failing: 500 or refused, then the line is free', async () => {
    const leaks: string[] = [];
    for (let n = 1; n <= recordCalls; n++) {
      records.arm(n);
      const r = await acquire();
      records.armed = false;
      expect([n, records.thrown, r.status]).toEqual([n, true, 500]);
      const refused = await othersTakeAll(LINE);
      if (refused.length > 0) leaks.push(`record call ${n}: ${refused.join(' ')}`);
      nextRow();
    }
    expect(leaks).toEqual([]);
  });

  test('example: holds.placed throws after the walk took the turn: the turn is let go', async () => {
    records.arm(recordCalls);
    expect((await acquire()).status).toBe(500);
    records.armed = false;
    expect(await othersTakeAll([createTurnKey(COMPANY)])).toEqual([]);
    nextRow();
  });
});

describe('the lease route: a user lease whose take or run check throws is let go', () => {
  const user = userOf('holder@contoso.com');
  const acquire = () =>
    call(h, user, 'POST', '/sync/v1/state/lease/acquire', {
      key: 'business central',
      owner: `pane-${randomUUID()}`,
      now: h.clock.now(),
      ttlMs: LEASE_TTL_MS,
    });
  const KEY = userLeaseKey(user, 'business central');

  test.each(['before', 'after'] as const)(
    'its acquireLease failing %s it landed: 500, then free',
    async (mode) => {
      store.arm(1, mode);
      expect((await acquire()).status).toBe(500);
      store.armed = false;
      expect(await othersTakeAll([KEY])).toEqual([]);
      nextRow();
    },
  );

  test('the interrupted-run check after the take (markInterrupted) failing: 500, then free', async () => {
    store.listFails = true;
    const r = await acquire();
    store.listFails = false;
    expect(r.status).toBe(500);
    expect(await othersTakeAll([KEY])).toEqual([]);
    nextRow();
  });
});

describe('a conflict choice whose folder leases throw part-way (a folder move due: two keys) lets both go', () => {
  const user = userOf('chooser@contoso.com');
  const KEYS = [`${user}|old`, `${user}|new`];
  beforeAll(async () => {
    await putManualFolder(h, user, 'Old', 'Oulu');
    h.bc.seed(person(1, { city: 'Oulu' }));
    expect((await runToEnd(h, user, { mode: 'full' })).status).toBe('succeeded');
    // Renamed in settings, not yet moved by a run: a choice holds both names (conflicts.ts).
    const moved = {
      ...DEFAULT_SETTINGS,
      folderName: 'New',
      filter: { city: 'Oulu' },
      conflictPolicy: 'manual',
    };
    expect((await call(h, user, 'PUT', '/sync/v1/settings', moved)).status).toBe(200);
  });
  // No such conflict: the choice takes both leases, finds nothing (404), lets both go.
  const choose = (action: 'resolve' | 'dismiss') =>
    call(
      h,
      user,
      'POST',
      `/sync/v1/conflicts/${randomUUID()}/${action}`,
      action === 'resolve' ? { side: 'bc' } : {},
    );

  test('control: a clean choice takes both keys, answers 404, lets both go (4 lease calls)', async () => {
    store.arm(0, 'before');
    expect((await choose('resolve')).status).toBe(404);
    store.armed = false;
    expect(store.calls).toBe(4);
    expect(await othersTakeAll(KEYS)).toEqual([]);
  });

  const rows: [action: 'resolve' | 'dismiss', call: number, mode: Mode][] = [];
  for (const action of ['resolve', 'dismiss'] as const)
    for (let n = 1; n <= 4; n++)
      for (const mode of ['before', 'after'] as const) rows.push([action, n, mode]);

  test.each(rows)(
    '%s, lease call %i failing %s it landed: 500, then both keys are free',
    async (action, n, mode) => {
      store.arm(n, mode);
      const r = await choose(action);
      store.armed = false;
      expect([store.thrown, r.status]).toEqual([true, 500]);
      // A release that failed before it landed leaves its own key to run out: the store is down.
      const lost = n > 2 && mode === 'before' ? [KEYS[n - 3]!] : [];
      expect(await othersTakeAll(KEYS)).toEqual(lost);
      nextRow();
    },
  );

  test('example: acquireLease throws for the 2nd key during a folder move: the 1st is let go', async () => {
    store.arm(2, 'before');
    expect((await choose('resolve')).status).toBe(500);
    store.armed = false;
    expect(await othersTakeAll(KEYS)).toEqual([]);
  });
});
