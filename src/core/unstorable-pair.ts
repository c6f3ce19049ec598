import type { ConflictEntry, SkipEntry } from './ports.js';
import { sharedEmptyList } from './empty-list.js';
import type { BcContact, OutlookContact } from './model.js';
import { skipKey } from './pair.js';
import type { Pair } from './pair.js';
import { isStorableText, storableText, unstorableAt } from '../pure/storable-text.js';

/** One contact of a pair that holds text the sync cannot store: its side and the property (path). */
interface Unstorable {
  readonly side: 'bc' | 'outlook';
  readonly contact: BcContact | OutlookContact;
  /** The side's own property name, as `displayName`, `emailAddresses[2].name`, `businessAddress.street`. */
  readonly property: string;
}

function contactsOf(pair: Pair): { bc: BcContact | null; outlook: OutlookContact | null } {
  switch (pair.kind) {
    case 'linked':
      return {
        bc: pair.bc.kind === 'present' ? pair.bc.contact : null,
        outlook: pair.outlook.kind === 'present' ? pair.outlook.contact : null,
      };
    case 'bcOnly':
      return { bc: pair.bc, outlook: null };
    case 'matched':
      return { bc: pair.bc, outlook: pair.outlook };
    case 'outlookOnly':
      return { bc: null, outlook: pair.outlook };
  }
}

/** A JSON Pointer (`/emailAddresses/2/name`) as the property path people read (`emailAddresses[2].name`). */
function propertyOf(pointer: string): string {
  return pointer
    .slice(1)
    .split('/')
    .map((k) => k.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((path, k) => (/^\d+$/.test(k) ? `${path}[${k}]` : path === '' ? k : `${path}.${k}`), '');
}

/** Of the made lists' hidden class (empty-list.ts). */
const NONE: readonly Unstorable[] = sharedEmptyList();

/**
 * The pair's contacts (as the views report them) that hold U+0000 or an unpaired surrogate anywhere.
 * @internal exported for unstorable-shapes.test and the planner-before copy (the planner calls `unstorableIn`)
 */
export function unstorableContacts(pair: Pair): readonly Unstorable[] {
  const { bc, outlook } = contactsOf(pair);
  return unstorableIn(bc, outlook);
}

/**
 * `unstorableContacts` of a pair's contacts, given by the caller: the planner's decision of each
 * kind of pair names its own (issue 12: one `contactsOf` for every kind of pair, compiled over the
 * linked pairs, was thrown away and compiled again when the unlinked ones reached it, "wrong map").
 */
export function unstorableIn(bc: BcContact | null, outlook: OutlookContact | null): readonly Unstorable[] {
  const bcSound = bc === null || bcStorable(bc);
  const olSound = outlook === null || outlookStorable(outlook);
  if (bcSound && olSound) return NONE;
  const out: Unstorable[] = [];
  const bcAt = bc && !bcSound ? unstorableAt(bc) : null;
  if (bc && bcAt !== null) out.push({ side: 'bc', contact: bc, property: propertyOf(bcAt) });
  const olAt = outlook && !olSound ? unstorableAt(outlook) : null;
  if (outlook && olAt !== null) out.push({ side: 'outlook', contact: outlook, property: propertyOf(olAt) });
  return out;
}

/** Storable: '' (most of a contact's values) without a call. */
const ok = (text: string): boolean => text === '' || isStorableText(text);

/**
 * Whether every text of a BC contact is storable, each property read by name: the planner asks
 * it of both contacts of every pair it decides, and the generic walk (`unstorableAt`: every key
 * enumerated and read by a variable key, over contacts of several shapes) was a tenth of a plan's
 * CPU at 100,000 a side (issue 12). The property names are the parsers' own, so only values are
 * checked. False sends the contact to the walk, which names the property; unstorable-shapes.test
 * holds these lists to every text a contact read from either side holds.
 */
function bcStorable(c: BcContact): boolean {
  return (
    ok(c.displayName) &&
    ok(c.firstName) &&
    ok(c.middleName) &&
    ok(c.surname) &&
    ok(c.initials) &&
    ok(c.jobTitle) &&
    ok(c.companyName) &&
    ok(c.email) &&
    ok(c.email2) &&
    ok(c.phoneNumber) &&
    ok(c.mobilePhoneNumber) &&
    ok(c.faxNumber) &&
    ok(c.website) &&
    ok(c.addressLine1) &&
    ok(c.addressLine2) &&
    ok(c.city) &&
    ok(c.state) &&
    ok(c.postalCode) &&
    ok(c.country) &&
    ok(c.id) &&
    ok(c.number) &&
    ok(c.type) &&
    ok(c.companyNumber) &&
    ok(c.territoryCode) &&
    ok(c.salespersonCode) &&
    ok(c.lastModifiedDateTime) &&
    ok(c.etag)
  );
}

/** `bcStorable` for an Outlook contact, its lists and address included. */
function outlookStorable(c: OutlookContact): boolean {
  const a = c.businessAddress;
  if (!(
    ok(c.id) &&
    ok(c.changeKey) &&
    ok(c.bcId) &&
    ok(c.displayName) &&
    ok(c.givenName) &&
    ok(c.middleName) &&
    ok(c.surname) &&
    ok(c.initials) &&
    ok(c.jobTitle) &&
    ok(c.companyName) &&
    ok(c.mobilePhone) &&
    ok(c.businessHomePage) &&
    ok(c.faxNumber) &&
    ok(a.street) &&
    ok(a.city) &&
    ok(a.state) &&
    ok(a.postalCode) &&
    ok(a.countryOrRegion) &&
    (c.fileAs === undefined || ok(c.fileAs))
  ))
    return false;
  for (let i = 0; i < c.emailAddresses.length; i++) {
    const e = c.emailAddresses[i]!;
    if (!ok(e.address) || !ok(e.name)) return false;
  }
  for (let i = 0; i < c.businessPhones.length; i++) if (!ok(c.businessPhones[i]!)) return false;
  for (let i = 0; i < c.outlookOnly.length; i++) if (!ok(c.outlookOnly[i]!)) return false;
  return true;
}

/**
 * rule text.unstorable: a pair one of whose contacts holds text the sync cannot store or compare
 * is left exactly as it is on both sides — nothing written, no link made or changed, a conflict
 * recorded before kept as it was — and each such contact is listed as skipped with the property
 * that holds the text (tester F20: one such Outlook name made every run fail). The record's name is
 * shown with U+FFFD in place of the broken characters; the contact itself is never rewritten.
 */
export function holdUnstorable(
  pair: Pair,
  found: readonly Unstorable[],
): { items: []; conflict: ConflictEntry | null; skipped: SkipEntry[] } {
  const link = pair.kind === 'linked' ? pair.link : null;
  const { bc, outlook } = contactsOf(pair);
  const bcId = link?.bcId ?? bc?.id ?? '';
  const outlookId = link?.outlookId ?? outlook?.id ?? '';
  const skipped = found.map(({ side, contact, property }): SkipEntry => ({
    key: skipKey(side, side === 'bc' ? bcId : outlookId),
    record: {
      side,
      bcId,
      bcNumber: storableText(bc?.number ?? ''),
      outlookId,
      displayName: storableText(contact.displayName),
      reason: { kind: 'unstorableText', side, property: storableText(property) },
    },
  }));
  const conflict =
    pair.kind === 'linked' && pair.recorded
      ? { bcId: pair.link.bcId, outlookId: pair.link.outlookId, record: pair.recorded }
      : null;
  return { items: [], conflict, skipped };
}
