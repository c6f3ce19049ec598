/**
 * Review of b6d0dc0 (issue 12 §2: a group's write calls announced in one save of the record,
 * uncertain-writes.ts coalescedAnnounce). F114 must hold for every call, whenever it is counted:
 * a call goes out only once a save whose record counts it has landed — calls counted in one
 * synchronous stretch share one save; a call counted while that save is already being made (its
 * record taken) waits for a save of its own, not for the one that left it out. A save that fails
 * sends none of the calls waiting for it, and leaves none of them counted.
 */
import { describe, expect, test } from '@jest/globals';
import type { SideCounts } from '../../src/core/records.js';
import { zeroCounts } from '../../src/core/records.js';
import { coalescedAnnounce, sending } from '../../src/core/uncertain-writes.js';
import type { UncertainLedger, WriteCounts } from '../../src/core/uncertain-writes.js';

/** A ledger whose announce saves a copy of the counts taken when the save starts (as run.ts's checkpoint). */
function savingLedger(fail: () => boolean = () => false) {
  const uncertain: WriteCounts = zeroCounts();
  const saves: SideCounts[] = [];
  // Save i lands once the test lets it (`land(i)`): no wall-clock pause decides what overlaps.
  const gates: { promise: Promise<void>; open: () => void }[] = [];
  const gate = (i: number) => {
    while (gates.length <= i) {
      let open = (): void => undefined;
      const promise = new Promise<void>((resolve) => (open = resolve));
      gates.push({ promise, open });
    }
    return gates[i]!;
  };
  let landed: SideCounts | null = null;
  const announce = async () => {
    const taken = { ...uncertain.outlook };
    const i = saves.push(taken) - 1;
    if (fail()) throw new Error('save refused');
    await gate(i).promise;
    landed = taken;
  };
  const ledger: UncertainLedger = { uncertain, announce: coalescedAnnounce(announce) };
  return { ledger, uncertain, saves, landed: () => landed, land: (i: number) => gate(i).open() };
}

describe('coalesced announces keep F114 for every call', () => {
  test('calls of one stretch share one save; a call counted after it began gets its own', async () => {
    const { ledger, saves, landed, uncertain, land } = savingLedger();
    const out: string[] = [];
    /** A call of `n` items of `kind`: when it goes out, the landed save must count it. */
    const call = (kind: keyof SideCounts, n: number) =>
      sending(ledger, 'outlook', kind, Array.from({ length: n }), async () => {
        out.push(kind);
        expect([kind, (landed()?.[kind] ?? 0) >= n]).toStrictEqual([kind, true]);
        return [];
      });
    const first = [call('created', 2), call('updated', 3)];
    // Counted once the shared save has started (its record taken): a microtask later.
    await Promise.resolve();
    await Promise.resolve();
    expect(saves).toHaveLength(1);
    const late = call('deleted', 1);
    land(0);
    land(1);
    await Promise.all([...first, late]);
    expect(out.sort()).toStrictEqual(['created', 'deleted', 'updated']);
    expect(saves).toHaveLength(2);
    expect(saves[0]).toStrictEqual({ created: 2, updated: 3, deleted: 0 });
    expect(saves[1]?.deleted).toBe(1);
    expect(uncertain.outlook).toStrictEqual({ created: 0, updated: 0, deleted: 0 });
  });

  test('a refused save sends none of the calls that waited for it and leaves nothing counted', async () => {
    const { ledger, uncertain } = savingLedger(() => true);
    let sent = 0;
    const call = (kind: keyof SideCounts) =>
      sending(ledger, 'outlook', kind, [1], async () => {
        sent += 1;
        return [];
      });
    const results = await Promise.allSettled([call('created'), call('updated'), call('deleted')]);
    expect(results.map((r) => r.status)).toStrictEqual(['rejected', 'rejected', 'rejected']);
    expect(sent).toBe(0);
    expect(uncertain.outlook).toStrictEqual({ created: 0, updated: 0, deleted: 0 });
  });
});
