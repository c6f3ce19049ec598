import type { OutlookContact } from './model.js';
import { readOwnedValues } from './owned-values.js';
import type { Ownership } from './owned-values.js';

/**
 * The properties of Graph's `contact` resource that BC has no field for (design §3 maps the
 * others). A value the user keeps in one of them lives only in Outlook: removing the copy would
 * lose it (F54). Graph's names, in Graph's order (https://learn.microsoft.com/graph/api/resources/contact).
 * Left out: `fileAs` (Outlook derives it from the name when it is not set) and the read-only ones.
 */
export const OUTLOOK_ONLY_PROPERTIES = [
  'categories',
  'birthday',
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

export type OutlookOnlyProperty = (typeof OUTLOOK_ONLY_PROPERTIES)[number];

/** Whether a Graph JSON value of a property holds something: a non-blank string, an entry, an address part. */
function holdsValue(value: unknown): boolean {
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.some(holdsValue);
  if (value !== null && typeof value === 'object') return Object.values(value).some(holdsValue);
  return false;
}

/** The Outlook-only properties of a Graph contact (JSON) that hold a value, in the list's order. */
export function outlookOnlyPropertiesOf(json: Readonly<Record<string, unknown>>): OutlookOnlyProperty[] {
  return OUTLOOK_ONLY_PROPERTIES.filter((p) => holdsValue(json[p]));
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
