import { describe, expect, test } from '@jest/globals';
import { heldStill } from '../../src/bc/offset-reads.js';

// A list read by offsets missed no row only when nothing a closing round reports moved a row: a
// deletion, a renumbered row (BC orders the list by number; BC's PATCH may rename a contact, the
// facade refuses it, so read-in-full cannot show it) or a row the lanes did not read at all.

const read = new Map([
  ['a', { id: 'a', number: 'CT1' }],
  ['b', { id: 'b', number: 'CT2' }],
]);

describe('heldStill (issue 12 §2)', () => {
  test('rows changed in place keep the offsets', () => {
    expect(heldStill(read, [])).toBe(true);
    expect(heldStill(read, [{ id: 'b', number: 'CT2', jobTitle: 'Buyer' }])).toBe(true);
  });

  test.each([
    ['deleted', { '@removed': { reason: 'deleted' }, id: 'a' }],
    ['renumbered', { id: 'a', number: 'CT9' }],
    ['not read by any lane', { id: 'c', number: 'CT0' }],
  ])('a row %s may have shifted another past a page edge', (_what, row) => {
    expect(heldStill(read, [row])).toBe(false);
  });
});
