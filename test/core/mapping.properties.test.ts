import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { outlookHolds, outlookToSyncFields, syncFieldsToOutlookDraft } from '../../src/core/mapping.js';
import { SYNC_FIELDS, sameSyncFields } from '../../src/core/model.js';
import type { OutlookContact, SyncFields } from '../../src/core/model.js';

const text = fc.constantFrom('', 'a', 'b', 'A b', 'x\r', 'l1\nl2', 'l1\r\nl2', '\r\n', 'l1\nl2\nl3');
const fields: fc.Arbitrary<SyncFields> = fc.record(
  Object.fromEntries(SYNC_FIELDS.map((f) => [f, text])) as Record<keyof SyncFields, fc.Arbitrary<string>>,
);
const contact: fc.Arbitrary<OutlookContact> = fc
  .record({ f: fields, extraEmails: fc.array(fc.constantFrom('e@x', ''), { maxLength: 3 }), street: text })
  .map(({ f, extraEmails, street }) => {
    const draft = syncFieldsToOutlookDraft(f, '');
    return {
      ...draft,
      id: 'o',
      changeKey: 'k',
      outlookOnly: [],
      emailAddresses: [
        ...draft.emailAddresses,
        ...extraEmails.map((address) => ({ address, name: '' })),
      ].slice(0, 3),
      businessAddress: { ...draft.businessAddress, street },
    };
  });

describe('outlookHolds', () => {
  test('answers exactly like comparing the mapped record read with the same owned values', () => {
    fc.assert(
      fc.property(contact, fields, (c, f) => {
        expect(outlookHolds(c, { base: f })).toBe(sameSyncFields(outlookToSyncFields(c, { base: f }), f));
        const own = { emails: c.emailAddresses.slice(1).map((e) => e.address), phones: [] };
        expect(outlookHolds(c, { base: f, outlookOwn: own })).toBe(
          sameSyncFields(outlookToSyncFields(c, { base: f, outlookOwn: own }), f),
        );
        const read = outlookToSyncFields(c);
        expect(outlookHolds(c, { base: read })).toBe(true);
      }),
      { numRuns: 3000, seed: 77 },
    );
  });
});

describe('outlookHolds over every field, one at a time (issue 12 §2: read by name)', () => {
  const base: SyncFields = Object.fromEntries(
    SYNC_FIELDS.map((f) => [
      f,
      f === 'country' ? 'DK' : f === 'postalCode' ? 'PC 1' : f.startsWith('email') ? `${f}@x.com` : `v ${f}`,
    ]),
  ) as SyncFields;
  const asRead = (f: SyncFields): OutlookContact => ({
    ...syncFieldsToOutlookDraft(f, ''),
    id: 'o',
    changeKey: 'k',
    outlookOnly: [],
  });

  test.each([...SYNC_FIELDS])('%s: another value in the base is not held; the same value is', (field) => {
    const c = asRead(base);
    expect(outlookHolds(c, { base })).toBe(true);
    const other = {
      ...base,
      [field]: field === 'country' ? 'SE' : field.startsWith('email') ? 'o@x.com' : 'other',
    };
    expect(outlookHolds(c, { base: other })).toBe(false);
    expect(sameSyncFields(outlookToSyncFields(c, { base: other }), other)).toBe(false);
  });

  test.each([...SYNC_FIELDS].filter((f) => f !== 'country'))(
    '%s: the same value in another Unicode form (and case, where BC folds it) is held',
    (field) => {
      const composed = { ...base, [field]: field.startsWith('email') ? 'j\u00f6rg@x.com' : 'J\u00f6rg' };
      const typed = { ...base, [field]: field.startsWith('email') ? 'jo\u0308rg@x.com' : 'Jo\u0308rg' };
      if (field === 'postalCode') typed.postalCode = 'jo\u0308rg';
      if (field === 'postalCode') composed.postalCode = 'J\u00d6RG';
      expect(outlookHolds(asRead(typed), { base: composed })).toBe(true);
    },
  );
});
