import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { PATCH_READS_OUTLOOK, outlookPatch, patchReadsOutlook } from '../../src/core/mapping.js';
import { SYNC_FIELDS } from '../../src/core/model.js';
import type { OutlookContact, SyncFieldName, SyncFields } from '../../src/core/model.js';

// Issue 12 §2: a delta writes BC's change to an Outlook contact it did not read only where the
// PATCH would be the same had it read the contact. PATCH_READS_OUTLOOK names the fields where it
// would not; this checks the split over every field, both ways.

const text = fc.constantFrom('', 'Ann', 'Bo Lee', 'DE', 'Germany', 'l1\nl2', 'a@x.com', 'b@x.com', '+1 555');
const fields: fc.Arbitrary<SyncFields> = fc.record(
  Object.fromEntries(SYNC_FIELDS.map((f) => [f, text])) as Record<SyncFieldName, fc.Arbitrary<string>>,
);
const contact: fc.Arbitrary<OutlookContact> = fc
  .record({
    f: fields,
    extraEmails: fc.array(fc.constantFrom('own@x.com', 'a@x.com'), { maxLength: 2 }),
    extraPhones: fc.array(fc.constantFrom('+44 1', '+1 555'), { maxLength: 2 }),
    street: text,
    country: fc.constantFrom('DE', 'Germany', ''),
    fileAs: fc.constantFrom(undefined, '', 'Lee, Bo', 'Bo Lee', 'Contoso', 'My own'),
    emailName: fc.constantFrom('', 'Bo Lee', 'Ann'),
  })
  .map(({ f, extraEmails, extraPhones, street, country, fileAs, emailName }) => ({
    id: 'o1',
    changeKey: 'k1',
    bcId: 'b1',
    displayName: f.displayName,
    givenName: f.firstName,
    middleName: f.middleName,
    surname: f.surname,
    initials: f.initials,
    jobTitle: f.jobTitle,
    companyName: f.companyName,
    emailAddresses: [
      ...[f.email, f.email2].filter((a) => a !== '').map((address) => ({ address, name: emailName })),
      ...extraEmails.map((address) => ({ address, name: '' })),
    ].slice(0, 3),
    businessPhones: [...(f.phoneNumber === '' ? [] : [f.phoneNumber]), ...extraPhones].slice(0, 2),
    mobilePhone: f.mobilePhoneNumber,
    businessHomePage: f.website,
    businessAddress: {
      street,
      city: f.city,
      state: f.state,
      postalCode: f.postalCode,
      countryOrRegion: country,
    },
    faxNumber: f.faxNumber,
    outlookOnly: [],
    ...(fileAs === undefined ? {} : { fileAs }),
  }));

/** `current` with `changes` (field → new value) applied. */
const changed = (current: SyncFields, changes: Partial<Record<SyncFieldName, string>>): SyncFields => ({
  ...current,
  ...changes,
});

/** A change of the given fields only, to values drawn from `text`. */
const changeOf = (names: readonly SyncFieldName[]) =>
  fc.record(Object.fromEntries(names.map((f) => [f, text])) as Record<SyncFieldName, fc.Arbitrary<string>>, {
    requiredKeys: [],
  });

const samePatchUnread = (current: SyncFields, target: SyncFields, existing: OutlookContact) =>
  JSON.stringify(outlookPatch(current, target, existing, 'b1')) ===
  JSON.stringify(outlookPatch(current, target, null, 'b1'));

const unreadFields = SYNC_FIELDS.filter((f) => !PATCH_READS_OUTLOOK.has(f));

describe('PATCH_READS_OUTLOOK: which changes need the Outlook contact read (issue 12 §2)', () => {
  test('the split names every field once and leaves the delta some fields to write unread', () => {
    for (const f of PATCH_READS_OUTLOOK) expect(SYNC_FIELDS).toContain(f);
    expect(unreadFields).toEqual(['initials', 'jobTitle', 'mobilePhoneNumber', 'faxNumber', 'website']);
  });

  test('a change of fields outside the set patches alike with or without the contact read', () => {
    fc.assert(
      fc.property(fields, changeOf(unreadFields), contact, (current, change, existing) => {
        const target = changed(current, change);
        expect(patchReadsOutlook(current, target)).toBe(false);
        expect(samePatchUnread(current, target, existing)).toBe(true);
      }),
      { numRuns: 2000, seed: 12 },
    );
  });

  test.each([...PATCH_READS_OUTLOOK])(
    'a change of %s can patch otherwise once the contact is read',
    (field) => {
      // Existence: some contact as Outlook holds it makes the PATCH differ (so the set is not too wide).
      const found = fc.check(
        fc.property(fields, text, contact, (current, value, existing) => {
          const target = changed(current, { [field]: value });
          fc.pre(current[field] !== value);
          expect(patchReadsOutlook(current, target)).toBe(true);
          return samePatchUnread(current, target, existing);
        }),
        { numRuns: 5000, seed: 12 },
      );
      expect(found.failed).toBe(true);
    },
  );

  test('example: a job title changed in BC patches the same read or unread (the bench scenario)', () => {
    const current = changed(Object.fromEntries(SYNC_FIELDS.map((f) => [f, ''])) as unknown as SyncFields, {
      displayName: 'Bo Lee',
      firstName: 'Bo',
      surname: 'Lee',
      email: 'a@x.com',
    });
    const existing = fc.sample(contact, { numRuns: 1, seed: 3 })[0]!;
    const target = changed(current, { jobTitle: 'Buyer' });
    expect(samePatchUnread(current, target, { ...existing, fileAs: 'Lee, Bo' })).toBe(true);
    expect(patchReadsOutlook(current, changed(current, { surname: 'Li' }))).toBe(true);
  });
});
