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
