import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { bcForm } from '../../src/core/bc-field-rules.js';
import { codeForm } from '../../src/core/code-form.js';
import { countryToBc } from '../../src/core/country.js';
import { outlookToSyncFields, syncFieldsToOutlookDraft } from '../../src/core/mapping.js';
import type { BcContact, OutlookContact } from '../../src/core/model.js';
import { pickWritable } from '../../src/store/bc-contact-checks.js';
import { contactToApi, contactToApiByTable } from '../../src/server/bc-api/contact-fields.js';
import { ANN_FIELDS } from '../support/ann-fields.js';
import { MemoryBcContacts } from '../../src/fakes/memory-bc-contacts.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';

/**
 * BC upper-cases a Code field one character for one (.NET's simple case mapping): "ß" stays "ß",
 * where JavaScript's toUpperCase writes "SS". Every place that makes a Code value from text is listed
 * here, so a value the sync holds is the value BC reads back (else it is written again every run).
 */
const PLACES: readonly [string, (text: string) => string][] = [
  ['codeForm', codeForm],
  ['bcForm postalCode', (t) => bcForm('postalCode', t)],
  ['bcForm country', (t) => bcForm('country', t)],
  ['countryToBc (a code as typed)', countryToBc],
  ['Outlook postal code read as BC', (t) => outlookPostal(t)],
  ['facade write of postalCode', (t) => pickWritable({ postalCode: t }).postalCode as string],
  ['facade write of country', (t) => pickWritable({ country: t }).country as string],
  ['facade write of territoryCode', (t) => pickWritable({ territoryCode: t }).territoryCode as string],
  ['facade write of salespersonCode', (t) => pickWritable({ salespersonCode: t }).salespersonCode as string],
  ['facade write of companyNumber', (t) => pickWritable({ companyNumber: t }).companyNumber as string],
  ['searchName on the wire', (t) => contactToApi(named(t), 'W/"1"').searchName as string],
  ['searchName by the field table', (t) => contactToApiByTable(named(t), 'W/"1"').searchName as string],
];

function outlookPostal(text: string): string {
  const draft = syncFieldsToOutlookDraft({ ...ANN_FIELDS, postalCode: '1' }, 'bc-1');
  const contact: OutlookContact = {
    ...draft,
    id: 'o1',
    changeKey: 'ck',
    outlookOnly: [],
    businessAddress: { ...draft.businessAddress, postalCode: text },
  };
  return outlookToSyncFields(contact).postalCode;
}

function named(displayName: string): BcContact {
  return {
    ...(ANN_FIELDS as unknown as BcContact),
    id: 'c1',
    number: 'C1',
    type: 'Person',
    displayName,
    companyNumber: '',
    privacyBlocked: false,
    lastModifiedDateTime: '2026-01-01T00:00:00Z',
  } as BcContact;
}

// Each a value no place turns into a country name or ISO code: what the place makes of it is the code.
const CASES: readonly [string, string][] = [
  ['ß1', 'ß1'], // the example: German sharp s has no one-letter simple upper case
  ['ﬁx', 'ﬁX'], // ligature fi: full upper case "FI"
  ['ŉ9', 'ŉ9'], // n preceded by apostrophe: full "ʼN"
  ['ᾳ1', 'ᾼ1'], // alpha with ypogegrammeni: full "ΑΙ", simple "ᾼ"
  ['ab-12', 'AB-12'],
];

describe('Code values are upper-cased as BC does, one character for one', () => {
  test.each(PLACES)('%s keeps ß and its kind', (_name, place) => {
    for (const [input, want] of CASES) expect([input, place(input)]).toEqual([input, want]);
  });

  test('a post code ß1 typed in Outlook reads as BC keeps it (no write every run)', () => {
    expect(outlookPostal('ß1')).toBe('ß1');
    expect(pickWritable({ postalCode: 'ß1' }).postalCode).toBe(outlookPostal('ß1'));
  });

  test('the in-memory BC the engine tests run on stores a post code as BC does', async () => {
    const bc = new MemoryBcContacts(new ManualClock('2026-03-01T08:00:00.000Z'));
    const c = bc.seed({ displayName: 'Ann', email: 'ann@x.com' });
    for (const [input, want] of CASES) {
      const [out] = await bc.update([{ id: c.id, etag: '*', patch: { postalCode: input } }]);
      expect([input, out?.ok ? out.value.postalCode : out]).toEqual([input, want]);
    }
  });

  test('codeForm never changes the length in code points (property over all of Unicode)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (s) => {
        const t = s.replace(/^ +| +$/g, '');
        expect([...codeForm(s)].length).toBe([...t].length);
        expect(codeForm(codeForm(s))).toBe(codeForm(s));
      }),
      { numRuns: 500 },
    );
  });
});
