import { describe, expect, test } from '@jest/globals';
import { mergeFields, movedFromBase } from '../../src/core/merge.js';
import { SYNC_FIELDS, emptySyncFields } from '../../src/core/model.js';
import type { SyncFields } from '../../src/core/model.js';

// mergeFields reads by key only the fields movedFromBase marks (issue 12, planner time): a bit
// that named another field would leave a change unmerged. One row per field, each side alone.

const filled = (): SyncFields => {
  const f = emptySyncFields();
  for (const k of SYNC_FIELDS) f[k] = `value of ${k}`;
  return f;
};

describe('movedFromBase marks each field at its SYNC_FIELDS position', () => {
  test.each(SYNC_FIELDS.map((f, i) => [f, i] as const))('%s is bit %i, on either side', (field, i) => {
    const base = filled();
    const changed = { ...filled(), [field]: 'changed' };
    expect(movedFromBase(base, changed, filled())).toBe(1 << i);
    expect(movedFromBase(base, filled(), changed)).toBe(1 << i);
    expect(movedFromBase(base, filled(), filled())).toBe(0);
  });

  test.each([...SYNC_FIELDS])('%s changed on one side alone reaches the other', (field) => {
    const base = filled();
    const changed = { ...filled(), [field]: 'changed' };
    const toOutlook = mergeFields(base, changed, filled(), { policy: 'bcWins' });
    expect(toOutlook.outlook).toEqual(changed);
    expect(toOutlook.bc).toEqual(changed);
    const toBc = mergeFields(base, filled(), changed, { policy: 'bcWins' });
    expect(toBc.bc).toEqual(changed);
    expect(toBc.conflicts).toEqual([]);
  });

  test.each([...SYNC_FIELDS])('%s changed on both sides to different values is a conflict', (field) => {
    const merged = mergeFields(
      filled(),
      { ...filled(), [field]: 'in BC' },
      { ...filled(), [field]: 'in Outlook' },
      { policy: 'manual' },
    );
    expect(merged.conflicts).toEqual([
      { field, base: `value of ${field}`, bc: 'in BC', outlook: 'in Outlook', winner: 'none' },
    ]);
  });
});
