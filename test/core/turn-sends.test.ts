/**
 * Brief turn: how long a create turn's holder keeps it for the writes it sent (turn-sends.ts) and
 * how it lets go (letGoOfTurn). The hosts' table is test/server/turn-lost-create.test.ts.
 */
import { describe, expect, test } from '@jest/globals';
import type { SyncStateStore, WriteOutcome } from '../../src/core/ports.js';
import { letGoOfTurn, turnSends } from '../../src/core/turn-sends.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';

const SETTLE = 65_000;
const ok: WriteOutcome<string> = { ok: true, value: 'made' };
const refused: WriteOutcome<string> = { ok: false, error: { kind: 'invalid', message: 'no', status: 400 } };
const lost: WriteOutcome<string> = { ok: false, error: { kind: 'unknownOutcome', message: 'lost' } };

const CALLS: { name: string; send: () => Promise<WriteOutcome<string>[]>; keeps: boolean }[] = [
  { name: 'answered', send: async () => [ok, ok], keeps: false },
  { name: 'refused (known: not made)', send: async () => [ok, refused], keeps: false },
  { name: 'one answer of two lost', send: async () => [ok, lost], keeps: true },
  {
    name: 'failed after it went out',
    send: async () => Promise.reject(new Error('socket hang up')),
    keeps: true,
  },
];

describe('a holder keeps the turn the settle past a write of unknown outcome, counted from its answer', () => {
  test.each(CALLS)('$name', async ({ send, keeps }) => {
    const clock = new ManualClock('2026-12-07T18:00:00.000Z');
    const sends = turnSends(clock);
    expect(sends.keepMs(SETTLE)).toBe(0);
    // The call takes 10 s to answer: the settle counts from its answer (no earlier than its send).
    const out = sends.sending(async () => {
      clock.advance(10_000);
      return send();
    });
    await out.catch(() => undefined);
    expect(sends.keepMs(SETTLE)).toBe(keeps ? SETTLE : 0);
    clock.advance(SETTLE - 1_000);
    expect(sends.keepMs(SETTLE)).toBe(keeps ? 1_000 : 0);
    clock.advance(1_000);
    expect(sends.keepMs(SETTLE)).toBe(0);
  });

  test('a later call answered does not end the keep of an earlier one lost (a run’s next group)', async () => {
    const clock = new ManualClock('2026-12-07T18:00:00.000Z');
    const sends = turnSends(clock);
    await sends.sending(async () => [lost]);
    clock.advance(20_000);
    await sends.sending(async () => [ok]);
    expect(sends.keepMs(SETTLE)).toBe(SETTLE - 20_000);
  });
});

describe('letGoOfTurn', () => {
  const calls: string[] = [];
  const store = (inFlight: boolean) =>
    ({
      releaseLease: async (...a: unknown[]) => void calls.push(`release ${JSON.stringify(a)}`),
      renewLease: async (...a: unknown[]) => {
        calls.push(`renew ${JSON.stringify(a)}`);
        return true;
      },
      ...(inFlight
        ? { releaseInFlight: async (...a: unknown[]) => void calls.push(`inFlight ${JSON.stringify(a)}`) }
        : {}),
    }) as unknown as SyncStateStore;
  const clock = { now: () => '2026-12-07T18:00:00.000Z' };
  test.each([
    { keepMs: 0, inFlight: true, call: 'release ["k","o","t"]' },
    { keepMs: 0, inFlight: false, call: 'release ["k","o","t"]' },
    { keepMs: 5_000, inFlight: true, call: 'inFlight ["k","o","t"]' },
    { keepMs: 5_000, inFlight: false, call: 'renew ["k","o","2026-12-07T18:00:00.000Z",5000,"t"]' },
  ])('keep $keepMs ms, a store with releaseInFlight: $inFlight', async ({ keepMs, inFlight, call }) => {
    calls.length = 0;
    await letGoOfTurn(store(inFlight), clock, 'k', 'o', 't', keepMs);
    expect(calls).toEqual([call]);
  });
});
