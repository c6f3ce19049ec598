import { describe, expect, test } from '@jest/globals';
import type { OutlookContact } from '../../src/core/model.js';
import { OUTLOOK_ONLY_PROPERTIES } from '../../src/core/outlook-only.js';
import { isOurCopy } from '../../src/core/our-copies.js';

/*
 * rule duplicates.removeOurCopy: a late copy our own create left is deleted only when deleting it
 * loses nothing. Soak F1 (crash-hosts windows, seed 9019 case 15): the user typed a second business
 * phone into the LINKED contact after the late copy landed; the rule asked the copy's values to
 * EQUAL the linked one's, so the copy (holding less) stayed beside it for good. Table over every
 * field of OutlookContact: the copy's value empty, equal, held in a list the linked one grew, or
 * different; the copy is deleted exactly when each of its values is held by the linked contact.
 */

const linked: OutlookContact = {
  id: 'o-linked',
  changeKey: 'ck-linked',
  bcId: 'bc-1',
  displayName: 'Anna Berg',
  givenName: 'Anna',
  middleName: 'M',
  surname: 'Berg',
  initials: 'A.B.',
  jobTitle: 'Buyer',
  companyName: 'Contoso',
  emailAddresses: [
    { address: 'anna@contoso.com', name: 'Anna Berg' },
    { address: 'anna.b@contoso.com', name: 'Anna' },
  ],
  businessPhones: ['+45 1111', '+45 2222'],
  mobilePhone: '+45 3333',
  businessHomePage: 'https://contoso.com',
  businessAddress: {
    street: 'Main 1',
    city: 'Aarhus',
    state: 'MJ',
    postalCode: '8000',
    countryOrRegion: 'DK',
  },
  faxNumber: '+45 4444',
  outlookOnly: [],
  fileAs: 'Berg, Anna',
  createdBy: 'run-b',
};

/** The late copy: our create of another run, holding `values` over what the linked one holds. */
const lateCopy = (values: Partial<OutlookContact>): OutlookContact => ({
  ...linked,
  id: 'o-late',
  changeKey: 'ck-late',
  createdBy: 'run-a',
  ...values,
});

type Field = Exclude<keyof OutlookContact, 'id' | 'changeKey' | 'bcId' | 'createdBy' | 'outlookOnly'>;
const SCALARS = [
  'displayName',
  'givenName',
  'middleName',
  'surname',
  'initials',
  'jobTitle',
  'companyName',
  'mobilePhone',
  'businessHomePage',
  'faxNumber',
  'fileAs',
] as const satisfies readonly Field[];
const LISTS = ['emailAddresses', 'businessPhones'] as const satisfies readonly Field[];
const ADDRESS = 'businessAddress' as const satisfies Field;

/** Each row: the copy's values, and whether deleting it loses nothing. */
const ROWS: [string, Partial<OutlookContact>, boolean][] = [
  ...SCALARS.flatMap((f): [string, Partial<OutlookContact>, boolean][] => [
    [`${f} empty`, { [f]: '' }, true],
    [`${f} equal`, { [f]: linked[f] }, true],
    [`${f} different`, { [f]: `${linked[f] ?? ''}x` }, false],
  ]),
  ['emailAddresses empty', { emailAddresses: [] }, true],
  ['emailAddresses one of the linked ones', { emailAddresses: [linked.emailAddresses[1]!] }, true],
  ['emailAddresses another name', { emailAddresses: [{ address: 'anna@contoso.com', name: 'A.' }] }, false],
  [
    'emailAddresses another address',
    { emailAddresses: [{ address: 'x@contoso.com', name: 'Anna Berg' }] },
    false,
  ],
  ['businessPhones empty', { businessPhones: [] }, true],
  ['businessPhones the first of the linked two (F1)', { businessPhones: ['+45 1111'] }, true],
  ['businessPhones one the linked lacks', { businessPhones: ['+45 1111', '+45 9999'] }, false],
  [
    'businessAddress empty',
    { businessAddress: { street: '', city: '', state: '', postalCode: '', countryOrRegion: '' } },
    true,
  ],
  [
    'businessAddress part of it',
    { businessAddress: { ...linked.businessAddress, street: '', state: '' } },
    true,
  ],
  ['businessAddress another city', { businessAddress: { ...linked.businessAddress, city: 'Odense' } }, false],
  ...OUTLOOK_ONLY_PROPERTIES.map((p): [string, Partial<OutlookContact>, boolean] => [
    `an Outlook-only value (${p}) on the copy`,
    { outlookOnly: [p] },
    false,
  ]),
  ['nothing more than the linked one holds, which holds notes', {}, true],
];

describe('a late copy is deleted exactly when each of its values is held by the linked contact', () => {
  test('the table covers every field of an Outlook contact', () => {
    const covered = new Set<string>([...SCALARS, ...LISTS, ADDRESS]);
    const fields = Object.keys(linked).filter(
      (k) => !['id', 'changeKey', 'bcId', 'createdBy', 'outlookOnly'].includes(k),
    );
    expect(fields.filter((f) => !covered.has(f))).toEqual([]);
  });

  test.each(ROWS)('%s', (_name, values, deleted) => {
    const withNotes = { ...linked, outlookOnly: [OUTLOOK_ONLY_PROPERTIES[0]!] };
    for (const l of [linked, withNotes]) expect(isOurCopy(lateCopy(values), l, [])).toBe(deleted);
  });
});
