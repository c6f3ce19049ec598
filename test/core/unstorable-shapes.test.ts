import { describe, expect, test } from '@jest/globals';
import { toBcContact } from '../../src/bc/bc-wire.js';
import type { BcContact, OutlookContact } from '../../src/core/model.js';
import type { Pair } from '../../src/core/pair.js';
import { unstorableContacts } from '../../src/core/unstorable-pair.js';
import { fromGraphContact } from '../../src/graph/contact-mapping.js';

// unstorableContacts checks the contacts' texts by name (issue 12: the generic walk was a tenth of
// a plan's CPU). A text a read contact holds that the names left out would reach BC or the store
// unchecked: every string anywhere in a contact as each side's parser makes it is set, one at a
// time, to text that cannot be stored, and must be found (with the property named as the walk names it).

const bcWire = {
  '@odata.etag': 'W/"1"',
  id: '5d1f0000-a4c2-ef11-8ef0-000000000001',
  number: 'CT1',
  type: 'Person',
  companyNumber: 'CT9',
  territoryCode: 'T1',
  salespersonCode: 'SP1',
  privacyBlocked: false,
  lastModifiedDateTime: '2026-01-01T00:00:00Z',
};

const graphWire = {
  id: 'AAMk1',
  changeKey: 'EQ1',
  displayName: 'Ann Lee',
  givenName: 'Ann',
  surname: 'Lee',
  emailAddresses: [
    { address: 'ann@contoso.com', name: 'Ann Lee' },
    { address: 'a2@contoso.com', name: 'Two' },
  ],
  businessPhones: ['+45 1', '+45 2'],
  businessAddress: { street: '1 Road', city: 'Oslo', state: 'S', postalCode: '0150', countryOrRegion: 'NO' },
  fileAs: 'Lee, Ann',
  birthday: '1990-01-01T00:00:00Z',
  singleValueExtendedProperties: [
    { id: 'String {66f5a359-4659-4830-9070-00047ec6ac6e} Name BcContactId', value: 'b1' },
    { id: 'String 0x3A24', value: '+45 9' },
  ],
};

/** Every string of a value with its path, as `set` reaches it. */
function textPaths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return [at];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) =>
    textPaths(v, [...at, Array.isArray(value) ? Number(k) : k]),
  );
}

/** A deep copy of `value` with the string at `path` replaced. */
function set<T>(value: T, path: readonly (string | number)[], text: string): T {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  node[path.at(-1)!] = text;
  return copy as T;
}

const bcPair = (bc: BcContact): Pair => ({ kind: 'bcOnly', bc, scopeReasons: [] });
const olPair = (outlook: OutlookContact): Pair => ({
  kind: 'outlookOnly',
  outlook,
  fields: {} as never,
  refusals: [],
});

describe('unstorableContacts finds unstorable text in every text a read contact holds (issue 12)', () => {
  const bc = toBcContact({ ...bcWire, ...Object.fromEntries(['displayName', 'email'].map((f) => [f, 'x'])) });
  const outlook = fromGraphContact(graphWire);

  test('sound contacts: nothing found', () => {
    expect(unstorableContacts(bcPair(bc))).toEqual([]);
    expect(unstorableContacts(olPair(outlook))).toEqual([]);
    // Every string of the read contacts is reached below (the parsers' whole output, not a list).
    expect(textPaths(bc).length).toBeGreaterThanOrEqual(27);
    expect(textPaths(outlook).length).toBeGreaterThanOrEqual(25);
  });

  test.each(['\u0000', '\ud800'])('BC: each text holding %j is found', (broken) => {
    for (const path of textPaths(bc)) {
      const found = unstorableContacts(bcPair(set(bc, path, `a${broken}`)));
      expect([path.join('.'), found.map((u) => u.property)]).toEqual([path.join('.'), [path.join('.')]]);
    }
  });

  test.each(['\u0000', '\ud800'])('Outlook: each text holding %j is found', (broken) => {
    for (const path of textPaths(outlook)) {
      const found = unstorableContacts(olPair(set(outlook, path, `a${broken}`)));
      const named = path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
      expect([named, found.map((u) => u.property)]).toEqual([named, [named]]);
    }
  });
});
