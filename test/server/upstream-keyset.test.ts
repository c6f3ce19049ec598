import { describe, expect, test } from '@jest/globals';
import { afterFilter, tenantOrderBy } from '../../src/server/bc-api/upstream-keyset.js';

// A tenant is asked for the contacts after a nextLink's position with a $filter in a total order
// that ends with number (BC's primary key), never with an id comparison.
const ID = '0f0e0d0c-0b0a-4908-8706-050403020100';

describe('the keyset filter and order a tenant is asked for', () => {
  test.each([
    ['default order (number)', [], ["CT'1"], "(number gt 'CT''1')", null],
    [
      'displayName desc, then number',
      [{ field: 'displayName', desc: true }],
      ['Bo'],
      "(displayName lt 'Bo') or (displayName eq 'Bo' and number gt 'CT9')",
      'displayName desc,number asc',
    ],
    [
      'a boolean at false (asc): only true is after it',
      [{ field: 'privacyBlocked', desc: false }],
      [false],
      "(privacyBlocked eq true) or (privacyBlocked eq false and number gt 'CT9')",
      'privacyBlocked asc,number asc',
    ],
    [
      'a boolean at its end: only the number decides',
      [{ field: 'privacyBlocked', desc: false }],
      [true],
      "(privacyBlocked eq true and number gt 'CT9')",
      'privacyBlocked asc,number asc',
    ],
    [
      'number first: later terms never decide',
      [
        { field: 'number', desc: true },
        { field: 'city', desc: false },
      ],
      ['CT5', 'Oslo'],
      "(number lt 'CT5')",
      'number desc,city asc',
    ],
    [
      'a datetime is a bare literal',
      [{ field: 'lastModifiedDateTime', desc: false }],
      ['2026-01-01T00:00:00.000Z'],
      "(lastModifiedDateTime gt 2026-01-01T00:00:00.000Z) or (lastModifiedDateTime eq 2026-01-01T00:00:00.000Z and number gt 'CT9')",
      'lastModifiedDateTime asc,number asc',
    ],
  ] as const)('%s', (_name, orderBy, values, filter, order) => {
    const number = values.length === 1 && orderBy.length === 0 ? String(values[0]) : 'CT9';
    expect(afterFilter(orderBy, { values, number, id: ID })).toBe(filter);
    expect(tenantOrderBy(orderBy)).toBe(order);
  });
});
