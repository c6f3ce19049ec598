import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { compileFilter } from '../../src/core/filter/index.js';
import { previewScope } from '../../src/core/scope.js';
import type { ScopeSubject } from '../../src/core/scope.js';

// The settings preview's reason counts are a partition (issue 8): a contact out of scope for several
// reasons counts once, so the parts never sum past the total and each part is at most the total.

const contact: fc.Arbitrary<ScopeSubject & { city: string }> = fc.record({
  type: fc.constantFrom('Person' as const, 'Company' as const),
  displayName: fc.constantFrom('', 'Ann Lee', 'Bo Lind'),
  email: fc.constantFrom('', 'a@contoso.com'),
  privacyBlocked: fc.boolean(),
  city: fc.constantFrom('Lyon', 'Oslo', ''),
});

describe('scope preview counts', () => {
  test('a company contact without e-mail outside the filter counts once, as a company contact', () => {
    const f = compileFilter({ city: 'Lyon' });
    if (!f.ok) throw new Error('filter');
    const p = previewScope(
      [{ type: 'Company', displayName: 'X', email: '', privacyBlocked: false }],
      f.filter,
    );
    expect(p.outOfScope).toEqual({
      companyContact: 1,
      privacyBlocked: 0,
      noName: 0,
      noEmail: 0,
      excludedByFilter: 0,
    });
  });

  test('property: the reason counts partition the contacts out of scope; each field count ≤ excluded by filter', () => {
    fc.assert(
      fc.property(fc.array(contact, { maxLength: 30 }), fc.constantFrom('', 'Lyon', 'O*'), (cs, city) => {
        const f = compileFilter(city === '' ? {} : { city });
        if (!f.ok) throw new Error('filter');
        const p = previewScope(cs, f.filter);
        const parts = Object.values(p.outOfScope);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(p.total - p.matching);
        for (const n of parts) expect(n).toBeLessThanOrEqual(p.total);
        for (const n of Object.values(p.byField))
          expect(n).toBeLessThanOrEqual(p.outOfScope.excludedByFilter);
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 200), seed: Number(process.env.PROP_SEED ?? 8031) },
    );
  });
});
