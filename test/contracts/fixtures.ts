// Test data and helpers of the contract suites, free of jest so benchmarks can use them too.
import type { OutlookContact, OutlookContactDraft } from '../../src/core/model.js';
import type { BcContactDraft } from '../../src/core/ports.js';

/**
 * The names of BC person `n` of a numbered series: `Person 3`, first name `Person`, surname `3`,
 * `person3@contoso.com`, so a test tells its contacts apart by name and address alike.
 */
export function numberedBcPerson(
  word: string,
  n: number,
  domain: string,
): Pick<BcContactDraft, 'type' | 'displayName' | 'firstName' | 'surname' | 'email'> {
  return {
    type: 'Person',
    displayName: `${word} ${n}`,
    firstName: word,
    surname: String(n),
    email: `${word.toLowerCase()}${n}@${domain}`,
  };
}

export function outlookDraft(n: number, overrides: Partial<OutlookContactDraft> = {}): OutlookContactDraft {
  return {
    bcId: `bc-${n}`,
    displayName: `Person ${n}`,
    givenName: 'Person',
    middleName: '',
    surname: String(n),
    initials: 'P',
    jobTitle: 'Buyer',
    companyName: 'Contoso Ltd.',
    emailAddresses: [
      { address: `person${n}@contoso.com`, name: `Person ${n}` },
      { address: `p${n}@home.example`, name: `Person ${n}` },
    ],
    businessPhones: ['+1 425 555 0100'],
    mobilePhone: '+1 425 555 0199',
    businessHomePage: 'https://contoso.com',
    businessAddress: {
      street: `${n} Main Street\r\nBuilding 2`,
      city: 'Redmond',
      state: 'WA',
      postalCode: '98052',
      countryOrRegion: 'US',
    },
    faxNumber: '+1 425 555 0111',
    ...overrides,
  };
}

/** The writable part of a contact, for comparing what was written with what is read back. */
export function draftOf(c: OutlookContact): OutlookContactDraft {
  const { id: _id, changeKey: _ck, outlookOnly: _only, ...draft } = c;
  return draft;
}

export function ok<T>(
  r: { ok: true; value: T } | { ok: false; error: { kind: string; message: string } } | undefined,
): T {
  if (!r) throw new Error('missing result');
  if (!r.ok) throw new Error(`expected success, got ${r.error.kind}: ${r.error.message}`);
  return r.value;
}
