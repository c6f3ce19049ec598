import type { EmailAddress, OutlookContact, SyncFieldName, SyncFields } from './model.js';
import { nfc, normalizeEmail } from './model.js';

/**
 * Owned values (issue 8 §1, docs/sync-rules.md "Owned values"): Outlook holds lists where BC has
 * single fields (`emailAddresses` ↔ E-Mail and E-Mail 2, `businessPhones` ↔ Phone No.). Each BC
 * field owns one Outlook entry, identified by its value: the entry equal to the field's value in the
 * link's base. Every other entry is Outlook's own; the ones seen at the last sync are remembered in
 * the link (`OutlookOwnValues`), so they are never read as a BC value, moved or removed.
 */
export interface OutlookOwnValues {
  /** Addresses of the Outlook-only e-mail entries, in Outlook's order. */
  readonly emails: readonly string[];
  /** Outlook-only business phones, in Outlook's order. */
  readonly phones: readonly string[];
  /**
   * BC values Outlook's list had no room for at the last sync (`outlookListFull`): the field's base
   * stays as it was, so this is the one place that still knows BC's value when a delta run does not
   * read BC. It lands as soon as the list has room (docs/sync-rules.md "Owned values").
   */
  readonly waiting?: Readonly<Partial<Record<ListField, string>>>;
}

/** The BC fields that own an entry of an Outlook list. */
export type ListField = 'email' | 'email2' | 'phoneNumber';

/**
 * What a read of an Outlook contact knows about ownership: the link's base (the owned values) and
 * the Outlook-only values seen then; `own` undefined for a link stored before owned values existed.
 * `null` (no link: import or first match) reads by position: the first entries are BC's.
 */
export interface Ownership {
  readonly base: SyncFields;
  readonly outlookOwn?: OutlookOwnValues | undefined;
}

/** One Outlook list and the BC fields that own entries of it, in the order they take new entries. */
export interface OwnedList {
  readonly fields: readonly SyncFieldName[];
  readonly max: number;
  readonly same: (a: string, b: string) => boolean;
}

/**
 * Graph limits: a write beyond them is a 400 "The multi value property EmailAddresses has 4 entries,
 * that exceeds the max allowed value of 3" (microsoftgraph/microsoft-graph-docs#15276; the emulator
 * answers the same). Email 1–3 are Outlook's three e-mail slots (MS-OXOCNTC 2.2.1.2).
 */
export const EMAIL_LIST: OwnedList = {
  fields: ['email', 'email2'],
  max: 3,
  same: (a, b) => normalizeEmail(a) === normalizeEmail(b),
};
export const PHONE_LIST: OwnedList = {
  fields: ['phoneNumber'],
  max: 2,
  same: (a, b) => a === b || nfc(a) === nfc(b),
};

/** Which entry each field owns (index) and which entries are Outlook's own. */
export interface Claims {
  readonly owner: ReadonlyMap<SyncFieldName, number>;
  readonly own: readonly number[];
}

/**
 * Assigns the entries of `values` (one Outlook list) to `list.fields`:
 * 1. each field claims the first free entry equal to its base value;
 * 2. entries equal to a remembered Outlook-only value stay Outlook's own (a link stored before
 *    owned values existed remembers none: entries past the fields' positions count as own);
 * 3. the remaining entries are new in Outlook. In list order they go to the fields whose base value
 *    is gone (an owned value edited); then one per remembered Outlook-only value gone (the user's own
 *    value edited: still Outlook's own); then to fields with no base value (a value typed where BC
 *    has none); any left are Outlook's own.
 */
export function claimEntries(
  values: readonly string[],
  list: OwnedList,
  owner: Ownership | null,
  remembered: readonly string[] | undefined,
  newEntries: 'toFields' | 'own' = 'toFields',
): Claims {
  const taken = values.map(() => false);
  const byField = new Map<SyncFieldName, number>();
  const own: number[] = [];
  let ownGone = 0;
  const firstFree = (v: string) => values.findIndex((x, n) => !taken[n] && list.same(x, v));
  if (owner) {
    for (const f of list.fields) {
      const i = owner.base[f] === '' ? -1 : firstFree(owner.base[f]);
      if (i < 0) continue;
      taken[i] = true;
      byField.set(f, i);
    }
    for (const [n, r] of (remembered ?? values).entries()) {
      const i = remembered ? firstFree(r) : n >= list.fields.length && !taken[n] ? n : -1;
      if (i < 0) {
        if (remembered) ownGone++;
        continue;
      }
      taken[i] = true;
      own.push(i);
    }
  }
  const fresh = values.map((_, n) => n).filter((n) => !taken[n]);
  if (newEntries === 'toFields') {
    // Graph's lists carry no entry ids, so an edited entry is one value gone and one new: it is
    // matched to what is gone, BC's edited values first, Outlook's own next (issue 8 §1: an edit of
    // the user's own value must not land in a BC field that happens to be empty).
    const edited = list.fields.filter((f) => !byField.has(f) && (owner?.base[f] ?? '') !== '');
    const empty = list.fields.filter((f) => !byField.has(f) && (owner?.base[f] ?? '') === '');
    for (const f of edited) {
      const i = fresh.shift();
      if (i === undefined) break;
      byField.set(f, i);
    }
    own.push(...fresh.splice(0, ownGone));
    for (const f of empty) {
      const i = fresh.shift();
      if (i === undefined) break;
      byField.set(f, i);
    }
  }
  own.push(...fresh);
  return { owner: byField, own: own.sort((a, b) => a - b) };
}

/** What `readOwnedValues` reads: the BC values an Outlook contact holds and its Outlook-only values. */
export interface OwnedRead {
  readonly values: Partial<SyncFields>;
  readonly own: OutlookOwnValues;
}

/**
 * How many entries of a list are the owned ones, as `claimEntries` would find them, when the list
 * is in the form the sync leaves it: the fields' non-empty base values in field order (exactly), then
 * the remembered Outlook-only values (exactly, all of them) — or, for a link that remembers none,
 * anything past the fields' positions. -1 for any other list (then `claimEntries` decides).
 * Most contacts at scale are in this form (issue 12 §2: the planner reads every linked contact).
 * One function per list, each base value read by name: the planner asks both of every linked pair,
 * and one function for both read the base by a variable key (a megamorphic load) over entries of
 * two kinds.
 */
function settledEmails(
  entries: readonly EmailAddress[],
  base: SyncFields,
  remembered?: readonly string[],
): number {
  let m = 0;
  if (base.email !== '') {
    if (entries[0]?.address !== base.email) return -1;
    m = 1;
  }
  if (base.email2 !== '') {
    if (entries[m]?.address !== base.email2) return -1;
    m++;
  }
  // Step 3 of claimEntries: entries before the fields' positions left unclaimed would be new values.
  if (remembered === undefined) return entries.length === m || m >= EMAIL_LIST.fields.length ? m : -1;
  if (entries.length !== m + remembered.length) return -1;
  for (let i = 0; i < remembered.length; i++) if (entries[m + i]!.address !== remembered[i]) return -1;
  return m;
}

/** `settledEmails` of the business phones (Phone No.'s base value). */
function settledPhoneList(
  entries: readonly string[],
  base: SyncFields,
  remembered?: readonly string[],
): number {
  let m = 0;
  if (base.phoneNumber !== '') {
    if (entries[0] !== base.phoneNumber) return -1;
    m = 1;
  }
  if (remembered === undefined) return entries.length === m || m >= PHONE_LIST.fields.length ? m : -1;
  if (entries.length !== m + remembered.length) return -1;
  for (let i = 0; i < remembered.length; i++) if (entries[m + i] !== remembered[i]) return -1;
  return m;
}

/**
 * The BC values an Outlook contact holds, and its Outlook-only values (see `claimEntries`). A list
 * in the form the sync leaves it is read without claiming (`settledEmails`, `settledPhoneList`); the answer is the same.
 */
export function readOwnedValues(
  contact: OutlookContact,
  owner: Ownership | null,
  newEntries: 'toFields' | 'own' = 'toFields',
): OwnedRead {
  if (owner) {
    const e = settledEmails(contact.emailAddresses, owner.base, owner.outlookOwn?.emails);
    const p = e < 0 ? -1 : settledPhones(contact, owner);
    if (p >= 0) {
      const b = owner.base;
      const emails: string[] = [];
      for (let i = e; i < contact.emailAddresses.length; i++) emails.push(contact.emailAddresses[i]!.address);
      return {
        values: { email: b.email, email2: b.email2, phoneNumber: b.phoneNumber },
        own: { emails, phones: contact.businessPhones.slice(p) },
      };
    }
  }
  return owner === null
    ? positionalValues(contact, newEntries)
    : claimOwnedValues(contact, owner, newEntries);
}

/** The BC values of an Outlook contact's lists: `readOwnedValues`' `values`. */
type OwnedFieldValues = Readonly<Partial<Pick<SyncFields, ListField>>>;

/**
 * `readOwnedValues(contact, owner, newEntries).values`, without the Outlook-only values beside
 * them, which reading a contact's fields (`outlookToSyncFields`) never uses: no list of them is
 * made (issue 12 §2: the planner reads the fields of every changed linked contact and of every
 * unlinked one; their Outlook-only lists were 4 of the 5 objects of each read, 7.9 MB a plan at
 * 100,000 a side, sampling heap profiler). Every answer is one literal of the same three fields, a
 * settled list's too (not the base itself, nor claimOwnedValues' record built key by key): the
 * caller's reads then meet one hidden class. A first plan at 100,000 a side met the bases first
 * (changed linked pairs) and the imports' literal after, and compiled outlookToSyncFields again
 * ("wrong map" at `owned.email`, --trace-deopt).
 */
export function ownedFieldValues(
  contact: OutlookContact,
  owner: Ownership | null,
  newEntries: 'toFields' | 'own' = 'toFields',
): OwnedFieldValues {
  if (owner === null) {
    // positionalValues' values: the first entries are BC's, or none is.
    if (newEntries === 'own') return { email: '', email2: '', phoneNumber: '' };
    const e = contact.emailAddresses;
    const p = contact.businessPhones;
    return {
      email: e.length > 0 ? e[0]!.address : '',
      email2: e.length > 1 ? e[1]!.address : '',
      phoneNumber: p.length > 0 ? p[0]! : '',
    };
  }
  const v = holdsSettledLists(contact, owner)
    ? owner.base
    : claimOwnedValues(contact, owner, newEntries).values;
  return { email: v.email ?? '', email2: v.email2 ?? '', phoneNumber: v.phoneNumber ?? '' };
}

/**
 * `claimOwnedValues` with no owner (an import or a first match): nothing is claimed, so the new
 * entries go to the fields in list order (`toFields`: E-Mail the first entry, E-Mail 2 the second,
 * Phone No. the first phone) and the rest are Outlook's own, or all are (`own`). Read by position,
 * without claiming: the planner reads every unlinked Outlook contact so (issue 12 §2).
 */
function positionalValues(contact: OutlookContact, newEntries: 'toFields' | 'own'): OwnedRead {
  const e = contact.emailAddresses;
  const p = contact.businessPhones;
  const taken = newEntries === 'toFields';
  const fromEmails = taken ? Math.min(e.length, EMAIL_LIST.fields.length) : 0;
  const fromPhones = taken ? Math.min(p.length, PHONE_LIST.fields.length) : 0;
  const emails: string[] = [];
  for (let i = fromEmails; i < e.length; i++) emails.push(e[i]!.address);
  return {
    values: {
      email: fromEmails > 0 ? e[0]!.address : '',
      email2: fromEmails > 1 ? e[1]!.address : '',
      phoneNumber: fromPhones > 0 ? p[0]! : '',
    },
    own: { emails, phones: p.slice(fromPhones) },
  };
}

const settledPhones = (contact: OutlookContact, owner: Ownership): number =>
  settledPhoneList(contact.businessPhones, owner.base, owner.outlookOwn?.phones);

/**
 * Whether both of the contact's lists are in the form the sync leaves them (`settledEmails`, `settledPhoneList`):
 * then the owned values `readOwnedValues` reads are the base's own, known without reading them
 * (and without allocating: the planner asks it of every linked Outlook contact, issue 12 §2).
 */
export function holdsSettledLists(contact: OutlookContact, owner: Ownership): boolean {
  return (
    settledEmails(contact.emailAddresses, owner.base, owner.outlookOwn?.emails) >= 0 &&
    settledPhones(contact, owner) >= 0
  );
}

/**
 * `readOwnedValues` by claiming every entry (`claimEntries`): the rule itself, for any list.
 * @internal
 */
export function claimOwnedValues(
  contact: OutlookContact,
  owner: Ownership | null,
  newEntries: 'toFields' | 'own' = 'toFields',
): OwnedRead {
  const emails = contact.emailAddresses.map((e) => e.address);
  const phones = contact.businessPhones;
  const ce = claimEntries(emails, EMAIL_LIST, owner, owner?.outlookOwn?.emails, newEntries);
  const cp = claimEntries(phones, PHONE_LIST, owner, owner?.outlookOwn?.phones, newEntries);
  const values: Partial<SyncFields> = {};
  for (const [list, claims, entries] of [
    [EMAIL_LIST, ce, emails],
    [PHONE_LIST, cp, phones],
  ] as const) {
    for (const f of list.fields) {
      const i = claims.owner.get(f);
      const found = i === undefined ? '' : (entries[i] ?? '');
      // An owned e-mail matched case-insensitively is the base's value (e-mails compare so).
      const base = owner?.base[f] ?? '';
      values[f] = base !== '' && list.same(found, base) ? base : found;
    }
  }
  return {
    values,
    own: { emails: ce.own.map((i) => emails[i] ?? ''), phones: cp.own.map((i) => phones[i] ?? '') },
  };
}

/** Outlook-only values of a contact that holds `fields` as its owned values (after a write). */
export function ownValuesBeside(contact: OutlookContact, fields: SyncFields): OutlookOwnValues {
  return readOwnedValues(contact, { base: fields, outlookOwn: NONE }, 'own').own;
}

const NONE: OutlookOwnValues = { emails: [], phones: [] };
