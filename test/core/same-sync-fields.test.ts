import { describe, expect, test } from '@jest/globals';
import { SYNC_FIELDS, emptySyncFields, sameSyncFields } from '../../src/core/model.js';
import type { SyncFields } from '../../src/core/model.js';

// sameSyncFields reads each field by name on its fast path (issue 12, planner time): a field left
// out there would make two contacts that differ only in it "the same". One row per field.

const filled = (): SyncFields => {
  const f = emptySyncFields();
  for (const k of SYNC_FIELDS) f[k] = `value of ${k}`;
  return f;
};

describe('sameSyncFields over every field', () => {
  test.each([...SYNC_FIELDS])('%s alone differing makes the contacts differ', (field) => {
    const a = filled();
    const b = { ...filled(), [field]: 'something else' };
    expect(sameSyncFields(a, b)).toBe(false);
    expect(sameSyncFields(b, a)).toBe(false);
    // A contact with more properties (a BcContact) compares by its sync fields only.
    expect(sameSyncFields({ ...a, id: 'x', etag: 'W/"1"' } as SyncFields, filled())).toBe(true);
  });

  test.each([...SYNC_FIELDS])('%s in another Unicode form (NFD) is the same value', (field) => {
    const a = { ...filled(), [field]: 'Jyv\u00e4skyl\u00e4' };
    const b = { ...filled(), [field]: 'Jyva\u0308skyla\u0308' };
    expect(sameSyncFields(a, b)).toBe(true);
  });
});
