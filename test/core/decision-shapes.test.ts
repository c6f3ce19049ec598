import { describe, expect, test } from '@jest/globals';
import { toBcContact } from '../../src/bc/bc-wire.js';
import { compileFilter } from '../../src/core/filter/index.js';
import { pairContext } from '../../src/core/pair.js';
import type { Pair } from '../../src/core/pair.js';
import { decidePair } from '../../src/core/pair-table.js';
import { haveSameMap } from '../support/same-map.js';

// Issue 12: every decision the table makes is of one hidden class, the shared "nothing to do" ones
// included, so the planner's collector, compiled over the links' decisions (which rarely decide
// nothing), is not thrown away at the first unlinked pair that does (--trace-deopt "wrong map" in
// the collector's `add`: the shared decisions were frozen, a class of their own).

const filter = compileFilter({ city: "<>Stockholm&<>''" });
if (!filter.ok) throw new Error('filter');
const ctx = pairContext({ policy: 'bcWins', filter: filter.filter });
const bc = (city: string) =>
  toBcContact(
    JSON.parse(
      JSON.stringify({ id: `b-${city}`, type: 'Person', displayName: 'Ann Lee', email: 'ann@x.com', city }),
    ),
  );
const bcOnly = (city: string): Pair => {
  const contact = bc(city);
  return { kind: 'bcOnly', bc: contact, scopeReasons: ctx.scope(contact) };
};

describe('decisions are of one hidden class', () => {
  test('a shared "nothing to do" decision (scope.filteredOut) and a decision that writes (create.inOutlook)', () => {
    const nothing = decidePair(bcOnly('Stockholm'), ctx);
    const writes = decidePair(bcOnly('Oslo'), ctx);
    expect(nothing.rule).toBe('scope.filteredOut');
    expect(nothing.items).toHaveLength(0);
    expect(writes.rule).toBe('create.inOutlook');
    expect(writes.items).toHaveLength(1);
    expect(haveSameMap(nothing, writes)).toBe(true);
    // The shared one is shared: the same rule decides with the same object again.
    expect(decidePair(bcOnly('Stockholm'), ctx)).toBe(nothing);
  });
});
