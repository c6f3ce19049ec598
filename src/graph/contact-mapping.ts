import type { EmailAddress, OutlookContact, OutlookContactDraft, PhysicalAddress } from '../core/model.js';
import { OUTLOOK_ONLY_SELECTED, outlookOnlyPropertiesOf } from '../core/outlook-only.js';
import { pooled } from '../core/text-pool.js';
import { sharedEmptyList } from '../core/empty-list.js';
import type { TextPool } from '../core/text-pool.js';

/**
 * The BC contact id lives on the Outlook contact as a named string property. The property set GUID
 * is this project's own, fixed forever: changing it would orphan every link already stamped.
 */
const BC_ID_PROPERTY_SET = '66f5a359-4659-4830-9070-00047ec6ac6e';
export const BC_ID_PROPERTY = `String {${BC_ID_PROPERTY_SET}} Name BcContactId`;
/**
 * The mark of our own creates (OutlookContact.createdBy: the id of the run that sent the create),
 * in the BC id's property set. Stamped on create only, never patched.
 */
const CREATED_BY_PROPERTY = `String {${BC_ID_PROPERTY_SET}} Name CreatedBySyncRun`;
/** PidTagBusinessFaxNumber: Graph's contact resource has no fax property. */
export const FAX_PROPERTY = 'String 0x3A24';
/**
 * PidLidHasPicture (PSETID_Address, LID 0x8015, PT_BOOLEAN): "If this property exists and is set to
 * TRUE, the contact's attachment table contains an attachment with PidTagAttachmentContactPhoto set
 * to TRUE" (MS-OXPROPS; learn.microsoft.com/office/client-developer/outlook/mapi/pidlidhaspicture-canonical-property).
 * Graph's `photo` cannot be $selected, and `$expand=photo` on a contact does not say whether one
 * exists (msgraph-sdk-java#996; microsoft-graph-docs#1525); GET …/photo per contact would cost one
 * request per contact. Reading this flag with the extended properties the read already expands
 * costs nothing more (F58). That Graph's PUT …/photo/$value sets it is an inference from Exchange
 * storing contact photos as that attachment (EWS HasPicture is derived the same way), not a
 * documented fact.
 */
const HAS_PICTURE_PROPERTY = 'Boolean {00062004-0000-0000-C000-000000000046} Id 0x8015';

/** The plain string properties a draft maps to one Graph property each (read and written alike). */
const STRING_FIELDS = [
  'givenName',
  'middleName',
  'surname',
  'initials',
  'jobTitle',
  'companyName',
  'mobilePhone',
  'businessHomePage',
  'fileAs',
] as const;

/**
 * What the engine maps (id and changeKey included), and the properties BC has no field for: the
 * engine never writes those, it only needs to know whether a copy holds any before removing it (F54).
 * @internal exported for outlook-only-coverage.test; the product uses CONTACT_QUERY.
 */
export const CONTACT_SELECT = [
  ...new Set([
    'id',
    'changeKey',
    'displayName',
    ...STRING_FIELDS,
    'emailAddresses',
    'businessPhones',
    'businessAddress',
    ...OUTLOOK_ONLY_SELECTED,
  ]),
].join(',');

/** Graph compares extended property ids case-insensitively; the emulator's parser accepts `or`. */
const CONTACT_EXPAND = `singleValueExtendedProperties($filter=id eq '${BC_ID_PROPERTY}' or id eq '${FAX_PROPERTY}' or id eq '${HAS_PICTURE_PROPERTY}' or id eq '${CREATED_BY_PROPERTY}')`;

/** `$select` + `$expand` query string for complete contacts (values percent-encoded). */
export const CONTACT_QUERY = `$select=${CONTACT_SELECT}&$expand=${encodeURIComponent(CONTACT_EXPAND)}`;

type Json = Record<string, unknown>;

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * Shared by every contact whose list is empty (never written to: the model's lists are readonly):
 * a run holds the whole folder at once, and an empty array per contact and list added up
 * (issue 12: 100,000 contacts). Of the read lists' hidden class (empty-list.ts).
 */
const NO_STRINGS: readonly string[] = sharedEmptyList();
const NO_EMAILS: readonly EmailAddress[] = sharedEmptyList();

function strings(value: unknown): readonly string[] {
  if (!Array.isArray(value) || value.length === 0) return NO_STRINGS;
  return value.filter((v): v is string => typeof v === 'string');
}

/**
 * `displayName`: an entry's name is most often the contact's display name (the sync writes it
 * so, owned-list-writes.ts), parsed as a string of its own: the contact's is kept instead, one
 * string fewer per contact held.
 */
function emails(value: unknown, displayName: string): readonly EmailAddress[] {
  if (!Array.isArray(value) || value.length === 0) return NO_EMAILS;
  return value.map((e: unknown) => {
    const entry = (e ?? {}) as Json;
    const name = str(entry.name);
    return { address: str(entry.address), name: name === displayName ? displayName : name };
  });
}

/**
 * Each property of an address through `f`: the one list of them that reading (`str`) and writing
 * (`nullable`) share, complete by its type (Graph's property names are the model's).
 */
function addressOf<T>(f: (key: keyof PhysicalAddress) => T): Record<keyof PhysicalAddress, T> {
  return {
    street: f('street'),
    city: f('city'),
    state: f('state'),
    postalCode: f('postalCode'),
    countryOrRegion: f('countryOrRegion'),
  };
}

function address(value: unknown, pool?: TextPool): PhysicalAddress {
  const a = (value ?? {}) as Json;
  const read = addressOf((key) => pooled(pool, str(a[key])));
  // No address (Graph's `{}`, or every part blank): one shared record, as the empty lists above.
  return read.street === '' &&
    read.city === '' &&
    read.state === '' &&
    read.postalCode === '' &&
    read.countryOrRegion === ''
    ? NO_ADDRESS
    : read;
}

// Not frozen (never written to: the model's address is readonly): a frozen record has a hidden class
// of its own, and code compiled over read addresses was thrown away at the first contact with none
// (issue 12, --trace-deopt "wrong map").
const NO_ADDRESS: PhysicalAddress = addressOf(() => '');

function extendedValue(contact: Json, propertyId: string): string {
  const list = contact.singleValueExtendedProperties;
  if (!Array.isArray(list)) return '';
  const wanted = propertyId.toLowerCase();
  for (const p of list as Json[]) {
    if (typeof p?.id === 'string' && p.id.toLowerCase() === wanted) return str(p.value);
  }
  return '';
}

/** Graph JSON → the engine's contact: null → '', missing collections → [], `{}` address → ''. */
export function fromGraphContact(json: Json, pool?: TextPool): OutlookContact {
  // `pool`: the values colleagues share (company, address, web site, title) as one string per read.
  const id = str(json.id);
  const changeKey = str(json.changeKey) || changeKeyFromEtag(str(json['@odata.etag']));
  const bcId = extendedValue(json, BC_ID_PROPERTY);
  const displayName = str(json.displayName);
  const givenName = str(json.givenName);
  const middleName = str(json.middleName);
  const surname = str(json.surname);
  const initials = str(json.initials);
  const jobTitle = pooled(pool, str(json.jobTitle));
  const companyName = pooled(pool, str(json.companyName));
  const emailAddresses = emails(json.emailAddresses, displayName);
  const businessPhones = strings(json.businessPhones);
  const mobilePhone = str(json.mobilePhone);
  const businessHomePage = pooled(pool, str(json.businessHomePage));
  const businessAddress = address(json.businessAddress, pool);
  const faxNumber = extendedValue(json, FAX_PROPERTY);
  const outlookOnly = outlookOnlyPropertiesOf(
    json,
    extendedValue(json, HAS_PICTURE_PROPERTY).toLowerCase() === 'true',
  );
  // Kept for the engine's second look with the link's names and for refiling (core/file-as.ts).
  const fileAs = str(json.fileAs);
  // One string per run's mark (most contacts of a folder carry the mark of the run that made them).
  const createdBy = pooled(pool, extendedValue(json, CREATED_BY_PROPERTY));
  // One literal per shape, not one with `...(fileAs ? { fileAs } : {})`: the spread added `fileAs`
  // after the literal's own properties, in a property array of its own per contact (issue 12:
  // memory of 100,000 contacts held at once), and made an object per contact to spread. The same
  // for the mark of our creates (absent on contacts we did not create).
  if (createdBy !== '')
    // prettier-ignore
    return fileAs !== ''
      ? { id, changeKey, bcId, displayName, givenName, middleName, surname, initials, jobTitle, companyName,
          emailAddresses, businessPhones, mobilePhone, businessHomePage, businessAddress, faxNumber, outlookOnly,
          fileAs, createdBy }
      : { id, changeKey, bcId, displayName, givenName, middleName, surname, initials, jobTitle, companyName,
          emailAddresses, businessPhones, mobilePhone, businessHomePage, businessAddress, faxNumber, outlookOnly,
          createdBy };
  // prettier-ignore
  return fileAs !== ''
    ? { id, changeKey, bcId, displayName, givenName, middleName, surname, initials, jobTitle, companyName,
        emailAddresses, businessPhones, mobilePhone, businessHomePage, businessAddress, faxNumber, outlookOnly,
        fileAs }
    : { id, changeKey, bcId, displayName, givenName, middleName, surname, initials, jobTitle, companyName,
        emailAddresses, businessPhones, mobilePhone, businessHomePage, businessAddress, faxNumber, outlookOnly };
}

/** `W/"<changeKey>"` → changeKey; Graph's contact etags wrap the changeKey. */
function changeKeyFromEtag(etag: string): string {
  const m = /^(?:W\/)?"(.*)"$/.exec(etag);
  return m?.[1] ?? '';
}

/** The If-Match value for a changeKey ('*' matches any version). */
export function etagFor(changeKey: string): string {
  return changeKey === '*' ? '*' : `W/"${changeKey}"`;
}

/** '' is "not set": Graph's canonical form of that is null, so writes send null. */
const nullable = (value: string): string | null => (value === '' ? null : value);

function addressBody(a: PhysicalAddress): Json {
  return addressOf((key) => nullable(a[key]));
}

/**
 * POST/PATCH body for the given (partial) draft. displayName is sent as is (never null: a null
 * displayName makes Outlook regenerate it). Extended properties: on create an empty value is
 * simply not stamped; on update '' is written so a cleared fax (or BC id) reads back as ''.
 */
export function toGraphBody(draft: Partial<OutlookContactDraft>, isCreate: boolean): Json {
  const body: Json = {};
  if (draft.displayName !== undefined) body.displayName = draft.displayName;
  for (const key of STRING_FIELDS) {
    const value = draft[key];
    if (value !== undefined) body[key] = nullable(value);
  }
  if (draft.emailAddresses !== undefined) {
    body.emailAddresses = draft.emailAddresses.map((e) => ({ address: e.address, name: e.name }));
  }
  if (draft.businessPhones !== undefined) body.businessPhones = [...draft.businessPhones];
  if (draft.businessAddress !== undefined) body.businessAddress = addressBody(draft.businessAddress);
  const extended: { id: string; value: string }[] = [];
  const stamp = (id: string, value: string | undefined): void => {
    if (value === undefined || (isCreate && value === '')) return;
    extended.push({ id, value });
  };
  stamp(BC_ID_PROPERTY, draft.bcId);
  stamp(FAX_PROPERTY, draft.faxNumber);
  // Only a create stamps the mark of our creates: an update never names it, so it never moves.
  if (isCreate) stamp(CREATED_BY_PROPERTY, draft.createdBy);
  if (extended.length > 0) body.singleValueExtendedProperties = extended;
  return body;
}

/** Whether `current` already holds every value `patch` would write (used after a lost PATCH). */
export function holdsPatch(current: OutlookContact, patch: Partial<OutlookContactDraft>): boolean {
  for (const [key, value] of Object.entries(patch)) {
    const actual = (current as unknown as Json)[key];
    if (JSON.stringify(actual) !== JSON.stringify(normalisePatchValue(key, value))) return false;
  }
  return true;
}

/** The patch value as it reads back (same shape and key order as fromGraphContact builds). */
function normalisePatchValue(key: string, value: unknown): unknown {
  if (key === 'businessAddress') return address(value);
  if (key === 'emailAddresses') return emails(value, '');
  return value;
}
