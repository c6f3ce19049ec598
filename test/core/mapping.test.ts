import { describe, expect, test } from '@jest/globals';
import {
  bcPatch,
  outlookPatch,
  outlookToSyncFields,
  syncFieldsToOutlookDraft,
} from '../../src/core/mapping.js';
import { validateForBc } from '../../src/core/bc-field-rules.js';
import { joinStreet, splitStreet } from '../../src/core/street-lines.js';
import type { OutlookContact, SyncFields } from '../../src/core/model.js';
import { ANN_FIELDS } from '../support/ann-fields.js';

const fields: SyncFields = ANN_FIELDS;

function asContact(
  draft: ReturnType<typeof syncFieldsToOutlookDraft>,
  extra: Partial<OutlookContact> = {},
): OutlookContact {
  return { ...draft, id: 'o1', changeKey: 'ck1', outlookOnly: [], ...extra };
}

describe('field mapping (design §3)', () => {
  test('BC → Outlook → BC round-trips every mapped field', () => {
    const draft = syncFieldsToOutlookDraft(fields, 'bc-1');
    expect(draft.bcId).toBe('bc-1');
    expect(draft.emailAddresses).toEqual([
      { address: 'ann@contoso.com', name: 'Ann Lee' },
      { address: 'ann@home.example', name: 'Ann Lee' },
    ]);
    expect(draft.businessPhones).toEqual(['+1 1']);
    expect(draft.faxNumber).toBe('+1 3');
    expect(draft.businessAddress).toEqual({
      street: '1 Main St\r\nSuite 5',
      city: 'Seattle',
      state: 'WA',
      postalCode: '98101',
      countryOrRegion: 'US',
    });
    expect(outlookToSyncFields(asContact(draft))).toEqual(fields);
  });

  test('street: Address and Address 2 are joined with CRLF; split on LF going back, a lone LF too', () => {
    expect(joinStreet('A', '')).toBe('A');
    expect(joinStreet('A', 'B')).toBe('A\r\nB');
    expect(joinStreet('', 'B')).toBe('\r\nB');
    expect(splitStreet('A\r\nB')).toEqual({ addressLine1: 'A', addressLine2: 'B' });
    expect(splitStreet('A\nB')).toEqual({ addressLine1: 'A', addressLine2: 'B' });
    expect(splitStreet('')).toEqual({ addressLine1: '', addressLine2: '' });
    // A third line is kept, not dropped: validation then refuses it for BC.
    expect(splitStreet('A\nB\nC')).toEqual({ addressLine1: 'A', addressLine2: 'B\r\nC' });
    expect(validateForBc({ ...fields, addressLine2: 'B\r\nC' })).toEqual([
      { kind: 'streetLines', field: 'addressLine2', lines: 3, max: 2 },
    ]);
  });

  test('e-mail 2 is the second address; Outlook’s third address and second phone are kept on update', () => {
    const existing = asContact(syncFieldsToOutlookDraft(fields, 'bc-1'), {
      emailAddresses: [
        { address: 'ann@contoso.com', name: 'Ann' },
        { address: 'ann@home.example', name: 'Ann' },
        { address: 'ann@third.example', name: 'Ann' },
      ],
      businessPhones: ['+1 1', '+1 9'],
    });
    const target = { ...fields, email2: 'new@home.example', phoneNumber: '+1 7' };
    const patch = outlookPatch(fields, target, existing);
    expect(patch.emailAddresses?.map((e) => e.address)).toEqual([
      'ann@contoso.com',
      'new@home.example',
      'ann@third.example',
    ]);
    expect(patch.businessPhones).toEqual(['+1 7', '+1 9']);
  });

  test('an Outlook patch carries only the changed properties, and always displayName and the fax', () => {
    expect(outlookPatch(fields, fields, null)).toEqual({ displayName: 'Ann Lee', faxNumber: '+1 3' });
    expect(outlookPatch(fields, { ...fields, city: 'Tacoma' }, null)).toEqual({
      displayName: 'Ann Lee',
      faxNumber: '+1 3',
      businessAddress: {
        street: '1 Main St\r\nSuite 5',
        city: 'Tacoma',
        state: 'WA',
        postalCode: '98101',
        countryOrRegion: 'US',
      },
    });
    expect(outlookPatch(fields, { ...fields, faxNumber: '' }, null, 'bc-9')).toEqual({
      displayName: 'Ann Lee',
      faxNumber: '',
      bcId: 'bc-9',
    });
  });

  test('a BC patch carries only the changed fields', () => {
    expect(bcPatch(fields, { ...fields, jobTitle: 'CEO', city: '' })).toEqual({ jobTitle: 'CEO', city: '' });
    expect(bcPatch(fields, fields)).toEqual({});
  });

  test('BC field lengths are checked with a typed reason, never cut', () => {
    expect(validateForBc(fields)).toEqual([]);
    expect(
      validateForBc({
        ...fields,
        firstName: 'x'.repeat(31),
        postalCode: '1'.repeat(21),
        country: 'ABCDEFGHIJK',
      }),
    ).toEqual([
      { kind: 'tooLong', field: 'firstName', length: 31, max: 30 },
      { kind: 'tooLong', field: 'postalCode', length: 21, max: 20 },
      { kind: 'tooLong', field: 'country', length: 11, max: 10 },
    ]);
    expect(validateForBc({ ...fields, email: 'x'.repeat(75) + '@a.com' })).toEqual([
      { kind: 'tooLong', field: 'email', length: 81, max: 80 },
    ]);
    expect(validateForBc({ ...fields, addressLine2: 'y'.repeat(51) })).toEqual([
      { kind: 'tooLong', field: 'addressLine2', length: 51, max: 50 },
    ]);
    expect(validateForBc({ ...fields, email2: 'not an address' })).toEqual([
      { kind: 'invalidEmail', field: 'email2' },
    ]);
  });

  test('Graph limits: at most 3 e-mail addresses and 2 business phones are ever sent', () => {
    const existing = asContact(syncFieldsToOutlookDraft(fields, 'b'), {
      emailAddresses: ['a', 'b', 'c'].map((x) => ({ address: `${x}@x.example`, name: x })),
      businessPhones: ['1', '2'],
    });
    const patch = outlookPatch(fields, { ...fields, email: 'z@x.example', phoneNumber: '3' }, existing);
    expect(patch.emailAddresses).toHaveLength(3);
    expect(patch.businessPhones).toHaveLength(2);
  });
});
