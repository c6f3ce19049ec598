import { describe, expect, test } from '@jest/globals';
import {
  CREATE_TURN_BARRED_MS,
  CREATE_TURN_LINE,
  CREATE_TURN_MAX_HOLD_MS,
  CREATE_TURN_MS,
  CREATE_TURN_REJOIN_MS,
  LEASE_HEARTBEAT_MS,
  LEASE_TTL_MS,
  createTurnKey,
} from '../../src/core/lease.js';
import { TurnHolds } from '../../src/server/sync/turn-holds.js';
import type { CompanyUser, Json } from '../support/company-hosts.js';
import { handClockCompany } from '../support/hand-clock-company.js';

// Attacker pass: any member of a company kept every colleague's creates out for minutes by taking
// a PLACE in the create turn's line (`bc-create:["<C>",5]`, walked up to place 1) and renewing it
// every 10 s through the lease route — only the turn itself (slot 0) was bounded (F72 rest), so
// "This sender" answered 409 after 15 s and a delta run ended `deferred: {createTurnBusy: 1}`.
// Now every key the lease routes take is bounded (turn-holds.ts): the turn per acquisition, a
// user's stay in the line (any place, any owner, rejoins included) at CREATE_TURN_MAX_HOLD_MS,
// one asking for more kept out of the line for CREATE_TURN_BARRED_MS; a user's own folder lease
// blocks only that user.

const COMPANY = 'c0ffee00-0000-0000-0000-0000000000aa';
const LIMIT = { kind: 'createTurnHoldLimit', maxHoldMs: CREATE_TURN_MAX_HOLD_MS };
const T0 = 1_000_000;

// Every kind of key the lease routes accept: a user's own lease, the turn, each place in the line.
const kinds: [name: string, key: string, bounded: boolean][] = [
  ['a user lease (its own user only)', 'ann|business central', false],
  ['the turn (slot 0)', createTurnKey(COMPANY, 0), true],
  ...Array.from({ length: CREATE_TURN_LINE }, (_, i): [string, string, boolean] => [
    `place ${i + 1} of the line`,
    createTurnKey(COMPANY, i + 1),
    true,
  ]),
];

describe('no key a client can hold through the lease routes blocks others past CREATE_TURN_MAX_HOLD_MS', () => {
  test.each(kinds)('%s: renewed every heartbeat for 2.5 min', async (_name, key, bounded) => {
    const holds = new TurnHolds();
    const ttl = LEASE_TTL_MS;
    const first = await holds.acquired(key, 'squatter', T0, ttl, 'ann');
    expect(first).toBe(ttl);
    await holds.placed(key, 'squatter', T0, key === createTurnKey(COMPANY, 0) ? 0 : 1, ttl, 'ann');
    // The lease's end after each renewal (what it blocks others until), or the refusal.
    let heldUntil = T0 + ttl;
    const refusedAt: number[] = [];
    // Until the first refusal: the lease runs out with it, and a waiter takes what it held.
    for (let t = LEASE_HEARTBEAT_MS; t <= 150_000 && refusedAt.length === 0; t += LEASE_HEARTBEAT_MS) {
      const got = await holds.renewal(key, 'squatter', T0 + t, ttl, 'ann');
      if (typeof got === 'number') heldUntil = T0 + t + got;
      else refusedAt.push(t);
    }
    if (!bounded) {
      expect([refusedAt, heldUntil]).toEqual([[], T0 + 150_000 + ttl]);
      return;
    }
    expect(heldUntil).toBe(T0 + CREATE_TURN_MAX_HOLD_MS);
    // The first heartbeat at or past the bound (a renewal before it gets what is left of it).
    expect(refusedAt).toEqual([Math.ceil(CREATE_TURN_MAX_HOLD_MS / LEASE_HEARTBEAT_MS) * LEASE_HEARTBEAT_MS]);
    // Taking it again at once is no way round: a place is refused until a waiter had its chance;
    // the turn starts a new hold, but the route walks from the line's end behind every waiter.
    const again = await holds.acquired(key, 'squatter', T0 + CREATE_TURN_MAX_HOLD_MS, ttl, 'ann');
    expect(again).toEqual(
      key === createTurnKey(COMPANY, 0)
        ? CREATE_TURN_MS
        : { refused: LIMIT, untilMs: T0 + CREATE_TURN_MAX_HOLD_MS + CREATE_TURN_BARRED_MS },
    );
  });

  const place = (n: number) => createTurnKey(COMPANY, n);
  test('a stay in the line survives releases, moves and other owner names; a rejoin after the gap is new', async () => {
    const holds = new TurnHolds();
    expect(await holds.acquired(place(5), 'a', T0, 30_000, 'ann')).toBe(30_000);
    await holds.placed(place(5), 'a', T0, 2, 30_000, 'ann');
    // Another owner of the same user while the place is live: one place a user.
    expect(await holds.acquired(place(5), 'b', T0 + 1_000, 30_000, 'ann')).toEqual({
      refused: { kind: 'createTurnOnePlace' },
      untilMs: T0 + 30_000,
    });
    expect(await holds.renewal(place(4), 'b', T0 + 1_000, 30_000, 'ann')).toEqual({
      kind: 'createTurnOnePlace',
    });
    expect(await holds.renewal(place(2), 'a', T0 + 20_000, 30_000, 'ann')).toBe(30_000);
    // Released and taken again under a new owner name: the same stay, so what is left of the bound
    // at 45 s (30 s at 75 s; 15 s when it was 60 s), no more.
    const left = CREATE_TURN_MAX_HOLD_MS - 45_000;
    await holds.released(place(2), 'a', T0 + 40_000, 'ann');
    expect(await holds.acquired(place(5), 'b', T0 + 45_000, 30_000, 'ann')).toBe(left);
    await holds.placed(place(5), 'b', T0 + 45_000, 3, left, 'ann');
    expect(await holds.renewal(place(3), 'b', T0 + CREATE_TURN_MAX_HOLD_MS, 30_000, 'ann')).toEqual(LIMIT);
    // Asked past the bound: kept out of the line for CREATE_TURN_BARRED_MS after it.
    const barred = { refused: LIMIT, untilMs: T0 + CREATE_TURN_MAX_HOLD_MS + CREATE_TURN_BARRED_MS };
    expect(await holds.acquired(place(5), 'c', T0 + CREATE_TURN_MAX_HOLD_MS + 5_000, 30_000, 'ann')).toEqual(
      barred,
    );
    expect(
      await holds.acquired(
        place(5),
        'c',
        T0 + CREATE_TURN_MAX_HOLD_MS + CREATE_TURN_REJOIN_MS,
        30_000,
        'ann',
      ),
    ).toEqual(barred);
    expect(await holds.acquired(place(5), 'c', barred.untilMs - 1, 30_000, 'ann')).toEqual(barred);
    // Then a new stay, the whole bound ahead.
    expect(await holds.acquired(place(5), 'c', barred.untilMs, 30_000, 'ann')).toBe(30_000);
  });

  test('letting go and taking a place again at once is the same stay; a rejoin time later, a new one', async () => {
    const holds = new TurnHolds();
    await holds.placed(place(5), 'a', T0, 4, 30_000, 'ann');
    await holds.released(place(4), 'a', T0 + 20_000, 'ann');
    expect(await holds.acquired(place(5), 'a', T0 + 20_000 + CREATE_TURN_REJOIN_MS - 1, 60_000, 'ann')).toBe(
      CREATE_TURN_MAX_HOLD_MS - 20_000 - CREATE_TURN_REJOIN_MS + 1,
    );
    expect(await holds.acquired(place(5), 'a', T0 + 20_000 + CREATE_TURN_REJOIN_MS, 30_000, 'ann')).toBe(
      30_000,
    );
  });

  test('an honest creator: reaching the turn ends its stay, users are apart', async () => {
    const holds = new TurnHolds();
    await holds.placed(place(1), 'run', T0, 1, 30_000, 'ann');
    expect(await holds.acquired(place(0), 'run', T0 + 55_000, CREATE_TURN_MS, 'ann')).toBe(CREATE_TURN_MS);
    await holds.placed(place(0), 'run', T0 + 55_000, 0, CREATE_TURN_MS, 'ann');
    await holds.released(place(0), 'run', T0 + 58_000, 'ann');
    // Its next group joins the line again: a new stay, the whole bound ahead.
    expect(await holds.acquired(place(5), 'run', T0 + 58_000, 30_000, 'ann')).toBe(30_000);
    // Bob's stay is his own: Ann's do not bound it.
    expect(await holds.acquired(place(5), 'run', T0 + 58_000, 30_000, 'bob')).toBe(30_000);
  });
});

describe('the lease route: a place held by hand cannot keep a colleague out (attacker pass)', () => {
  // The facade's clock, moved by hand: minutes of squatting take no minute here.
  const w = handClockCompany('line-hold-', 'line.example');

  const post = async (user: CompanyUser, path: string, body: Json) => {
    const res = await fetch(`${w.server.url}/sync/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${user.facade}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: res.status === 204 ? null : ((await res.json()) as Json) };
  };
  // The caller's `now` is a fixed day long past: the facade's own clock decides every hold.
  const lease = async (user: CompanyUser, op: string, key: string, owner: string) =>
    (await post(user, `/state/lease/${op}`, { key, owner, now: '2026-01-01T00:00:00Z', ttlMs: 30_000 })).body;

  test('the named example: Ann squats place 1 and renews every 10 s; past the bound Bob takes the turn and "This sender" adds', async () => {
    const [ann, bob] = [w.hosts.users[0]!, w.hosts.users[1]!];
    const company = w.hosts.companyId;
    expect(await lease(ann, 'acquire', createTurnKey(company, 5), 'squatter')).toEqual({
      ok: true,
      place: 1,
      expiresAt: expect.any(String),
    });
    // Bob is kept out meanwhile, and told until when on the facade's clock, not Ann's `now`.
    const bobEarly = await lease(bob, 'acquire', createTurnKey(company, 0), 'bob-run');
    expect(bobEarly).toMatchObject({ ok: false });
    const until = Date.parse((bobEarly as { heldBy: { expiresAt: string } }).heldBy.expiresAt);
    expect(until - Date.parse(w.clock.now())).toBe(30_000);
    const renewals: boolean[] = [];
    for (let t = 0; t < 150_000; t += LEASE_HEARTBEAT_MS) {
      w.clock.advance(LEASE_HEARTBEAT_MS);
      renewals.push((await lease(ann, 'renew', createTurnKey(company, 1), 'squatter'))?.['ok'] === true);
      // Renaming herself does not bring her back in line.
      expect(await lease(ann, 'acquire', createTurnKey(company, 5), `squatter-${t}`)).toMatchObject({
        ok: false,
      });
    }
    // Renewed up to the bound (every heartbeat before it, the last with what is left of it),
    // refused from the first at or past it: 7 of 15 at a 75 s bound, not 15 of 15.
    const beforeBound = Math.ceil(CREATE_TURN_MAX_HOLD_MS / LEASE_HEARTBEAT_MS) - 1;
    expect(renewals.filter(Boolean)).toHaveLength(beforeBound);
    expect(renewals.slice(beforeBound).some(Boolean)).toBe(false);
    // The place ran out with the bound: Bob walks the line to the turn without waiting.
    expect(await lease(bob, 'acquire', createTurnKey(company, 0), 'bob-run')).toEqual({
      ok: true,
      expiresAt: expect.any(String),
    });
    expect(
      (await post(bob, '/state/lease/release', { key: createTurnKey(company, 0), owner: 'bob-run' })).status,
    ).toBe(204);
    const added = await post(bob, '/sender', { email: 'new.person@line.example', displayName: 'New Person' });
    expect(added.status).toBeLessThan(300);
  });
});
