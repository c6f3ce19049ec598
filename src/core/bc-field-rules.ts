import { isBcEmail } from './email-address.js';
import { SYNC_FIELDS, nfc } from './model.js';
import type { OutlookContact, SyncFieldName, SyncFields } from './model.js';
import type { SkipReason } from './skip-records.js';
import { countryToBc } from './country.js';
import { LINE_BREAKS, hasLineBreak } from './street-lines.js';
import { codeForm } from './code-form.js';

// What BC accepts in its Contact fields: their lengths, and why a set of values cannot be written.

/** BC Contact field lengths (design §3); values that do not fit are refused, never cut. */
export const BC_FIELD_LENGTHS: Readonly<Record<SyncFieldName, number>> = {
  displayName: 100,
  firstName: 30,
  middleName: 30,
  surname: 30,
  initials: 30,
  jobTitle: 30,
  companyName: 100,
  email: 80,
  email2: 80,
  phoneNumber: 30,
  mobilePhoneNumber: 30,
  faxNumber: 30,
  // Contact."Home Page" is Text[80].
  website: 80,
  addressLine1: 100,
  addressLine2: 50,
  city: 30,
  state: 30,
  postalCode: 20,
  country: 10,
};

/**
 * What BC makes of a value it is given for a field, before it checks it: E-Mail and E-Mail 2 are
 * trimmed (Mail Management's ValidateEmailAddressField: `DelChr(EmailAddress, '<>')`), and a Code
 * field (Post Code Code[20], Country/Region Code Code[10]) is upper-cased and loses its leading and
 * trailing spaces (AL's Code type). The sync reads Outlook's values into this form and the facade
 * stores this form, so a value BC takes after its own clean-up is neither skipped (" ann@x.com "
 * was invalidEmail and tooLong) nor read back different from what was written (a second write).
 * Text fields are kept as typed: BC stores Text as given. `value` is already in the one text form
 * (nfc): a no-break space is a space by then, an invisible character is gone.
 */
export function bcForm(field: SyncFieldName, value: string): string {
  if (value === '') return value;
  if (field === 'email' || field === 'email2') return value.trim();
  if (field === 'postalCode' || field === 'country') return codeForm(value);
  return value;
}

/**
 * Why these values cannot be written to BC as they are (empty when they can). `countryCodes` is BC's
 * Country/Region table (its codes) when known: a country that is not one of them is `unknownCountry`
 * (BC's Country/Region Code relates to that table), reported instead of its length. `outlook`, the
 * Outlook contact the values were read from: an unknown country is named as the user typed it there
 * ("Atlantis", not the upper-cased "ATLANTIS" the code form holds; F24). `unchanged`: values BC
 * holds now; a field holding the very same string there is not checked (a value BC holds already is
 * not written), so the reasons are those of all the fields, less those (all checked when absent).
 */
export function validateForBc(
  fields: SyncFields,
  countryCodes?: ReadonlySet<string> | null,
  outlook?: OutlookContact | null,
  unchanged?: SyncFields | null,
): SkipReason[] {
  const reasons: SkipReason[] = [];
  // Values read by name (syncFieldValues): a read by a variable key over the records of several
  // shapes this is asked of was a megamorphic load per field, 81 M instructions of a first plan at
  // 100,000 a side (issue 12 §2). '' fits every length, holds no line break and is no country to
  // look up: no reason, so no check (most of a contact's fields). Read into this module's two
  // scratch lists, not a new list per call (issue 12: asked of every import and changed pair).
  const values = syncFieldValuesInto(VALUES, fields);
  const before = unchanged ? syncFieldValuesInto(BEFORE, unchanged) : null;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (value === '' || (before !== null && value === before[i])) continue;
    const f = SYNC_FIELDS[i]!;
    const max = MAX_LENGTHS[i]!;
    if (f === 'country' && countryCodes && !countryCodes.has(value))
      reasons.push({ kind: 'unknownCountry', field: f, value: typedCountry(value, outlook) });
    else if (f === 'addressLine2' && hasLineBreak(value))
      // Only a street of three or more lines puts a line break here (splitStreet).
      reasons.push({ kind: 'streetLines', field: f, lines: value.split(LINE_BREAKS).length + 1, max: 2 });
    else if (hasLineBreak(value)) reasons.push({ kind: 'lineBreak', field: f });
    else if (value.length > max) reasons.push({ kind: 'tooLong', field: f, length: value.length, max });
    // After the length, as BC: a value is assigned (StringExceededLength) before it is validated.
    else if (PHONE_FIELDS.has(f) && LETTER.test(value)) reasons.push({ kind: 'phoneLetters', field: f });
  }
  if (fields.email !== '' && fields.email !== unchanged?.email && !isBcEmail(fields.email))
    reasons.push({ kind: 'invalidEmail', field: 'email' });
  if (fields.email2 !== '' && fields.email2 !== unchanged?.email2 && !isBcEmail(fields.email2))
    reasons.push({ kind: 'invalidEmail', field: 'email2' });
  return reasons;
}

/**
 * BC's Contact "Phone No." and "Mobile Phone No." refuse a letter (OnValidate: Char.IsLetter on each
 * character, PhoneNoCannotContainLettersErr; reference bc-contact-sync.md §5 "letters rejected"):
 * "+1 555 FLOWERS" was written and refused by BC as an error, not skipped with its reason, and the
 * embedded facade took it.
 */
const PHONE_FIELDS: ReadonlySet<SyncFieldName> = new Set(['phoneNumber', 'mobilePhoneNumber']);
const LETTER = /\p{L}/u;

/**
 * validateForBc's lists of values, written over at each call: the check is synchronous and calls
 * nothing that validates again, so no call finds them in use.
 */
const VALUES: string[] = new Array<string>(SYNC_FIELDS.length).fill('');
const BEFORE: string[] = new Array<string>(SYNC_FIELDS.length).fill('');

/**
 * A record's values in SYNC_FIELDS order, each read by name: for loops over the fields that also
 * need each field's position (a read by a variable key, `fields[f]`, is megamorphic over records
 * of several shapes, issue 12 §2). same-sync-fields.test checks the order, field by field.
 * @internal Test seam (same-sync-fields.test); validateForBc writes them into its own lists.
 */
export function syncFieldValues(f: SyncFields): string[] {
  return syncFieldValuesInto(new Array<string>(SYNC_FIELDS.length), f);
}

/** `syncFieldValues` written into `out`, which it returns. */
function syncFieldValuesInto(out: string[], f: SyncFields): string[] {
  out[0] = f.displayName;
  out[1] = f.firstName;
  out[2] = f.middleName;
  out[3] = f.surname;
  out[4] = f.initials;
  out[5] = f.jobTitle;
  out[6] = f.companyName;
  out[7] = f.email;
  out[8] = f.email2;
  out[9] = f.phoneNumber;
  out[10] = f.mobilePhoneNumber;
  out[11] = f.faxNumber;
  out[12] = f.website;
  out[13] = f.addressLine1;
  out[14] = f.addressLine2;
  out[15] = f.city;
  out[16] = f.state;
  out[17] = f.postalCode;
  out[18] = f.country;
  return out;
}

/**
 * BC_FIELD_LENGTHS by SYNC_FIELDS position: validateForBc reads every field of every import and
 * changed pair, and a read of the lengths by a variable key was a megamorphic load (issue 12 §2).
 */
const MAX_LENGTHS: readonly number[] = SYNC_FIELDS.map((f) => BC_FIELD_LENGTHS[f]);

/** The country as typed in Outlook when `code` is what it reads as; else `code` (it came from BC). */
function typedCountry(code: string, outlook: OutlookContact | null | undefined): string {
  const typed = nfc(outlook?.businessAddress.countryOrRegion ?? '').trim();
  return typed !== '' && countryToBc(typed) === code ? typed : code;
}
