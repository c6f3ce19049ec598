import type { OutlookContact } from './model.js';
import { readOwnedValues } from './owned-values.js';
import type { Ownership } from './owned-values.js';

/**
 * The properties of Graph's `contact` resource that BC has no field for (design §3 maps the
 * others), read with `$select`. A value the user keeps in one of them lives only in Outlook:
 * removing the copy would lose it (F54). Graph's names, in Graph's order
 * (https://learn.microsoft.com/graph/api/resources/contact). `fileAs` counts only when the user set
 * it (fileAsIsOwn: Outlook derives it from the name otherwise). Left out: the read-only ones, and
 * the relationships (`photo` below; extensions and extended properties: outlook-only-coverage test).
 */
export const OUTLOOK_ONLY_SELECTED = [
  'categories',
  'birthday',
  'fileAs',
  'nickName',
  'title',
  'yomiGivenName',
  'yomiSurname',
  'yomiCompanyName',
  'generation',
  'imAddresses',
  'department',
  'officeLocation',
  'profession',
  'assistantName',
  'manager',
  'homePhones',
  'spouseName',
  'personalNotes',
  'children',
  'homeAddress',
  'otherAddress',
] as const;

/**
 * Everything a copy can hold that BC has no field for: the selected properties and the contact's
 * photo (Graph's `photo` relationship, F58), which no `$select` reads; each adapter says whether a
 * contact has one (Graph: PidLidHasPicture, contact-mapping.ts).
 */
export const OUTLOOK_ONLY_PROPERTIES = [...OUTLOOK_ONLY_SELECTED, 'photo'] as const;

export type OutlookOnlyProperty = (typeof OUTLOOK_ONLY_PROPERTIES)[number];

/** Whether a Graph JSON value of a property holds something: a non-blank string, an entry, an address part. */
function holdsValue(value: unknown): boolean {
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.some(holdsValue);
  if (value !== null && typeof value === 'object') return Object.values(value).some(holdsValue);
  return false;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** One form for comparing names: NFC, blanks collapsed, case folded (upper then lower: ß ~ SS). */
const nameKey = (value: string): string =>
  value.normalize('NFC').replace(/\s+/g, ' ').trim().toUpperCase().toLowerCase().normalize('NFC');

/**
 * Whether a contact's `fileAs` is the user's own: set, and none of the forms Outlook files a
 * contact under by itself (its "File as" choices: "Last, First", "First Last", "Company",
 * "Last, First (Company)", "Company (Last, First)", each with or without the middle name, and the
 * display name). A fileAs Outlook derived from an older name counts as own too: a kept copy is the
 * safe side (F58).
 */
export function fileAsIsOwn(json: Readonly<Record<string, unknown>>): boolean {
  const fileAs = nameKey(text(json.fileAs));
  if (fileAs === '') return false;
  const key = (name: string): string => nameKey(text(json[name]));
  const [given, middle, surname, company, display] = [
    key('givenName'),
    key('middleName'),
    key('surname'),
    key('companyName'),
    key('displayName'),
  ];
  const join = (...parts: string[]) => parts.filter((p) => p !== '').join(' ');
  const firsts = [given, join(given, middle)];
  const names = new Set<string>([display]);
  for (const first of firsts) {
    names.add(join(first, surname));
    names.add(surname !== '' && first !== '' ? `${surname}, ${first}` : join(surname, first));
  }
  const forms = new Set<string>([...names, company]);
  if (company !== '') {
    for (const name of names) {
      if (name === '') continue;
      forms.add(`${name} (${company})`);
      forms.add(`${company} (${name})`);
    }
  }
  return !forms.has(fileAs);
}

/**
 * The Outlook-only properties of a Graph contact (JSON) that hold a value, in the list's order;
 * `hasPhoto`: whether the contact has a photo (Graph JSON does not carry it).
 */
export function outlookOnlyPropertiesOf(
  json: Readonly<Record<string, unknown>>,
  hasPhoto = false,
): OutlookOnlyProperty[] {
  return OUTLOOK_ONLY_PROPERTIES.filter((p) =>
    p === 'photo' ? hasPhoto : p === 'fileAs' ? fileAsIsOwn(json) : holdsValue(json[p]),
  );
}

/**
 * What an Outlook copy holds that BC has no field for: the Outlook-only properties with a value,
 * and Outlook's own e-mail addresses and business phones beyond the ones BC's fields own
 * (owned-values.ts; `owner` null reads by position). Removing the copy would lose all of these.
 */
export interface OutlookOnlyValues {
  readonly properties: readonly OutlookOnlyProperty[];
  readonly emails: readonly string[];
  readonly phones: readonly string[];
}

export function outlookOnlyValues(contact: OutlookContact, owner: Ownership | null): OutlookOnlyValues {
  const own = readOwnedValues(contact, owner, 'own').own;
  return { properties: contact.outlookOnly, emails: own.emails, phones: own.phones };
}

/** Whether removing this copy would lose a value BC does not hold (rule deletions.keepOutlookOnly). */
export function holdsOutlookOnly(values: OutlookOnlyValues): boolean {
  return values.properties.length > 0 || values.emails.length > 0 || values.phones.length > 0;
}
