import { describe, expect, test } from '@jest/globals';
import { validateForBc } from '../../src/core/bc-field-rules.js';
import { bcToSyncFields, outlookToSyncFields, syncFieldsToOutlookDraft } from '../../src/core/mapping.js';
import { SYNC_FIELDS, nfc, sameSyncFields } from '../../src/core/model.js';
import type { OutlookContact, SyncFieldName, SyncFields } from '../../src/core/model.js';
import { pickWritable } from '../../src/store/bc-contact-checks.js';
import { ANN_FIELDS } from '../support/ann-fields.js';

// Reviewer: an Outlook e-mail with surrounding spaces made the whole contact skip (invalidEmail,
// and tooLong at 80), though BC trims an e-mail before it checks it. The kind: a value BC takes
// after its own clean-up (E-Mail trimmed; a Code field upper-cased and trimmed; text as typed) must
// be read as BC keeps it — not skipped, and not written in a form BC (or the facade) stores
// differently, which reads back as a BC change and writes again.

const clean: SyncFields = {
  ...ANN_FIELDS,
  middleName: 'Marie',
  initials: 'AL',
  jobTitle: 'Buyer',
  companyName: 'Contoso',
  postalCode: 'sw1a 1aa',
};

/** BC's rule, written out apart from the code under test: what BC stores for a value it is given. */
function bcKeeps(field: SyncFieldName, value: string): string {
  if (field === 'email' || field === 'email2') return value.trim();
  if (field === 'postalCode' || field === 'country') return value.replace(/^ +| +$/g, '').toUpperCase();
  return value;
}

const DECORATIONS: readonly (readonly [string, (v: string) => string])[] = [
  ['spaces around', (v) => `  ${v} `],
  ['no-break spaces around', (v) => `\u00A0${v}\u202F`],
  ['a zero-width space inside', (v) => `${v.slice(0, 1)}\u200B${v.slice(1)}`],
  ['other case', (v) => (v === v.toLowerCase() ? v.toUpperCase() : v.toLowerCase())],
];

function outlookWith(fields: SyncFields): OutlookContact {
  return { ...syncFieldsToOutlookDraft(fields, 'bc-1'), id: 'o1', changeKey: 'ck1', outlookOnly: [] };
}

// Fields whose Outlook home is not one property of their own (the street's two lines are split from
// one text; a decorated street is another street): the rest, every field Outlook holds alone.
const ALONE = SYNC_FIELDS.filter((f) => f !== 'addressLine1' && f !== 'addressLine2');

const rows = ALONE.flatMap((field) =>
  DECORATIONS.map(([how, decorate]) => ({ field, how, typed: decorate(clean[field]) })),
);

describe('a value BC takes after its own clean-up is read as BC keeps it (every field × every decoration)', () => {
  test.each(rows)('$field with $how', ({ field, typed }) => {
    const read = outlookToSyncFields(outlookWith({ ...clean, [field]: typed }));
    // Read in BC's form of the one text form of what Outlook holds…
    expect(read[field]).toBe(bcKeeps(field, field === 'country' ? read.country : nfc(typed)));
    // …so it is not skipped…
    expect(validateForBc(read)).toEqual([]);
    // …and what BC (the facade) stores of it reads back the same: no BC change, no second write.
    const stored = bcToSyncFields({ ...read, ...pickWritable(read) });
    expect(sameSyncFields(stored, read)).toBe(true);
    expect(stored[field]).toBe(read[field]);
  });
});

describe('named examples', () => {
  test('Outlook e-mail " ann@contoso.com " → written as "ann@contoso.com", not skipped as invalidEmail', () => {
    const read = outlookToSyncFields(outlookWith({ ...clean, email: ' ann@contoso.com ' }));
    expect([read.email, validateForBc(read)]).toEqual(['ann@contoso.com', []]);
  });

  test('an 80-character e-mail with a trailing line break fits E-Mail (Text[80]) once trimmed', () => {
    const address = `${'a'.repeat(80 - '@contoso.com'.length)}@contoso.com`;
    const read = outlookToSyncFields(outlookWith({ ...clean, email: `${address}\r\n` }));
    expect([read.email.length, validateForBc(read)]).toEqual([80, []]);
  });

  test('a 20-character post code with spaces around fits Post Code (Code[20]) and is stored upper-cased', () => {
    const read = outlookToSyncFields(outlookWith({ ...clean, postalCode: ' abcdefghij0123456789 ' }));
    expect([read.postalCode, validateForBc(read)]).toEqual(['ABCDEFGHIJ0123456789', []]);
  });

  test("the facade stores BC's form of Code fields it was sent as typed (Company No. too)", () => {
    const stored = pickWritable({ companyNumber: ' c00010 ', territoryCode: 'n', email: ' a@b.example ' });
    expect(stored).toEqual({ companyNumber: 'C00010', territoryCode: 'N', email: 'a@b.example' });
  });

  test('text fields keep their spaces: BC stores Text as given', () => {
    const read = outlookToSyncFields(outlookWith({ ...clean, jobTitle: ' Buyer ' }));
    expect([read.jobTitle, validateForBc(read)]).toEqual([' Buyer ', []]);
  });
});

// Reviewer: BC's Phone No. and Mobile Phone No. refuse a letter (reference bc-contact-sync.md §5);
// "+1 555 FLOWERS" was written to BC (an error there, taken by the embedded facade) instead of
// skipped with its reason. Table: a value with a letter in every field; only the phone fields refuse it.
describe('a letter in a field: only the phone numbers refuse it (every field)', () => {
  test.each(ALONE.filter((f) => f !== 'email' && f !== 'email2' && f !== 'country'))('%s', (field) => {
    const withLetter = field === 'website' ? 'https://contoso.com/x' : `${clean[field]} x`;
    const reasons = validateForBc({ ...clean, [field]: withLetter });
    const phone = field === 'phoneNumber' || field === 'mobilePhoneNumber';
    expect(reasons).toEqual(phone ? [{ kind: 'phoneLetters', field }] : []);
  });

  test('named: Outlook business phone "+1 555 FLOWERS" → skipped with phoneLetters; "ext. 12" too; digits pass', () => {
    const read = (phone: string) =>
      validateForBc(outlookToSyncFields(outlookWith({ ...clean, phoneNumber: phone })));
    expect(read('+1 555 FLOWERS')).toEqual([{ kind: 'phoneLetters', field: 'phoneNumber' }]);
    expect(read('+49 30 1234 ext. 12')).toEqual([{ kind: 'phoneLetters', field: 'phoneNumber' }]);
    expect(read('+1 (555) 356-937')).toEqual([]);
  });

  test("the facade refuses it as BC does: 400 naming the field (the contact check is the sync's)", () => {
    const stored = pickWritable({ mobilePhoneNumber: 'call me' });
    expect(validateForBc({ ...clean, ...stored })).toEqual([
      { kind: 'phoneLetters', field: 'mobilePhoneNumber' },
    ]);
  });
});
