import { describe, expect, test } from '@jest/globals';
import {
  CREATE_TURN_MAX_HOLD_MS,
  CREATE_TURN_MS,
  LEASE_HEARTBEAT_MS,
  createTurnKey,
} from '../../src/core/lease.js';
import { TurnHolds } from '../../src/server/sync/turn-holds.js';
import type { CompanyUser, Json } from '../support/company-hosts.js';
import { handClockCompany } from '../support/hand-clock-company.js';

// Tester F72 rest: a holder of a company's create turn that kept renewing it by hand through the
// sync API's lease route held it for as long as it liked, and a colleague's "This sender" answered
// 409 after its 15 s wait. Now one acquisition keeps the turn at most CREATE_TURN_MAX_HOLD_MS
// (turn-holds.ts): renewals never extend it past that, one asked after it is refused with the
// reason `createTurnHoldLimit`, and the next creator gets the turn.

const TURN = createTurnKey('c0ffee00-0000-0000-0000-000000000001');
const PLACE = createTurnKey('c0ffee00-0000-0000-0000-000000000001', 3);
const LIMIT = { kind: 'createTurnHoldLimit', maxHoldMs: CREATE_TURN_MAX_HOLD_MS };
const T0 = 1_000_000;

/**
 * What the bounds answer a holder of the turn doing `steps` (ms after T0), as the lease route asks
 * them: `acquire` is an acquisition that took the turn (noted as placed), `ask` one the line refused.
 */
async function holdAnswers(
  holds: TurnHolds,
  steps: readonly (readonly [op: 'ask' | 'acquire' | 'renew' | 'release', atMs: number])[],
  owner = 'h',
): Promise<(number | object)[]> {
  const got: (number | object)[] = [];
  for (const [op, at] of steps) {
    const now = T0 + at;
    if (op === 'release') got.push((await holds.released(TURN, owner, now), 0));
    else if (op === 'renew') got.push(await holds.renewal(TURN, owner, now, CREATE_TURN_MS));
    else {
      const ttl = await holds.acquired(TURN, owner, now, CREATE_TURN_MS);
      if (op === 'acquire' && typeof ttl === 'number') await holds.placed(TURN, owner, now, 0, ttl);
      got.push(ttl);
    }
  }
  return got;
}

describe('one acquisition keeps the create turn at most CREATE_TURN_MAX_HOLD_MS (F72 rest)', () => {
  // Each row: what a holder does (ms after it took the turn) and what the bound answers.
  const rows: [string, [op: 'acquire' | 'renew' | 'release', atMs: number][], (number | typeof LIMIT)[]][] = [
    [
      'renewals every heartbeat: shortened to the hold, refused past it',
      [
        ['acquire', 0],
        ['renew', LEASE_HEARTBEAT_MS],
        ['renew', CREATE_TURN_MAX_HOLD_MS - LEASE_HEARTBEAT_MS],
        ['renew', CREATE_TURN_MAX_HOLD_MS - 1],
        ['renew', CREATE_TURN_MAX_HOLD_MS],
        ['renew', CREATE_TURN_MAX_HOLD_MS + 5 * LEASE_HEARTBEAT_MS],
      ],
      [CREATE_TURN_MS, CREATE_TURN_MS, LEASE_HEARTBEAT_MS, 1, LIMIT, LIMIT],
    ],
    [
      'acquiring again while holding does not start a new hold',
      [
        ['acquire', 0],
        ['acquire', 50_000],
        ['renew', CREATE_TURN_MAX_HOLD_MS],
      ],
      [CREATE_TURN_MS, CREATE_TURN_MAX_HOLD_MS - 50_000, LIMIT],
    ],
    [
      'a release and a new acquisition: a new hold',
      [
        ['acquire', 0],
        ['release', 20_000],
        ['acquire', 20_000],
        ['renew', CREATE_TURN_MAX_HOLD_MS + 10_000],
      ],
      // The new hold began at 20 s: 10 s past the first hold's bound, 10 s of it are left.
      [CREATE_TURN_MS, 0, CREATE_TURN_MS, 10_000],
    ],
    [
      'an acquisition after the hold ran out: a new hold',
      [
        ['acquire', 0],
        ['acquire', CREATE_TURN_MAX_HOLD_MS],
        ['renew', CREATE_TURN_MAX_HOLD_MS + 10_000],
      ],
      [CREATE_TURN_MS, CREATE_TURN_MS, CREATE_TURN_MS],
    ],
  ];
  test.each(rows)('%s', async (_name, steps, answers) => {
    const holds = new TurnHolds();
    expect(await holdAnswers(holds, steps)).toEqual(answers);
  });

  // An honest waiter at place 1 asks for the turn every CREATE_TURN_RETRY_MS while another holds it:
  // its asks counted as the start of its hold, so after 45 s in line it got the turn for 15 s only.
  test('the named example: a waiter refused the turn for 45 s still gets the whole hold once it takes it', async () => {
    const holds = new TurnHolds();
    const steps: [op: 'ask' | 'acquire' | 'renew', atMs: number][] = [
      ['ask', 0],
      ['ask', 40_000],
      ['acquire', 45_000],
      ['renew', 45_000 + 5 * LEASE_HEARTBEAT_MS],
      ['renew', 45_000 + CREATE_TURN_MAX_HOLD_MS],
    ];
    expect(await holdAnswers(holds, steps)).toEqual([
      CREATE_TURN_MS,
      CREATE_TURN_MS,
      CREATE_TURN_MS,
      CREATE_TURN_MAX_HOLD_MS - 5 * LEASE_HEARTBEAT_MS,
      LIMIT,
    ]);
  });

  // Was "a place in the line … not bounded": the attacker pass held place 1 for minutes that way;
  // a place is now bounded by the user's stay in line (create-turn-line-holds.test.ts).
  test('a user lease is not bounded; a place in the line is, by the stay (attacker pass)', async () => {
    const holds = new TurnHolds();
    expect(await holds.acquired('user|business central', 'h', 0, 30_000)).toBe(30_000);
    expect(await holds.renewal('user|business central', 'h', 10 * CREATE_TURN_MAX_HOLD_MS, 30_000)).toBe(
      30_000,
    );
    expect(await holds.acquired(PLACE, 'h', 0, 30_000)).toBe(30_000);
    await holds.placed(PLACE, 'h', 0, 3, 30_000);
    expect(await holds.renewal(PLACE, 'h', 20_000, 30_000)).toBe(30_000);
    expect(await holds.renewal(PLACE, 'h', CREATE_TURN_MAX_HOLD_MS - 20_000, 30_000)).toBe(20_000);
    expect(await holds.renewal(PLACE, 'h', CREATE_TURN_MAX_HOLD_MS, 30_000)).toEqual(LIMIT);
  });

  test('holders are apart: one holder past its hold does not bound another', async () => {
    const holds = new TurnHolds();
    await holdAnswers(holds, [['acquire', 0]], 'a');
    expect(await holds.renewal(TURN, 'a', T0 + CREATE_TURN_MAX_HOLD_MS, CREATE_TURN_MS)).toEqual(LIMIT);
    expect(await holds.acquired(TURN, 'b', T0 + CREATE_TURN_MAX_HOLD_MS, CREATE_TURN_MS)).toBe(
      CREATE_TURN_MS,
    );
  });
});

describe("the lease route: a by-hand holder cannot keep a colleague's This sender out (F72 rest)", () => {
  // The facade's clock, moved by hand: a hold of a minute takes no minute here.
  const w = handClockCompany('turn-hold-', 'hold.example');

  const lease = async (user: CompanyUser, op: string, body: Json) => {
    const res = await fetch(`${w.server.url}/sync/v1/state/lease/${op}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${user.facade}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await res.json()) as Json;
  };

  test('the named example: Ann renews by hand every 10 s; past the hold she is refused and Bob\'s "This sender" adds at once', async () => {
    const [ann, bob] = [w.hosts.users[0]!, w.hosts.users[1]!];
    const key = createTurnKey(w.hosts.companyId);
    const body = () => ({ key, owner: 'by-hand', now: w.clock.now(), ttlMs: CREATE_TURN_MS });
    expect(await lease(ann, 'acquire', body())).toEqual({ ok: true, expiresAt: expect.any(String) });
    for (let t = LEASE_HEARTBEAT_MS; t < CREATE_TURN_MAX_HOLD_MS; t += LEASE_HEARTBEAT_MS) {
      w.clock.advance(LEASE_HEARTBEAT_MS);
      expect([t, await lease(ann, 'renew', body())]).toEqual([
        t,
        { ok: true, expiresAt: expect.any(String) },
      ]);
    }
    w.clock.advance(LEASE_HEARTBEAT_MS);
    expect(await lease(ann, 'renew', body())).toEqual({ ok: false, reason: LIMIT });
    // The turn ran out with the hold: Bob's add takes it without waiting.
    const added = await fetch(`${w.server.url}/sync/v1/sender`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bob.facade}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'new.person@hold.example', displayName: 'New Person' }),
    });
    expect(added.status).not.toBe(409);
    expect(added.status).toBeLessThan(300);
  });
});
