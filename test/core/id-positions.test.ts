import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { IdPositions } from '../../src/core/id-positions.js';

// Issue 12 §2 (planner 100,000 × 100,000): the planner's id index is a table of integers, not a
// Map. It must answer as the Map it replaced did: each id's last position, the number of distinct
// ids, and the ids' positions in the order of their first appearance (Map's insertion order).

/** The Map the planner built before: `set(id, i)` for every position, a later duplicate winning. */
function oracle(ids: readonly string[]) {
  const at = new Map<string, number>();
  ids.forEach((id, i) => at.set(id, i));
  return at;
}

function visited(table: IdPositions): number[] {
  const out: number[] = [];
  table.forEachPosition((i) => out.push(i));
  return out;
}

// Few distinct ids (repeats are common), ids differing only in their middle, long Exchange-like
// ids, surrogates and the empty id.
const id = fc.oneof(
  fc.constantFrom('', 'a', 'b', 'ab', 'ba', 'x\ud83d\ude00', '\u0000'),
  fc.nat({ max: 40 }).map((n) => `AAMkAG${String(n).padStart(3, '0')}${'Q'.repeat(140)}AAA=`),
  fc.string({ maxLength: 6 }),
);

describe('IdPositions answers as a Map of each id to its last position', () => {
  test('property: any list of ids, any id asked', () => {
    fc.assert(
      fc.property(fc.array(id, { maxLength: 200 }), fc.array(id, { maxLength: 20 }), (ids, asked) => {
        const table = new IdPositions(ids);
        const at = oracle(ids);
        expect(table.size).toBe(at.size);
        for (const x of [...ids, ...asked]) expect(table.positionOf(x)).toBe(at.get(x) ?? -1);
        expect(visited(table)).toEqual([...at.values()]);
      }),
      { numRuns: 1000, seed: 1212 },
    );
  });

  test('the example: a repeated id is found at its last position, visited where it first stood', () => {
    const table = new IdPositions(['b1', 'a1', 'b1', 'c1', 'a1']);
    expect([table.positionOf('a1'), table.positionOf('b1'), table.positionOf('c1')]).toEqual([4, 2, 3]);
    expect(table.positionOf('d1')).toBe(-1);
    expect(table.size).toBe(3);
    expect(visited(table)).toEqual([2, 4, 3]);
  });

  test('100,000 ids that differ only in their last characters are each found at their own position', () => {
    const ids = Array.from(
      { length: 100_000 },
      (_, i) => `${'A'.repeat(140)}${i.toString(36).padStart(12, '0')}`,
    );
    const table = new IdPositions(ids);
    expect(table.size).toBe(ids.length);
    for (let i = 0; i < ids.length; i += 997) expect(table.positionOf(ids[i]!)).toBe(i);
    expect(table.positionOf(`${'A'.repeat(140)}zzzzzzzzzzzz`)).toBe(-1);
  });

  test('ids alike in every character the sampled hash reads are still each found (hashed again in full)', () => {
    // 152 characters that differ only in characters 1-3 of the head, which the sample skips.
    const ids = Array.from(
      { length: 20_000 },
      (_, i) => `A${i.toString(36).padStart(3, '0')}${'Q'.repeat(148)}`,
    );
    const table = new IdPositions([...ids, ids[7]!]);
    expect(table.size).toBe(ids.length);
    for (let i = 0; i < ids.length; i += 97) expect(table.positionOf(ids[i]!)).toBe(i);
    expect(table.positionOf(ids[7]!)).toBe(ids.length);
    expect(table.positionOf(`Azzzz${'Q'.repeat(147)}`)).toBe(-1);
  });
});
