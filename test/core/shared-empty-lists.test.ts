import { describe, expect, test } from '@jest/globals';
import { toBcContact } from '../../src/bc/bc-wire.js';
import { sharedEmptyList } from '../../src/core/empty-list.js';
import { compileFilter } from '../../src/core/filter/index.js';
import { viewUnlinked } from '../../src/core/pair.js';
import { outOfScopeReasons } from '../../src/core/scope.js';
import { haveSameMap } from '../support/same-map.js';

// Issue 12: a list shared by values that hold none has the hidden class of the lists read or made
// beside it, so code the planner compiled over the one is not thrown away when it meets the other
// (--trace-deopt "wrong map": the scope lists of linked contacts, all empty at scale, then of
// unlinked ones out of scope). One row per shared empty list of the planner's hot paths; the
// adapter's (contacts read from Graph) are held in test/graph/contact-mapping-shared.test.ts.

const filter = compileFilter({ city: "<>Stockholm&<>''" });
if (!filter.ok) throw new Error('filter');
const bc = (city: string) =>
  toBcContact(
    JSON.parse(
      JSON.stringify({ id: `b-${city}`, type: 'Person', displayName: 'Ann Lee', email: 'ann@x.com', city }),
    ),
  );
const outOfScope = outOfScopeReasons(bc('Stockholm'), filter.filter);

describe('shared empty lists have the class of the lists they stand beside', () => {
  test.each([
    [
      'sharedEmptyList, beside a list of strings',
      () => sharedEmptyList<string>(),
      () => ['a', 'b'].filter(() => true),
    ],
    [
      'sharedEmptyList, beside a list of records',
      () => sharedEmptyList<object>(),
      () => [{ a: 1 }].map((x) => x),
    ],
    [
      'scope: no reason (in scope), beside reasons',
      () => outOfScopeReasons(bc('Oslo'), filter.filter),
      () => outOfScope,
    ],
    [
      'an Outlook-only pair has no scope reason, beside reasons',
      () =>
        viewUnlinked({
          kind: 'outlookOnly',
          outlook: { id: 'o', changeKey: 'k', bcId: '' } as never,
          fields: {} as never,
          refusals: [],
        }).scopeReasons,
      () => outOfScope,
    ],
  ] as const)('%s', (_name, empty, held) => {
    const e: readonly unknown[] = empty();
    const h: readonly unknown[] = held();
    expect(e.length).toBe(0);
    expect(h.length).toBeGreaterThan(0);
    expect(haveSameMap(e, h)).toBe(true);
  });
});
