import { describe, expect, test } from '@jest/globals';
import { fromGraphContact } from '../../src/graph/contact-mapping.js';
import { haveSameMap } from '../support/same-map.js';

// Issue 12: a run holds every contact of the folder at once. A contact with no e-mail, phone,
// address or Outlook-only property shares one record of each instead of an empty one per contact;
// the values read are the same as before, and a contact that holds them has its own. The shared
// ones have the hidden class of the records read (not frozen): the planner's code compiled over
// contacts that hold values is not thrown away at the first contact that holds none.

const wire = (extra: Record<string, unknown>) =>
  JSON.parse(JSON.stringify({ id: 'o1', changeKey: 'ck', displayName: 'Ann Lee', ...extra })) as Record<
    string,
    unknown
  >;

describe('fromGraphContact: empty parts are shared records', () => {
  test('no lists, no address: shared, and read as empty', () => {
    const a = fromGraphContact(wire({ businessAddress: {}, emailAddresses: [], businessPhones: [] }));
    const b = fromGraphContact(wire({ id: 'o2', businessAddress: { street: null, city: '' } }));
    expect(a.emailAddresses).toEqual([]);
    expect(a.businessPhones).toEqual([]);
    expect(a.outlookOnly).toEqual([]);
    expect(a.businessAddress).toEqual({
      street: '',
      city: '',
      state: '',
      postalCode: '',
      countryOrRegion: '',
    });
    for (const key of ['emailAddresses', 'businessPhones', 'outlookOnly', 'businessAddress'] as const)
      expect(a[key]).toBe(b[key]);
  });

  test('each shared empty part has the hidden class of the same part read with values', () => {
    const empty = fromGraphContact(wire({ businessAddress: {}, emailAddresses: [], businessPhones: [] }));
    const held = fromGraphContact(
      wire({
        id: 'o3',
        emailAddresses: [{ address: 'ann@contoso.com', name: 'Ann Lee' }],
        businessPhones: ['+45 1'],
        businessAddress: { street: 'Harbour Road 1', city: 'Oslo' },
        birthday: '1990-01-01T00:00:00Z',
      }),
    );
    for (const key of ['emailAddresses', 'businessPhones', 'outlookOnly', 'businessAddress'] as const) {
      expect(empty[key]).not.toBe(held[key]);
      expect([key, haveSameMap(empty[key], held[key])]).toEqual([key, true]);
    }
  });

  test('a contact that holds them has its own, names kept as read', () => {
    const c = fromGraphContact(
      wire({
        emailAddresses: [
          { address: 'ann@contoso.com', name: 'Ann Lee' },
          { address: 'a2@contoso.com', name: 'Other' },
        ],
        businessPhones: ['+45 1'],
        businessAddress: { city: 'Oslo' },
        birthday: '1990-01-01T00:00:00Z',
        givenName: 'Ann',
        surname: 'Lee',
        fileAs: 'Lee, Ann',
      }),
    );
    expect(c.emailAddresses).toEqual([
      { address: 'ann@contoso.com', name: 'Ann Lee' },
      { address: 'a2@contoso.com', name: 'Other' },
    ]);
    expect(c.businessPhones).toEqual(['+45 1']);
    expect(c.businessAddress.city).toBe('Oslo');
    expect(c.outlookOnly).toEqual(['birthday']);
    expect(c.fileAs).toBe('Lee, Ann');
    expect(Object.isFrozen(c.emailAddresses)).toBe(false);
  });
});
