/**
 * The contact list filters the emulator accepts, as Graph does: by e-mail address
 * (`emailAddresses/any`) and by an extended property's value (`singleValueExtendedProperties/any`,
 * singlevaluelegacyextendedproperty-get); anything else is a 400 ErrorInvalidUrlQueryFilter.
 */
import { describe, expect, test } from '@jest/globals';
import { parseContactFilter } from '../../src/emulator/query.js';

const ID = 'String {66f5a359-4659-4830-9070-00047ec6ac6e} Name BcContactId';

describe('contact list $filter', () => {
  test.each([
    ["emailAddresses/any(a:a/address eq 'Ann@X.example')", { kind: 'email', address: 'ann@x.example' }],
    [
      "emailAddresses/any(a:a/address eq 'o''brien@x.example')",
      { kind: 'email', address: "o'brien@x.example" },
    ],
    [
      `singleValueExtendedProperties/any(ep:ep/id eq '${ID}' and ep/value eq 'BC-1')`,
      { kind: 'extended', id: ID.toLowerCase(), value: 'BC-1' },
    ],
    [
      `singleValueExtendedProperties/Any(ep: ep/id eq '${ID}' and ep/value eq 'it''s')`,
      { kind: 'extended', id: ID.toLowerCase(), value: "it's" },
    ],
  ])('%s is accepted', (raw, parsed) => {
    expect(parseContactFilter(raw)).toEqual(parsed);
  });

  test.each([
    "emailAddresses/any(a:b/address eq 'x@y.example')",
    "displayName eq 'Ann'",
    `singleValueExtendedProperties/any(ep:ep/id eq '${ID}' and other/value eq 'bc-1')`,
    `singleValueExtendedProperties/any(ep:ep/id eq '${ID}' or ep/value eq 'bc-1')`,
    `singleValueExtendedProperties/any(ep:ep/id eq '${ID}')`,
    `singleValueExtendedProperties/any(ep:ep/value eq 'bc-1' and ep/id eq '${ID}') or 1 eq 1`,
  ])('%s is refused as Graph refuses it', (raw) => {
    let thrown: unknown = null;
    try {
      parseContactFilter(raw);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ status: 400, code: 'ErrorInvalidUrlQueryFilter' });
  });

  test('no filter lists everything', () => {
    expect(parseContactFilter(null)).toBeNull();
  });
});
