import { fileAsIsOwn, namesOfFields, namesOfJson } from './file-as.js';
import { sharedEmptyList } from './empty-list.js';
import type { OutlookContact } from './model.js';
import { readOwnedValues } from './owned-values.js';
import type { Ownership } from './owned-values.js';

/**
 * The properties of Graph's `contact` resource that BC has no field for (design §3 maps the
 * others), read with `$select`. A value the user keeps in one of them lives only in Outlook:
 * removing the copy would lose it (F54). Graph's names, in Graph's order
 * (https://learn.microsoft.com/graph/api/resources/contact). `fileAs` counts only when the user set
 * it (file-as.ts: Outlook derives it from the name otherwise). Left out: the read-only ones, and
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

/** Of the read lists' hidden class (empty-list.ts). */
const NO_OUTLOOK_ONLY: readonly OutlookOnlyProperty[] = sharedEmptyList();

/**
 * The Outlook-only properties of a Graph contact (JSON) that hold a value, in the list's order;
 * `hasPhoto`: whether the contact has a photo (Graph JSON does not carry it).
 */
export function outlookOnlyPropertiesOf(
  json: Readonly<Record<string, unknown>>,
  hasPhoto = false,
): readonly OutlookOnlyProperty[] {
  const held = OUTLOOK_ONLY_PROPERTIES.filter((p) =>
    p === 'photo'
      ? hasPhoto
      : p === 'fileAs'
        ? typeof json.fileAs === 'string' && fileAsIsOwn(json.fileAs, namesOfJson(json))
        : holdsValue(json[p]),
  );
  // Most contacts hold none: one shared list, not an empty array per contact read (issue 12: a
  // run holds every contact of the folder at once).
  return held.length === 0 ? NO_OUTLOOK_ONLY : held;
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
  return { properties: outlookOnlyProperties(contact, owner), emails: own.emails, phones: own.phones };
}

/**
 * The copy's Outlook-only properties, a `fileAs` derived from the names the link last synced left
 * out: the read judged it against the contact's names now, and a rename not yet synced (or made
 * through Graph, which does not refile) leaves the form of the old name in place. Every decision
 * "own or derived" for a linked copy comes here (deletions, scope, folder moves, kept copies).
 */
function outlookOnlyProperties(
  contact: OutlookContact,
  owner: Ownership | null,
): readonly OutlookOnlyProperty[] {
  const { fileAs } = contact;
  if (!owner || fileAs === undefined || !contact.outlookOnly.includes('fileAs')) return contact.outlookOnly;
  if (fileAsIsOwn(fileAs, namesOfFields(owner.base))) return contact.outlookOnly;
  return contact.outlookOnly.filter((p) => p !== 'fileAs');
}

/** Whether removing this copy would lose a value BC does not hold (rule deletions.keepOutlookOnly). */
export function holdsOutlookOnly(values: OutlookOnlyValues): boolean {
  return values.properties.length > 0 || values.emails.length > 0 || values.phones.length > 0;
}
