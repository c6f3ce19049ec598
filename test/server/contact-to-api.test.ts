import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import type { BcContact } from '../../src/core/model.js';
import { CONTACT_FIELDS, contactToApi, contactToApiByTable } from '../../src/server/bc-api/contact-fields.js';

// contactToApi is written out as one literal for speed (issue 12: 51 pages of 1,000 in a full read
// of 50,000); the field table (CONTACT_FIELDS, and its generic mapping) stays the one home of what
// a contact answers and in which order. The literal must answer exactly what the table does: the
// same fields, in the same JSON order, with the same values, the etag first.

const text = fc.string({ maxLength: 120, unit: 'binary' });
const contact: fc.Arbitrary<BcContact> = fc.record({
  displayName: text,
  firstName: text,
  middleName: text,
  surname: text,
  initials: text,
  jobTitle: text,
  companyName: text,
  email: text,
  email2: text,
  phoneNumber: text,
  mobilePhoneNumber: text,
  faxNumber: text,
  website: text,
  addressLine1: text,
  addressLine2: text,
  city: text,
  state: text,
  postalCode: text,
  country: text,
  id: fc.uuid(),
  number: text,
  type: fc.constantFrom('Person' as const, 'Company' as const),
  companyNumber: text,
  territoryCode: text,
  salespersonCode: text,
  privacyBlocked: fc.boolean(),
  lastModifiedDateTime: text,
  etag: text,
});

describe('contactToApi answers what the contact field table answers', () => {
  test('same fields, order and values, the etag first (property)', () => {
    fc.assert(
      fc.property(contact, text, (c, etag) => {
        const wire = contactToApi(c, etag);
        expect(JSON.stringify(wire)).toBe(JSON.stringify(contactToApiByTable(c, etag)));
        expect(Object.keys(wire)).toEqual(['@odata.etag', ...Object.keys(CONTACT_FIELDS)]);
      }),
      { numRuns: 300 },
    );
  });

  test('the fields BC derives: blank relation, upper-case search name cut at 100, no interaction date', () => {
    const c = fc.sample(contact, { numRuns: 1, seed: 7 })[0]!;
    const long = { ...c, displayName: `ab${'ç'.repeat(120)}` };
    const wire = contactToApi(long, 'W/"x"');
    expect(wire.businessRelation).toBe('');
    expect(wire.searchName).toBe(`AB${'Ç'.repeat(98)}`);
    expect(wire.lastInteractionDate).toBe('0001-01-01');
    expect(wire['@odata.etag']).toBe('W/"x"');
  });
});
