import { describe, expect, test } from '@jest/globals';
import { mergeFields, nextBase } from '../../src/core/merge.js';
import { emptySyncFields } from '../../src/core/model.js';

const base = { ...emptySyncFields(), displayName: 'Ann', jobTitle: 'Buyer', city: 'Oslo' };

describe('three-way merge', () => {
  test('a field changed on one side only takes that side’s value on both', () => {
    const r = mergeFields(
      base,
      { ...base, city: 'Bergen' },
      { ...base, jobTitle: 'CEO' },
      { policy: 'bcWins' },
    );
    expect(r.bc).toEqual({ ...base, city: 'Bergen', jobTitle: 'CEO' });
    expect(r.outlook).toEqual(r.bc);
    expect(r.conflicts).toEqual([]);
  });

  test('the same new value on both sides is not a conflict', () => {
    const r = mergeFields(
      base,
      { ...base, city: 'Bergen' },
      { ...base, city: 'Bergen' },
      { policy: 'manual' },
    );
    expect(r.conflicts).toEqual([]);
  });

  test.each([
    ['bcWins', 'BC', 'BC', 'bc'],
    ['outlookWins', 'OL', 'OL', 'outlook'],
    ['manual', 'BC', 'OL', 'none'],
  ] as const)('both sides changed under %s', (policy, bcAfter, olAfter, winner) => {
    const r = mergeFields(base, { ...base, jobTitle: 'BC' }, { ...base, jobTitle: 'OL' }, { policy });
    expect([r.bc.jobTitle, r.outlook.jobTitle]).toEqual([bcAfter, olAfter]);
    expect(r.conflicts).toEqual([{ field: 'jobTitle', base: 'Buyer', bc: 'BC', outlook: 'OL', winner }]);
  });

  test('an Outlook-only change reaches BC (delta and full alike, design §2)', () => {
    const r = mergeFields(base, base, { ...base, city: 'Bergen' }, { policy: 'bcWins' });
    expect(r.bc.city).toBe('Bergen');
    expect(r.outlook.city).toBe('Bergen');
  });

  test('the next base keeps the old value where the sides still differ', () => {
    const nb = nextBase(base, { ...base, city: 'A', jobTitle: 'X' }, { ...base, city: 'B', jobTitle: 'X' });
    expect(nb).toEqual({ ...base, city: 'Oslo', jobTitle: 'X' });
  });
});
