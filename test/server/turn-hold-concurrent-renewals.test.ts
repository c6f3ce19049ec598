import { describe, expect, test } from '@jest/globals';
import { LEASE_TTL_MS, createTurnKey } from '../../src/core/lease.js';
import { TurnHolds } from '../../src/server/sync/turn-holds.js';
import { MemoryTurnHoldRecords } from '../../src/core/turn-hold-records.js';
import { HttpError } from '../../src/server/http-error.js';

// Review V11 (8231066), the example: TurnHolds counts a create turn's holds and line stays in a store record,
// each change a read and a conditional write retried WRITE_ATTEMPTS (8) times, then a plain Error
// ("… is changing too fast to count") — a 500 Internal from the lease routes. One client's
// concurrent renewals of its place (the pane renews on a timer and after each beat; a retry after a
// lost answer; two tabs) contend on one record: past 8 contenders one request gets no answer but a
// 500. The guide: refusals are data (a 4xx or a `reason`), never a 500.

const COMPANY = 'c0ffee00-0000-0000-0000-0000000000bb';
const T0 = 1_000_000;

describe('concurrent renewals of one stay in the create turn’s line (V11)', () => {
  test('20 at once: each answered (a length or a refusal), none thrown', async () => {
    const holds = new TurnHolds();
    const key = createTurnKey(COMPANY, 1);
    expect(await holds.acquired(key, 'tab', T0, LEASE_TTL_MS, 'ann')).toBe(LEASE_TTL_MS);
    await holds.placed(key, 'tab', T0, 1, LEASE_TTL_MS, 'ann');
    const answers = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => holds.renewal(key, 'tab', T0 + 1_000 + i, LEASE_TTL_MS, 'ann')),
    );
    const thrown = answers.filter((a) => a.status === 'rejected').length;
    expect(thrown).toBe(0);
  });

  test('other processes winning every write: a 503 with Retry-After, not a plain error', async () => {
    const records = new MemoryTurnHoldRecords();
    let losing = false;
    // Once set, every conditional write loses, as when other processes' writes always come first.
    const contended = Object.assign(Object.create(records) as MemoryTurnHoldRecords, {
      write: (...a: Parameters<MemoryTurnHoldRecords['write']>) =>
        losing ? Promise.resolve(false) : records.write(...a),
    });
    const holds = new TurnHolds(contended);
    const key = createTurnKey(COMPANY, 1);
    expect(await holds.acquired(key, 'tab', T0, LEASE_TTL_MS, 'ann')).toBe(LEASE_TTL_MS);
    await holds.placed(key, 'tab', T0, 1, LEASE_TTL_MS, 'ann');
    losing = true;
    const error = await holds.released(key, 'tab', T0 + 1_000, 'ann').then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 503, code: 'ServiceUnavailable', headers: { 'retry-after': '1' } });
  });
});
