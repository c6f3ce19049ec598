import type { EmailAddress, OutlookContact, OutlookContactDraft, PhysicalAddress } from '../core/model.js';
import { OUTLOOK_ONLY_SELECTED, outlookOnlyPropertiesOf } from '../core/outlook-only.js';

/**
 * The BC contact id lives on the Outlook contact as a named string property. The property set GUID
 * is this project's own, fixed forever: changing it would orphan every link already stamped.
 */
const BC_ID_PROPERTY_SET = '66f5a359-4659-4830-9070-00047ec6ac6e';
export const BC_ID_PROPERTY = `String {${BC_ID_PROPERTY_SET}} Name BcContactId`;
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
const CONTACT_EXPAND = `singleValueExtendedProperties($filter=id eq '${BC_ID_PROPERTY}' or id eq '${FAX_PROPERTY}' or id eq '${HAS_PICTURE_PROPERTY}')`;

/** `$select` + `$expand` query string for complete contacts (values percent-encoded). */
export const CONTACT_QUERY = `$select=${CONTACT_SELECT}&$expand=${encodeURIComponent(CONTACT_EXPAND)}`;

type Json = Record<string, unknown>;

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function emails(value: unknown): EmailAddress[] {
  if (!Array.isArray(value)) return [];
  return value.map((e: unknown) => {
    const entry = (e ?? {}) as Json;
    return { address: str(entry.address), name: str(entry.name) };
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

function address(value: unknown): PhysicalAddress {
  const a = (value ?? {}) as Json;
  return addressOf((key) => str(a[key]));
}

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
export function fromGraphContact(json: Json): OutlookContact {
  return {
    id: str(json.id),
    changeKey: str(json.changeKey) || changeKeyFromEtag(str(json['@odata.etag'])),
    bcId: extendedValue(json, BC_ID_PROPERTY),
    displayName: str(json.displayName),
    givenName: str(json.givenName),
    middleName: str(json.middleName),
    surname: str(json.surname),
    initials: str(json.initials),
    jobTitle: str(json.jobTitle),
    companyName: str(json.companyName),
    emailAddresses: emails(json.emailAddresses),
    businessPhones: strings(json.businessPhones),
    mobilePhone: str(json.mobilePhone),
    businessHomePage: str(json.businessHomePage),
    businessAddress: address(json.businessAddress),
    faxNumber: extendedValue(json, FAX_PROPERTY),
    outlookOnly: outlookOnlyPropertiesOf(
      json,
      extendedValue(json, HAS_PICTURE_PROPERTY).toLowerCase() === 'true',
    ),
    // Kept for the engine's second look with the link's names and for refiling (core/file-as.ts).
    ...(str(json.fileAs) !== '' ? { fileAs: str(json.fileAs) } : {}),
  };
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
  if (key === 'emailAddresses') return emails(value);
  return value;
}
