import { describe, expect, test } from '@jest/globals';
import { LEASE_TTL_MS, createTurnKey } from '../../src/core/lease.js';
import { MemoryTurnHoldRecords } from '../../src/core/turn-hold-records.js';
import type { TurnHoldRecord } from '../../src/core/turn-hold-records.js';
import { TurnHolds } from '../../src/server/sync/turn-holds.js';

// Review (trust leftovers, item 1): TurnHolds noted a place `acquired` reserved inside the
// decision of its conditional write, before the write landed, and `placed`/`notPlaced` took it
// out only once they had read the store. Every throwing path in between — the reserving write
// failing or losing WRITE_ATTEMPTS times (503), a write lost then refused, the settling read
// failing — left the entry in the process's map for good. The kind: every reservation is given
// back on every path (noted only once its write landed; taken out before any read that may throw).

const COMPANY = 'c0ffee00-0000-0000-0000-0000000000cc';
const KEY = createTurnKey(COMPANY, 2);
const T0 = 5_000_000;

/** The store's records, with faults switched on by the row. */
class FaultyRecords extends MemoryTurnHoldRecords {
  readThrows = false;
  writeThrows = false;
  writesLost = 0;
  /** Written by "another process" just before this one's next write (then cleared). */
  before: { id: string; record: TurnHoldRecord } | null = null;

  override async read(id: string) {
    if (this.readThrows) throw new Error('store down (read)');
    return super.read(id);
  }

  override async write(id: string, rev: number, next: TurnHoldRecord | null, nowMs: number) {
    if (this.writeThrows) throw new Error('store down (write)');
    if (this.before !== null) {
      const other = this.before;
      this.before = null;
      const { rev: at } = await super.read(other.id);
      await super.write(other.id, at, other.record, nowMs);
    }
    if (this.writesLost > 0) {
      this.writesLost--;
      return false;
    }
    return super.write(id, rev, next, nowMs);
  }
}

/** The reservations the holds still keep (private: read as the test's window on the leak). */
const pending = (holds: TurnHolds): number => (holds['reservations'] as Map<string, unknown>).size;
const stayOf = async (records: MemoryTurnHoldRecords) =>
  (await records.read(JSON.stringify(['stay', COMPANY, 'ann']))).record;

type Row = [
  name: string,
  /** Faults before `acquired`. */
  atAcquire: (r: FaultyRecords) => void,
  /** Faults before the route settles (after a granted acquisition), and how it settles. */
  atSettle: ((r: FaultyRecords) => void) | null,
  settle: 'placed' | 'notPlaced',
];

const rows: Row[] = [
  ['the reserving write throws', (r) => (r.writeThrows = true), null, 'notPlaced'],
  ['every reserving write lost (503)', (r) => (r.writesLost = 8), null, 'notPlaced'],
  [
    'a reserving write lost, then refused: another owner of the user took a place between',
    (r) => {
      r.writesLost = 1;
      r.before = {
        id: JSON.stringify(['stay', COMPANY, 'ann']),
        record: {
          userId: 'ann',
          owner: 'other-tab',
          sinceMs: T0,
          untilMs: T0 + 20_000,
          barredMs: null,
          forgetMs: T0 + 40_000,
        },
      };
    },
    null,
    'notPlaced',
  ],
  [
    'granted, the take failed, and the give-back read throws',
    () => undefined,
    (r) => (r.readThrows = true),
    'notPlaced',
  ],
  ['granted, taken, and the placed read throws', () => undefined, (r) => (r.readThrows = true), 'placed'],
  ['granted, taken, and the placed write throws', () => undefined, (r) => (r.writeThrows = true), 'placed'],
];

describe('a reserved place in the create turn line is given back on every path (trust item 1)', () => {
  test.each(rows)('%s: no reservation is left', async (_name, atAcquire, atSettle, settle) => {
    const records = new FaultyRecords();
    const holds = new TurnHolds(records);
    atAcquire(records);
    const granted = await holds.acquired(KEY, 'tab', T0, LEASE_TTL_MS, 'ann').catch(() => 'thrown' as const);
    if (typeof granted === 'number') {
      atSettle?.(records);
      await (
        settle === 'placed'
          ? holds.placed(KEY, 'tab', T0, 2, granted, 'ann')
          : holds.notPlaced(KEY, 'tab', T0, 'ann')
      ).catch(() => undefined);
    }
    expect(pending(holds)).toBe(0);
  });

  test('the example: an acquisition whose reserving write throws leaves no reservation', async () => {
    const records = new FaultyRecords();
    const holds = new TurnHolds(records);
    records.writeThrows = true;
    await expect(holds.acquired(KEY, 'tab', T0, LEASE_TTL_MS, 'ann')).rejects.toThrow('store down (write)');
    expect(pending(holds)).toBe(0);
  });

  test('given back with no fault: the stay is again what it was (none), and nothing is left', async () => {
    const records = new FaultyRecords();
    const holds = new TurnHolds(records);
    expect(await holds.acquired(KEY, 'tab', T0, LEASE_TTL_MS, 'ann')).toBe(LEASE_TTL_MS);
    expect(await stayOf(records)).not.toBeNull();
    await holds.notPlaced(KEY, 'tab', T0, 'ann');
    expect(await stayOf(records)).toBeNull();
    expect(pending(holds)).toBe(0);
  });

  test('given back after a renewal changed the stay: the renewal is kept', async () => {
    const records = new FaultyRecords();
    const holds = new TurnHolds(records);
    await holds.acquired(KEY, 'tab', T0, LEASE_TTL_MS, 'ann');
    await holds.renewal(KEY, 'tab', T0 + 1_000, LEASE_TTL_MS, 'ann');
    await holds.notPlaced(KEY, 'tab', T0, 'ann');
    expect(await stayOf(records)).toMatchObject({ owner: 'tab', untilMs: T0 + 1_000 + LEASE_TTL_MS });
    expect(pending(holds)).toBe(0);
  });
});
