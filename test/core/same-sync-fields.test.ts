import { describe, expect, test } from '@jest/globals';
import {
  SYNC_FIELDS,
  emptySyncFields,
  pickSyncFields,
  sameSyncFields,
  syncFieldsFrom,
} from '../../src/core/model.js';
import { syncFieldValues } from '../../src/core/bc-field-rules.js';
import { nextBase } from '../../src/core/merge.js';
import { bcToSyncFields } from '../../src/core/mapping.js';
import type { BcContact } from '../../src/core/model.js';
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

// Every record builder goes through syncFieldsFrom's one literal (issue 12: planner allocations): a
// field left out or misspelled there would drop a value from every record. One row per field, and
// the builders that use it, each with its key order (stored bases are JSON in this order).
describe('syncFieldsFrom builds every field, in SYNC_FIELDS order', () => {
  test('its keys are exactly SYNC_FIELDS, in order (and those of the records written out by name)', () => {
    expect(Object.keys(syncFieldsFrom((f) => f))).toEqual([...SYNC_FIELDS]);
    // The values by position, read by name (validateForBc): position i is SYNC_FIELDS[i]'s.
    expect(syncFieldValues(syncFieldsFrom((f) => f))).toEqual([...SYNC_FIELDS]);
    const contact = { ...filled(), id: 'x', etag: 'W/"1"' };
    expect(Object.keys(pickSyncFields(contact))).toEqual([...SYNC_FIELDS]);
    expect(Object.keys(pickSyncFields({} as SyncFields))).toEqual([...SYNC_FIELDS]);
    expect(Object.values(pickSyncFields({} as SyncFields))).toEqual(SYNC_FIELDS.map(() => ''));
  });

  test.each([...SYNC_FIELDS])('%s holds its own value in every builder', (field) => {
    const source = filled();
    const contact = { ...source, id: 'x', etag: 'W/"1"' } as unknown as BcContact;
    expect(syncFieldsFrom((f) => `value of ${f}`)[field]).toBe(`value of ${field}`);
    expect(pickSyncFields(contact)[field]).toBe(`value of ${field}`);
    expect(bcToSyncFields(source)[field]).toBe(`value of ${field}`);
    expect(bcToSyncFields(contact)[field]).toBe(`value of ${field}`);
    expect(syncFieldValues(contact)[SYNC_FIELDS.indexOf(field)]).toBe(`value of ${field}`);
    expect(nextBase(emptySyncFields(), source, source)[field]).toBe(`value of ${field}`);
    expect(emptySyncFields()[field]).toBe('');
  });

  test.each([...SYNC_FIELDS])('%s differing between the sides keeps its old base (none: empty)', (field) => {
    const old = { ...filled(), [field]: 'old' };
    const bc = { ...filled(), [field]: 'in BC' };
    const outlook = { ...filled(), [field]: 'in Outlook' };
    expect(nextBase(old, bc, outlook)).toEqual({ ...filled(), [field]: 'old' });
    expect(nextBase(null, bc, outlook)).toEqual({ ...filled(), [field]: '' });
    expect(Object.keys(nextBase(null, bc, outlook))).toEqual([...SYNC_FIELDS]);
    // The same value in another form is agreed on (BC's form taken).
    const nfd = { ...filled(), [field]: 'Jyva\u0308skyla\u0308' };
    const nfcForm = { ...filled(), [field]: 'Jyv\u00e4skyl\u00e4' };
    expect(nextBase(old, nfd, nfcForm)[field]).toBe('Jyva\u0308skyla\u0308');
  });

  test('the example: a BC contact read into a record keeps only its sync fields, in NFD → NFC', () => {
    const contact = {
      ...filled(),
      city: 'Jyva\u0308skyla\u0308',
      id: 'x',
      etag: 'W/"1"',
    } as unknown as BcContact;
    const fields = bcToSyncFields(contact);
    expect(Object.keys(fields)).toEqual([...SYNC_FIELDS]);
    expect(fields.city).toBe('Jyv\u00e4skyl\u00e4');
  });
});
