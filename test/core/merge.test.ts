import { describe, expect, test } from '@jest/globals';
import { mergeFields, nextBase } from '../../src/core/merge.js';
import type { ConflictPolicy } from '../../src/core/merge.js';
import { emptySyncFields } from '../../src/core/model.js';

const base = { ...emptySyncFields(), displayName: 'Ann', jobTitle: 'Buyer', city: 'Oslo' };
type Change = Partial<typeof base>;

/** The merge of a change on each side of `base` under `policy`. */
const merged = (bc: Change, outlook: Change, policy: ConflictPolicy) =>
  mergeFields(base, { ...base, ...bc }, { ...base, ...outlook }, { policy });

describe('three-way merge', () => {
  test('a field changed on one side only takes that side’s value on both', () => {
    const r = merged({ city: 'Bergen' }, { jobTitle: 'CEO' }, 'bcWins');
    expect(r.bc).toEqual({ ...base, city: 'Bergen', jobTitle: 'CEO' });
    expect(r.outlook).toEqual(r.bc);
    expect(r.conflicts).toEqual([]);
  });

  test('the same new value on both sides is not a conflict', () => {
    const r = merged({ city: 'Bergen' }, { city: 'Bergen' }, 'manual');
    expect(r.conflicts).toEqual([]);
  });

  test.each([
    ['bcWins', 'BC', 'BC', 'bc'],
    ['outlookWins', 'OL', 'OL', 'outlook'],
    ['manual', 'BC', 'OL', 'none'],
  ] as const)('both sides changed under %s', (policy, bcAfter, olAfter, winner) => {
    const r = merged({ jobTitle: 'BC' }, { jobTitle: 'OL' }, policy);
    expect([r.bc.jobTitle, r.outlook.jobTitle]).toEqual([bcAfter, olAfter]);
    expect(r.conflicts).toEqual([{ field: 'jobTitle', base: 'Buyer', bc: 'BC', outlook: 'OL', winner }]);
  });

  test('an Outlook-only change reaches BC (delta and full alike, design §2)', () => {
    const r = merged({}, { city: 'Bergen' }, 'bcWins');
    expect(r.bc.city).toBe('Bergen');
    expect(r.outlook.city).toBe('Bergen');
  });

  test('the next base keeps the old value where the sides still differ', () => {
    const nb = nextBase(base, { ...base, city: 'A', jobTitle: 'X' }, { ...base, city: 'B', jobTitle: 'X' });
    expect(nb).toEqual({ ...base, city: 'Oslo', jobTitle: 'X' });
  });
});
