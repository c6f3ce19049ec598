/**
 * Issue 12 §2 (delta-outlook-1pct): the create turn's line on the SQL store in two round trips, not
 * CREATE_TURN_LINE + 2. A join at the line's end is walked up past the free places in one statement
 * and a step to the next place lets the one behind go in the same statement (LeaseResult `place`,
 * store/sql-turn-line.ts). The line's order is what it was: a join never passes a place that has a
 * row, whoever holds it. The same checks run on the memory store, which walks one place a call.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { takeCreateTurn, takeLinePlace } from '../../src/core/create-turn.js';
import { CREATE_TURN_LINE, CREATE_TURN_MS, LEASE_TTL_MS, createTurnKey } from '../../src/core/lease.js';
import type { SyncStateStore } from '../../src/core/ports.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { openPglite } from '../../src/store/db.js';
import type { Db } from '../../src/store/db.js';
import { SqlSyncStateStore } from '../../src/store/sql-state-store.js';
import { roundTrips } from '../support/round-trips.js';
import { buildMigratedTemplate } from './pglite-template.js';

let db: Db | undefined;
beforeAll(async () => {
  db = await openPglite({ loadDataDir: (await buildMigratedTemplate()).template });
});
afterAll(async () => {
  await db?.close();
});

let companies = 0;
/** A company of its own per test: the stores are shared by the tests. */
const freshCompany = () => `c0ffee00-0000-0000-0000-${String(++companies).padStart(12, '0')}`;

const stores: [string, () => SyncStateStore][] = [
  ['memory', () => memory],
  ['SQL on PGlite', () => new SqlSyncStateStore(db as Db)],
];
const memory = new MemorySyncStateStore();

/** Who holds each place of the line, 0 (the turn) to CREATE_TURN_LINE: probed, then let go. */
async function holders(store: SyncStateStore, company: string, now: string): Promise<boolean[]> {
  const held: boolean[] = [];
  for (let slot = 0; slot <= CREATE_TURN_LINE; slot++) {
    const probe = await store.acquireLease(createTurnKey(company, slot), 'probe', now, LEASE_TTL_MS);
    held.push(!probe.ok);
    // A join at the end may have been walked up (the SQL store): the place it reached is let go.
    if (probe.ok) await store.releaseLease(createTurnKey(company, probe.place ?? slot), 'probe');
  }
  return held;
}

describe.each(stores)('the create turn line on the %s store', (_name, storeOf) => {
  test('an empty line: the turn is taken and no place of the line is left held', async () => {
    const store = storeOf();
    const clock = new ManualClock();
    const company = freshCompany();
    expect(await takeCreateTurn({ store, clock }, company, 'ann', 60_000)).toBe(true);
    expect(await holders(store, company, clock.now())).toEqual([true, false, false, false, false, false]);
  });

  test('a join stops behind whoever waits, and a step to the next place keeps the line in order', async () => {
    const store = storeOf();
    const clock = new ManualClock();
    const company = freshCompany();
    const now = clock.now();
    // Bob holds the turn, Cid waits at place 3: Dan joins at the end.
    expect((await store.acquireLease(createTurnKey(company), 'bob', now, CREATE_TURN_MS)).ok).toBe(true);
    expect((await store.acquireLease(createTurnKey(company, 3), 'cid', now, LEASE_TTL_MS)).ok).toBe(true);
    const joined = await store.acquireLease(
      createTurnKey(company, CREATE_TURN_LINE),
      'dan',
      now,
      LEASE_TTL_MS,
    );
    expect(joined.ok).toBe(true);
    const dan = (joined.ok && joined.place) || CREATE_TURN_LINE;
    // Never past Cid; the SQL store walks him up to the place right behind Cid in the same call.
    expect(dan).toBeGreaterThanOrEqual(4);
    expect(await holders(store, company, now)).toEqual([
      true,
      false,
      false,
      true,
      dan === 4,
      dan === CREATE_TURN_LINE,
    ]);
    // Cid steps up to place 2: his place 3 is let go by the store (answered with place 2) or by him.
    const step = await store.acquireLease(createTurnKey(company, 2), 'cid', now, LEASE_TTL_MS);
    expect(step.ok).toBe(true);
    if (step.ok && step.place === undefined) await store.releaseLease(createTurnKey(company, 3), 'cid');
    else expect(step).toStrictEqual({ ok: true, place: 2 });
    expect((await holders(store, company, now)).slice(2, 4)).toEqual([true, false]);
  });

  test("the route's walk from the end (takeLinePlace) stops behind a waiter and reaches the turn in order", async () => {
    const store = storeOf();
    const clock = new ManualClock();
    const company = freshCompany();
    const now = clock.now();
    expect((await store.acquireLease(createTurnKey(company), 'bob', now, CREATE_TURN_MS)).ok).toBe(true);
    expect((await store.acquireLease(createTurnKey(company, 2), 'cid', now, LEASE_TTL_MS)).ok).toBe(true);
    // Ann asks straight for the turn without a place behind it: refused at Cid, nothing of hers kept.
    expect((await takeLinePlace({ store, clock }, company, 'ann', 0, CREATE_TURN_MS)).ok).toBe(false);
    expect(await holders(store, company, now)).toEqual([true, false, true, false, false, false]);
    // Ann joins: she ends right behind Cid.
    expect(
      await takeLinePlace({ store, clock }, company, 'ann', CREATE_TURN_LINE, LEASE_TTL_MS),
    ).toStrictEqual({
      ok: true,
      place: 3,
    });
    // Bob lets the turn go: Cid, not Ann, takes it (from the place behind it).
    await store.releaseLease(createTurnKey(company), 'bob');
    expect((await takeLinePlace({ store, clock }, company, 'ann', 2, LEASE_TTL_MS)).ok).toBe(false);
    const cid = await takeLinePlace({ store, clock }, company, 'cid', 1, LEASE_TTL_MS);
    expect(cid).toStrictEqual({ ok: true, place: 1 });
    expect(await takeLinePlace({ store, clock }, company, 'cid', 0, CREATE_TURN_MS)).toStrictEqual({
      ok: true,
      place: 0,
    });
    expect(await holders(store, company, now)).toEqual([true, false, false, true, false, false]);
  });
});

test('on the SQL store an uncontended walk to the turn takes 2 round trips (CREATE_TURN_LINE + 2 before)', async () => {
  const rt = roundTrips();
  const store = rt.gated(new SqlSyncStateStore(db as Db), 'store');
  const company = freshCompany();
  const { result, rounds } = await rt.measure(() =>
    takeCreateTurn({ store, clock: new ManualClock() }, company, 'ann', 60_000),
  );
  expect(result).toBe(true);
  expect(rounds).toEqual([['store.acquireLease'], ['store.acquireLease']]);
});
