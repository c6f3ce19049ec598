/**
 * Glossary (used everywhere in the engine):
 * - bcId: a Business Central contact's `id` (SystemId, a GUID).
 * - outlookId: a Graph contact's `id`.
 * - etag / changeKey: each side's version stamp; a moved stamp with equal mapped values is NOT a change.
 * - SyncFields: the canonical record both sides map to; comparisons and merges happen only on it.
 * - link: one bcId joined to one outlookId for one user and folder, with the base (the SyncFields
 *   both sides agreed on after the last successful sync) and the stamps seen then.
 */

import punycode from 'punycode.js';
import { foldEmailCase } from '../pure/email-fold.js';
import type { OutlookOnlyProperty } from './outlook-only.js';
import { textForm } from './text-form.js';
import type { SyncFieldName } from './sync-field-names.js';
import { SYNC_FIELDS } from './sync-field-names.js';

// The names on their own (sync-field-names.ts): the pane's first render words fields by them
// without loading this module's normalisers and punycode (F66 budget).
export { SYNC_FIELDS } from './sync-field-names.js';
export type { SyncFieldName } from './sync-field-names.js';

/** Canonical values; '' means "not set" on both sides (Graph's null and BC's blank). */
export type SyncFields = Record<SyncFieldName, string>;

export type ContactType = 'Person' | 'Company';

/** A contact as the facade (BC API v2.0 shape plus the extra fields of design §3) returns it. */
export interface BcContact extends SyncFields {
  readonly id: string;
  readonly number: string;
  readonly type: ContactType;
  readonly companyNumber: string;
  readonly territoryCode: string;
  readonly salespersonCode: string;
  readonly privacyBlocked: boolean;
  /** ISO 8601 UTC. */
  readonly lastModifiedDateTime: string;
  readonly etag: string;
}

export interface EmailAddress {
  readonly address: string;
  readonly name: string;
}

export interface PhysicalAddress {
  readonly street: string;
  readonly city: string;
  readonly state: string;
  readonly postalCode: string;
  readonly countryOrRegion: string;
}

/** The Graph contact subset the engine reads and writes ('' for Graph's null). */
export interface OutlookContact {
  readonly id: string;
  readonly changeKey: string;
  /** BC id stored on the contact as a single-value extended property; '' when absent. */
  readonly bcId: string;
  readonly displayName: string;
  readonly givenName: string;
  readonly middleName: string;
  readonly surname: string;
  readonly initials: string;
  readonly jobTitle: string;
  readonly companyName: string;
  readonly emailAddresses: readonly EmailAddress[];
  readonly businessPhones: readonly string[];
  readonly mobilePhone: string;
  readonly businessHomePage: string;
  readonly businessAddress: PhysicalAddress;
  /** PidTagBusinessFaxNumber, read through a single-value extended property. */
  readonly faxNumber: string;
  /**
   * The properties BC has no field for that hold a value on this contact (outlook-only.ts), as
   * read; [] when none. Read only: the sync never writes them (F54: nothing it cannot restore is
   * removed).
   */
  readonly outlookOnly: readonly OutlookOnlyProperty[];
  /**
   * Outlook's "File as" as read, when set (file-as.ts). Outlook-only: the sync writes it only to
   * refile a contact it renames under the same form (`outlookPatch`), never a value the user chose.
   */
  readonly fileAs?: string;
  /**
   * The mark our own create stamped on the contact (a named extended property beside the BC id):
   * the id of the run that sent the create. Absent on contacts we did not create (and on those
   * created before the mark existed). Outlook's "copy" keeps it, as it keeps the BC id, so two
   * contacts with one mark are one create and a copy the user made (our-copies.ts).
   */
  readonly createdBy?: string;
}

/** The writable part of an Outlook contact (what a create or update sends). */
export type OutlookContactDraft = Omit<OutlookContact, 'id' | 'changeKey' | 'outlookOnly'>;

/**
 * A record holding `value(field)` for every field, in SYNC_FIELDS order. Every builder of a record
 * goes through it: one object literal is one allocation with its fields in the object itself, where
 * adding 19 fields one by one to `{}` grows a separate property store several times (issue 12: the
 * planner builds several records per changed pair; 1.5–2× faster measured per record).
 * same-sync-fields.test checks the literal names every field of SYNC_FIELDS, in order.
 * @internal exported for that test; the product's builders now read fields by name (mapping.ts).
 */
export function syncFieldsFrom(value: (field: SyncFieldName) => string): SyncFields {
  return {
    displayName: value('displayName'),
    firstName: value('firstName'),
    middleName: value('middleName'),
    surname: value('surname'),
    initials: value('initials'),
    jobTitle: value('jobTitle'),
    companyName: value('companyName'),
    email: value('email'),
    email2: value('email2'),
    phoneNumber: value('phoneNumber'),
    mobilePhoneNumber: value('mobilePhoneNumber'),
    faxNumber: value('faxNumber'),
    website: value('website'),
    addressLine1: value('addressLine1'),
    addressLine2: value('addressLine2'),
    city: value('city'),
    state: value('state'),
    postalCode: value('postalCode'),
    country: value('country'),
  };
}

const blank = (): string => '';

export function emptySyncFields(): SyncFields {
  return syncFieldsFrom(blank);
}

export function pickSyncFields(
  source: Readonly<Record<SyncFieldName, string | null | undefined>>,
): SyncFields {
  // Each field read by name (issue 12 §2: a merge copies both sides of every changed pair; through
  // syncFieldsFrom each value was a call reading the source by a variable key). In SYNC_FIELDS
  // order: same-sync-fields.test checks every field of it, and the key order.
  return {
    displayName: source.displayName ?? '',
    firstName: source.firstName ?? '',
    middleName: source.middleName ?? '',
    surname: source.surname ?? '',
    initials: source.initials ?? '',
    jobTitle: source.jobTitle ?? '',
    companyName: source.companyName ?? '',
    email: source.email ?? '',
    email2: source.email2 ?? '',
    phoneNumber: source.phoneNumber ?? '',
    mobilePhoneNumber: source.mobilePhoneNumber ?? '',
    faxNumber: source.faxNumber ?? '',
    website: source.website ?? '',
    addressLine1: source.addressLine1 ?? '',
    addressLine2: source.addressLine2 ?? '',
    city: source.city ?? '',
    state: source.state ?? '',
    postalCode: source.postalCode ?? '',
    country: source.country ?? '',
  };
}

/*
 * Every field of the record's shape written once, here, before any plan. V8 holds a field of a shape
 * "constant" until the first write to it after the object was made, and that first write throws away
 * the optimized code of every function compiled on the promise (issue 12: in a first plan at 100,000
 * a side mergeFields' first `toOutlook.jobTitle = x` dropped seven compiled functions, bcToSyncFields
 * and phoneList among them, compiled again at once; --trace-generalization --trace-deopt). The
 * planner writes fields of these records in several places (merge, sent-base, list-room,
 * bc-refusals), each first write a deopt somewhere in the first run; written here they are all
 * "mutable" before any code is compiled. Reads of a record are as fast either way.
 */
{
  const record: Record<SyncFieldName, string> = pickSyncFields({} as Record<SyncFieldName, undefined>);
  for (const f of SYNC_FIELDS) record[f] = '';
}

/** Whether every field of `a` is the same value as in `b` (sameFieldValue; rule values.sameText). */
export function sameSyncFields(a: SyncFields, b: SyncFields): boolean {
  // Each field read by name, the same strings compared first (issue 12: the planner compares every
  // linked pair; a read by a variable key over objects of several shapes is megamorphic, measured
  // 63 → 9–13 ms per 100,000 pairs, and a pair that differs went on to read every field so again).
  // Every field of SYNC_FIELDS is here: same-sync-fields.test checks each one on its own.
  return (
    (a.displayName === b.displayName || sameFieldValue('displayName', a.displayName, b.displayName)) &&
    (a.firstName === b.firstName || sameFieldValue('firstName', a.firstName, b.firstName)) &&
    (a.middleName === b.middleName || sameFieldValue('middleName', a.middleName, b.middleName)) &&
    (a.surname === b.surname || sameFieldValue('surname', a.surname, b.surname)) &&
    (a.initials === b.initials || sameFieldValue('initials', a.initials, b.initials)) &&
    (a.jobTitle === b.jobTitle || sameFieldValue('jobTitle', a.jobTitle, b.jobTitle)) &&
    (a.companyName === b.companyName || sameFieldValue('companyName', a.companyName, b.companyName)) &&
    (a.email === b.email || sameFieldValue('email', a.email, b.email)) &&
    (a.email2 === b.email2 || sameFieldValue('email2', a.email2, b.email2)) &&
    (a.phoneNumber === b.phoneNumber || sameFieldValue('phoneNumber', a.phoneNumber, b.phoneNumber)) &&
    (a.mobilePhoneNumber === b.mobilePhoneNumber ||
      sameFieldValue('mobilePhoneNumber', a.mobilePhoneNumber, b.mobilePhoneNumber)) &&
    (a.faxNumber === b.faxNumber || sameFieldValue('faxNumber', a.faxNumber, b.faxNumber)) &&
    (a.website === b.website || sameFieldValue('website', a.website, b.website)) &&
    (a.addressLine1 === b.addressLine1 || sameFieldValue('addressLine1', a.addressLine1, b.addressLine1)) &&
    (a.addressLine2 === b.addressLine2 || sameFieldValue('addressLine2', a.addressLine2, b.addressLine2)) &&
    (a.city === b.city || sameFieldValue('city', a.city, b.city)) &&
    (a.state === b.state || sameFieldValue('state', a.state, b.state)) &&
    (a.postalCode === b.postalCode || sameFieldValue('postalCode', a.postalCode, b.postalCode)) &&
    (a.country === b.country || sameFieldValue('country', a.country, b.country))
  );
}

/**
 * Text in the one normal form the sync compares and stores on the BC side (text-form.ts): Unicode
 * NFC, the form people type in BC and Outlook (docs/sync-rules.md "One text form", issue 8 §5),
 * without the characters that show as nothing (F68, F88) and with every space separator as U+0020
 * (F94). Every value read from either side, written to BC or stored by the facade goes through it,
 * and so does every comparison: matching, filters, country look-up, File as, change detection.
 */
export function nfc(text: string): string {
  // Printable ASCII, tab, CR and LF are their own form: a scan of the code units, no call into the
  // normalizer (the planner asks for every value of every contact it reads, issue 12 §2).
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7e || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d)) return textForm(text);
  }
  return text;
}

/**
 * E-mail identity used for matching and comparing: trimmed, NFC, case-folded by the one table the
 * facade's look-ups also fold by (pure/email-fold.ts: BC's upper-case Search E-Mail), the
 * domain in its Unicode form (F57: `anna@xn--bcher-kva.de` and `anna@bücher.de` are one mailbox;
 * IDNA's ACE labels, RFC 5891, decoded by the `punycode.js` package). A label that does not decode
 * stays as it is.
 */
export function normalizeEmail(email: string): string {
  const own = ownEmailKey(email);
  // Its own key with no ACE label (most addresses): as it is, without a search for one (a call into
  // the runtime per address, 125,000 of them in a first plan at 100,000 a side, issue 12 §2).
  if (own === OWN_PLAIN) return email;
  const lower = own === OWN_ACE ? email : foldEmailCase(nfc(email).trim());
  // Most addresses hold no ACE label: that asked first, the '@' looked for only in those that do
  // (lastIndexOf is a call into the runtime, 38 M instructions of a first plan at 100,000 a side).
  if (!lower.includes('xn--')) return lower;
  const at = lower.lastIndexOf('@');
  if (at < 0 || !lower.includes('xn--', at)) return lower;
  return `${lower.slice(0, at + 1)}${unicodeDomain(lower.slice(at + 1))}`;
}

/**
 * Printable ASCII with no space and no capital letter: NFC, trim and lower-casing leave it as it is,
 * and it is kept as the same string — `toLowerCase` copies even a lower-case string, and the copy's
 * hash is computed again at each Map look-up (issue 12 §2: the planner keys 100,000 BC contacts by
 * e-mail, 7 MB of copies a plan). NOT_OWN when it is not such a text; else OWN_ACE when it holds
 * 'xn--' (an ACE label may follow), found in the same scan, and OWN_PLAIN when not.
 */
function ownEmailKey(text: string): number {
  let ace = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20 || c > 0x7e || (c >= 0x41 && c <= 0x5a)) return NOT_OWN;
    // 'xn--' seen at its second '-' (no capital letter here, so no 'XN--' either).
    if (c === 0x2d && i >= 3 && text.charCodeAt(i - 1) === 0x2d && text.charCodeAt(i - 2) === 0x6e)
      ace ||= text.charCodeAt(i - 3) === 0x78;
  }
  return ace ? OWN_ACE : OWN_PLAIN;
}

/** `ownEmailKey`'s answers: not its own key; its own key holding no 'xn--'; its own key holding one. */
const NOT_OWN = 0;
const OWN_PLAIN = 1;
const OWN_ACE = 2;

function unicodeDomain(domain: string): string {
  return domain
    .split('.')
    .map((label) => (label.startsWith('xn--') ? unicodeLabel(label) : label))
    .join('.');
}

/** An ACE label (`xn--bcher-kva`, any case) in its Unicode form (`bücher`); as it is when it does not decode. */
function unicodeLabel(label: string): string {
  try {
    const decoded = foldEmailCase(nfc(punycode.toUnicode(label.toLowerCase())));
    return decoded === '' ? label : decoded;
  } catch {
    return label;
  }
}

/**
 * An address with its domain's ACE labels in Unicode form (`anna@XN--BCHER-KVA.de` →
 * `anna@bücher.de`), the rest as it is: the form the user's filter on E-Mail is tested on, so an
 * address matches whether its domain was typed in Unicode or punycode (newuser F7). Never longer
 * than the address (a label's ACE form is its Unicode form's code points plus "xn--").
 */
export function emailUnicodeDomain(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 0 || !holdsAceFrom(email, at + 1)) return email;
  return `${email.slice(0, at + 1)}${unicodeAceLabels(email.slice(at + 1))}`;
}

/**
 * Whether `text` holds 'xn--' (any case) from `from` on: a scan, not a regular expression over a
 * slice (a filter on E-Mail asks it of every contact's address, issue 12: the slice and the match
 * were most of a verdict's 140 bytes; test/core/closure-contexts.test.ts).
 */
function holdsAceFrom(text: string, from: number): boolean {
  for (let i = from + 3; i < text.length; i++)
    if (
      text.charCodeAt(i) === 0x2d &&
      text.charCodeAt(i - 1) === 0x2d &&
      (text.charCodeAt(i - 2) | 0x20) === 0x6e &&
      (text.charCodeAt(i - 3) | 0x20) === 0x78
    )
      return true;
  return false;
}

/** Every ACE label of a text (`xn--…` not inside a longer label) in its Unicode form. */
export function unicodeAceLabels(text: string): string {
  return /xn--/i.test(text) ? text.replace(/(?<![\p{L}\p{N}-])xn--[a-z0-9-]+/giu, unicodeLabel) : text;
}

/**
 * The forms an address can be stored in, for look-ups that compare exact strings (Graph's
 * `emailAddresses/any(a:a/address eq …)`, BC's `email eq …`, the facade's SQL): its identity
 * (normalizeEmail, NFC), the same decomposed (NFD) when that differs — BC and Graph store the text
 * as it was typed and compare code units, so an address kept decomposed is found only in that form
 * (tester F132: "This sender" added a second Person for an address stored NFD) — and, when the
 * domain is not ASCII, each of those with the domain in ACE form. Callers still compare the results
 * by normalizeEmail.
 */
export function emailForms(email: string): string[] {
  const key = normalizeEmail(email);
  if (key === '') return [];
  const at = key.lastIndexOf('@');
  const decomposed = key.normalize('NFD');
  const forms = decomposed === key ? [key] : [key, decomposed];
  if (at < 0 || [...key.slice(at + 1)].every((ch) => ch <= '\x7f')) return forms;
  try {
    const ace = punycode.toASCII(key.slice(at + 1));
    return [...forms, ...new Set(forms.map((f) => `${f.slice(0, f.lastIndexOf('@') + 1)}${ace}`))];
  } catch {
    return forms;
  }
}

/**
 * The fields whose values are the same whatever their case: e-mail addresses (design §2, issue 8 §5;
 * BC matches them by its upper-case Search E-Mail, reference bc-contact-sync.md §2a). The one place
 * that says so: comparing values (`sameFieldValue`) and the user's filter (filter/contact-filter.ts,
 * F49) both ask it.
 */
export function caseBlindField(field: string): boolean {
  return field === 'email' || field === 'email2';
}

/**
 * Whether two values of a field are the same to the user: equal in NFC; e-mail addresses also
 * regardless of case and surrounding spaces. Every comparison of field values goes through this.
 */
export function sameFieldValue(field: SyncFieldName, a: string, b: string): boolean {
  if (a === b) return true;
  if (caseBlindField(field)) return normalizeEmail(a) === normalizeEmail(b);
  return nfc(a) === nfc(b);
}
