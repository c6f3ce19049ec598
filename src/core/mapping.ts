import { SYNC_FIELDS, nfc, sameFieldValue } from './model.js';
import { bcForm } from './bc-field-rules.js';
import { codeForm } from './code-form.js';
import type { OutlookContact, OutlookContactDraft, SyncFieldName, SyncFields } from './model.js';
import type { OutlookPatch } from './ports.js';
import { countryToBc } from './country.js';
import { namesOfFields, refiledFileAs } from './file-as.js';
import {
  EMAIL_LIST,
  PHONE_LIST,
  holdsSettledLists,
  ownedFieldValues,
  readOwnedValues,
} from './owned-values.js';
import { emailList, phoneList } from './owned-list-writes.js';
import type { Ownership } from './owned-values.js';
import { hasLineBreak, joinStreet, splitStreet } from './street-lines.js';

// How a contact's values map between BC's fields (SyncFields) and an Outlook contact, both ways,
// and the PATCH bodies that carry a change. BC's field rules: bc-field-rules.ts.

/**
 * Graph limits (observed 400s beyond them).
 * @internal The fakes (src/fakes, outside production) refuse longer lists as Graph does.
 */
export const GRAPH_MAX_EMAILS = EMAIL_LIST.max;
/** @internal The fakes (src/fakes, outside production) refuse longer lists as Graph does. */
export const GRAPH_MAX_BUSINESS_PHONES = PHONE_LIST.max;

/**
 * A BC contact's sync fields (or any record's: a missing one is empty), every value in NFC — what
 * the sync writes to BC and keeps as the base.
 */
export function bcToSyncFields(c: Readonly<Partial<SyncFields>>): SyncFields {
  // Each field read by name (issue 12 §2: through syncFieldsFrom each was a megamorphic read by a
  // variable key, for every contact a plan creates in Outlook). In SYNC_FIELDS order.
  return {
    displayName: nfc(c.displayName ?? ''),
    firstName: nfc(c.firstName ?? ''),
    middleName: nfc(c.middleName ?? ''),
    surname: nfc(c.surname ?? ''),
    initials: nfc(c.initials ?? ''),
    jobTitle: nfc(c.jobTitle ?? ''),
    companyName: nfc(c.companyName ?? ''),
    email: nfc(c.email ?? ''),
    email2: nfc(c.email2 ?? ''),
    phoneNumber: nfc(c.phoneNumber ?? ''),
    mobilePhoneNumber: nfc(c.mobilePhoneNumber ?? ''),
    faxNumber: nfc(c.faxNumber ?? ''),
    website: nfc(c.website ?? ''),
    addressLine1: nfc(c.addressLine1 ?? ''),
    addressLine2: nfc(c.addressLine2 ?? ''),
    city: nfc(c.city ?? ''),
    state: nfc(c.state ?? ''),
    postalCode: nfc(c.postalCode ?? ''),
    country: nfc(c.country ?? ''),
  };
}

/**
 * BC's Code fields that Outlook holds as free text, and how an Outlook value becomes BC's: BC
 * upper-cases every Code field it stores (Post Code is Code[20], Country/Region Code is Code[10]), and
 * a country may be typed as a name (country.ts). The canonical record holds BC's form, so a value
 * Outlook holds in another form ("sw1a 1aa", "Deutschland") compares equal and is left as typed.
 */
const BC_CODE_FIELDS = {
  postalCode: (text: string): string => codeForm(text),
  country: countryToBc,
} as const satisfies Partial<Record<SyncFieldName, (text: string) => string>>;

/**
 * The BC fields an Outlook contact holds in one property of its own, and how that property reads as
 * BC's value (the rest: the owned e-mail and phone lists, and the street's two lines). The one home
 * of this mapping for reading a contact (`outlookToSyncFields`) and for comparing it (`outlookHolds`).
 */
const HELD_AS = {
  displayName: (c) => c.displayName,
  firstName: (c) => c.givenName,
  middleName: (c) => c.middleName,
  surname: (c) => c.surname,
  initials: (c) => c.initials,
  jobTitle: (c) => c.jobTitle,
  companyName: (c) => c.companyName,
  mobilePhoneNumber: (c) => c.mobilePhone,
  faxNumber: (c) => c.faxNumber,
  website: (c) => c.businessHomePage,
  city: (c) => c.businessAddress.city,
  state: (c) => c.businessAddress.state,
  postalCode: (c) => BC_CODE_FIELDS.postalCode(nfc(c.businessAddress.postalCode)),
  // rule values.country: the free text as BC's code, by code or by name (country.ts).
  country: (c) => BC_CODE_FIELDS.country(nfc(c.businessAddress.countryOrRegion)),
} as const satisfies Partial<Record<SyncFieldName, (contact: OutlookContact) => string>>;

/** sameFieldValue, the same strings answered without a call. */
const same = (field: SyncFieldName, a: string, b: string): boolean => a === b || sameFieldValue(field, a, b);

/**
 * The values an Outlook contact holds for BC's fields. `owner` (a linked contact: the link's base
 * and remembered Outlook-only values) says which e-mail entries and phones are BC's (owned-values.ts);
 * without it (import, first match) the first entries are.
 */
export function outlookToSyncFields(
  contact: OutlookContact,
  owner: Ownership | null = null,
  newEntries: 'toFields' | 'own' = 'toFields',
): SyncFields {
  const { addressLine1, addressLine2 } = splitStreet(contact.businessAddress.street);
  const owned = ownedFieldValues(contact, owner, newEntries);
  // Outlook keeps the form it was typed in; the sync reads (and writes to BC) NFC. One record, each
  // value in NFC as it goes in (bcToSyncFields of the record read, without the second record).
  return {
    displayName: nfc(HELD_AS.displayName(contact)),
    firstName: nfc(HELD_AS.firstName(contact)),
    middleName: nfc(HELD_AS.middleName(contact)),
    surname: nfc(HELD_AS.surname(contact)),
    initials: nfc(HELD_AS.initials(contact)),
    jobTitle: nfc(HELD_AS.jobTitle(contact)),
    companyName: nfc(HELD_AS.companyName(contact)),
    // BC trims an e-mail (bcForm): read so, " ann@x.com " is written as BC keeps it, not skipped.
    email: bcForm('email', nfc(owned.email ?? '')),
    email2: bcForm('email2', nfc(owned.email2 ?? '')),
    phoneNumber: nfc(owned.phoneNumber ?? ''),
    mobilePhoneNumber: nfc(HELD_AS.mobilePhoneNumber(contact)),
    faxNumber: nfc(HELD_AS.faxNumber(contact)),
    website: nfc(HELD_AS.website(contact)),
    addressLine1: nfc(addressLine1),
    addressLine2: nfc(addressLine2),
    city: nfc(HELD_AS.city(contact)),
    state: nfc(HELD_AS.state(contact)),
    postalCode: nfc(HELD_AS.postalCode(contact)),
    country: nfc(HELD_AS.country(contact)),
  };
}

/**
 * `sameSyncFields(outlookToSyncFields(contact, owner), owner.base)` without building the record: the
 * planner asks this for every linked contact, and at scale almost all of them are unchanged.
 */
export function outlookHolds(contact: OutlookContact, owner: Ownership): boolean {
  const b = owner.base;
  const a = contact.businessAddress;
  // HELD_AS field by field, each property read by name (issue 12 §2: a loop over the table called
  // 14 readers from one site and read the base by a variable key, for every linked contact).
  // test/core/mapping.properties.test.ts holds this to the table, one row per field.
  if (!(
    same('displayName', contact.displayName, b.displayName) &&
    same('firstName', contact.givenName, b.firstName) &&
    same('middleName', contact.middleName, b.middleName) &&
    same('surname', contact.surname, b.surname) &&
    same('initials', contact.initials, b.initials) &&
    same('jobTitle', contact.jobTitle, b.jobTitle) &&
    same('companyName', contact.companyName, b.companyName) &&
    same('mobilePhoneNumber', contact.mobilePhone, b.mobilePhoneNumber) &&
    same('faxNumber', contact.faxNumber, b.faxNumber) &&
    same('website', contact.businessHomePage, b.website) &&
    same('city', a.city, b.city) &&
    same('state', a.state, b.state) &&
    same('postalCode', HELD_AS.postalCode(contact), b.postalCode) &&
    same('country', HELD_AS.country(contact), b.country)
  ))
    return false;
  // Lists as the sync left them hold the base's owned values: nothing to read or compare.
  if (!holdsSettledLists(contact, owner)) {
    const owned = readOwnedValues(contact, owner).values;
    if (
      !sameFieldValue('email', owned.email ?? '', b.email) ||
      !sameFieldValue('email2', owned.email2 ?? '', b.email2) ||
      !sameFieldValue('phoneNumber', owned.phoneNumber ?? '', b.phoneNumber)
    )
      return false;
  }
  if (!hasLineBreak(a.street))
    return sameFieldValue('addressLine1', a.street, b.addressLine1) && b.addressLine2 === '';
  const { addressLine1, addressLine2 } = splitStreet(a.street);
  return (
    sameFieldValue('addressLine1', addressLine1, b.addressLine1) &&
    sameFieldValue('addressLine2', addressLine2, b.addressLine2)
  );
}

export function syncFieldsToOutlookDraft(
  fields: SyncFields,
  bcId: string,
  createdBy = '',
): OutlookContactDraft {
  const draft: OutlookContactDraft = {
    bcId,
    displayName: fields.displayName,
    givenName: fields.firstName,
    middleName: fields.middleName,
    surname: fields.surname,
    initials: fields.initials,
    jobTitle: fields.jobTitle,
    companyName: fields.companyName,
    emailAddresses: emailList(fields, fields, null),
    businessPhones: phoneList(fields, fields, null),
    mobilePhone: fields.mobilePhoneNumber,
    businessHomePage: fields.website,
    businessAddress: {
      street: joinStreet(fields.addressLine1, fields.addressLine2),
      city: fields.city,
      state: fields.state,
      postalCode: fields.postalCode,
      countryOrRegion: fields.country,
    },
    faxNumber: fields.faxNumber,
  };
  // The mark of our creates goes on a create's draft only (OutlookContact.createdBy).
  return createdBy === '' ? draft : { ...draft, createdBy };
}

/** The fields Outlook holds in its one businessAddress: the address closes SYNC_FIELDS. */
const ADDRESS_FIELDS: readonly SyncFieldName[] = SYNC_FIELDS.slice(SYNC_FIELDS.indexOf('addressLine1'));

/**
 * The fields whose PATCH is made from the Outlook contact as it is (`existing` in outlookPatch): a
 * name part or the company re-files "File as", the display name renames BC's e-mail entries, a list
 * keeps Outlook's own entries in place, an address keeps the parts BC did not change as Outlook
 * holds them. A change of any other field patches alike with or without the contact read, so a
 * delta may write it on the link's word (delta-reads.ts; test/core/patch-reads.test.ts: every field).
 * @internal
 */
export const PATCH_READS_OUTLOOK: ReadonlySet<SyncFieldName> = new Set<SyncFieldName>([
  'displayName',
  'firstName',
  'middleName',
  'surname',
  'companyName',
  'email',
  'email2',
  'phoneNumber',
  ...ADDRESS_FIELDS,
]);

/** Whether turning `current` into `target` on Outlook needs the contact read first (see above). */
export function patchReadsOutlook(current: SyncFields, target: SyncFields): boolean {
  for (const f of PATCH_READS_OUTLOOK) if (!sameFieldValue(f, current[f], target[f])) return true;
  return false;
}

/**
 * The PATCH that turns `current` into `target` on the Outlook side: only changed properties, plus
 * displayName (always sent, Graph regenerates it otherwise) and the fax (an extended property: a
 * PATCH answer leaves it out, so sending it lets the answer be complete without a read-back,
 * issue 12 §2). `existing` (the contact as read, `current` its values) keeps Outlook's own e-mail
 * entries and phones in place; null only for a contact whose lists are BC's alone. A rename refiles
 * a "File as" Outlook derived from the old name under the same form of the new one (Graph does not,
 * and a stale form would read as the user's own value); one the user set is never sent.
 */
export function outlookPatch(
  current: SyncFields,
  target: SyncFields,
  existing: OutlookContact | null,
  bcId?: string,
): OutlookPatch {
  const changed = new Set(SYNC_FIELDS.filter((f) => !sameFieldValue(f, current[f], target[f])));
  const draft = syncFieldsToOutlookDraft(target, bcId ?? '');
  const patch: { -readonly [K in keyof OutlookPatch]: OutlookPatch[K] } = { displayName: target.displayName };
  if (changed.has('firstName')) patch.givenName = draft.givenName;
  if (changed.has('middleName')) patch.middleName = draft.middleName;
  if (changed.has('surname')) patch.surname = draft.surname;
  if (changed.has('initials')) patch.initials = draft.initials;
  if (changed.has('jobTitle')) patch.jobTitle = draft.jobTitle;
  if (changed.has('companyName')) patch.companyName = draft.companyName;
  if (changed.has('email') || changed.has('email2'))
    patch.emailAddresses = emailList(current, target, existing);
  else if (changed.has('displayName') && existing) {
    // The name of BC's e-mail entries follows the contact's name (issue 8 §8): sent when it moves.
    const renamed = emailList(current, target, existing);
    if (renamed.some((e, n) => e.name !== existing.emailAddresses[n]?.name)) patch.emailAddresses = renamed;
  }
  if (changed.has('phoneNumber')) patch.businessPhones = phoneList(current, target, existing);
  if (changed.has('mobilePhoneNumber')) patch.mobilePhone = draft.mobilePhone;
  if (changed.has('website')) patch.businessHomePage = draft.businessHomePage;
  patch.faxNumber = draft.faxNumber;
  if (ADDRESS_FIELDS.some((f) => changed.has(f)))
    patch.businessAddress = addressPatch(draft.businessAddress, changed, existing);
  const fileAs =
    existing?.fileAs === undefined
      ? undefined
      : refiledFileAs(existing.fileAs, namesOfFields(current), namesOfFields(target));
  if (fileAs !== undefined) patch.fileAs = fileAs;
  if (bcId !== undefined) patch.bcId = bcId;
  return patch;
}

/**
 * Graph replaces businessAddress as a whole: the parts BC did not change are sent as Outlook holds
 * them (its line breaks, a country typed as a name), so only BC's changes reach Outlook.
 */
function addressPatch(
  draft: OutlookContactDraft['businessAddress'],
  changed: ReadonlySet<SyncFieldName>,
  existing: OutlookContact | null,
): OutlookContactDraft['businessAddress'] {
  const now = existing?.businessAddress;
  if (!now) return draft;
  const keep = (...fields: SyncFieldName[]) => !fields.some((f) => changed.has(f));
  return {
    street: keep('addressLine1', 'addressLine2') ? now.street : draft.street,
    city: keep('city') ? now.city : draft.city,
    state: keep('state') ? now.state : draft.state,
    postalCode: keep('postalCode') ? now.postalCode : draft.postalCode,
    countryOrRegion: keep('country') ? now.countryOrRegion : draft.countryOrRegion,
  };
}

/** The fields whose values differ, as a BC PATCH body. */
export function bcPatch(current: SyncFields, target: SyncFields): Partial<SyncFields> {
  const patch: Partial<SyncFields> = {};
  for (const f of SYNC_FIELDS) if (!sameFieldValue(f, current[f], target[f])) patch[f] = target[f];
  return patch;
}
