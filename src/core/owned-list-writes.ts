import { emptySyncFields, nfc, normalizeEmail } from './model.js';
import type { EmailAddress, OutlookContact, SyncFields } from './model.js';
import { EMAIL_LIST, PHONE_LIST, claimEntries } from './owned-values.js';
import type { OwnedList } from './owned-values.js';

// Writing BC's values into Outlook's e-mail and phone lists (issue 8 §1): the owned entries are
// replaced, Outlook's own stay. Which entries are owned: owned-values.ts.

/**
 * Outlook's list after BC's values `target` replace the owned entries (`current`: the values the
 * contact holds now, as read). An owned entry is replaced in place or removed; a field that owned
 * nothing gets a new entry before the others (E-Mail 2 after E-Mail). Outlook-only entries stay
 * as they are; when the list is full a new BC value is not added (never at the cost of one of them).
 */
export function writeOwnedList<T>(
  entries: readonly T[],
  valueOf: (entry: T) => string,
  make: (value: string, old: T | undefined) => T,
  list: OwnedList,
  current: SyncFields,
  target: SyncFields,
): T[] {
  const values = entries.map(valueOf);
  const claims = claimEntries(values, list, { base: current }, [], 'own');
  const out: (T | null)[] = [...entries];
  for (const [f, i] of claims.owner) {
    out[i] = target[f] === '' ? null : make(target[f], entries[i]);
  }
  const kept = out.filter((e): e is T => e !== null);
  let at = 0;
  for (const f of list.fields) {
    const i = claims.owner.get(f);
    if (i !== undefined) {
      const now = out[i];
      if (now !== null && now !== undefined) at = kept.indexOf(now) + 1;
      continue;
    }
    if (target[f] === '' || kept.length >= list.max) continue;
    kept.splice(at, 0, make(target[f], undefined));
    at += 1;
  }
  return kept;
}

/**
 * E-mail entries for `writeOwnedList`: BC's entries carry the contact's name (design §3) and follow
 * it when it changes (issue 8 §8). An entry whose name the user set to something else (not the
 * contact's previous name `oldName`, not blank, not the address) keeps it, and an address Outlook
 * holds in another case keeps its case.
 */
function emailEntry(name: string, oldName: string) {
  return (address: string, old: EmailAddress | undefined): EmailAddress => {
    const follows =
      !old ||
      old.name === '' ||
      old.name === old.address ||
      nfc(old.name) === nfc(oldName) ||
      nfc(old.name) === nfc(name);
    // The same address in another case stays as the user typed it (e-mails compare so).
    const kept = old && normalizeEmail(old.address) === normalizeEmail(address) ? old.address : address;
    return { address: kept, name: follows ? name || kept : old.name };
  };
}

/**
 * Outlook's e-mail entries once BC's values `target` replace the ones it owns (`current`, as read):
 * Outlook's own entries stay where they are (owned-values.ts). `existing` null: a new contact.
 */
export function emailList(current: SyncFields, target: SyncFields, existing: OutlookContact | null) {
  return writeOwnedList(
    existing?.emailAddresses ?? [],
    (e) => e.address,
    emailEntry(target.displayName, current.displayName),
    EMAIL_LIST,
    existing ? current : emptySyncFields(),
    target,
  );
}

/** Outlook's business phones once BC's `target` replaces the one it owns: as `emailList`. */
export function phoneList(
  current: SyncFields,
  target: SyncFields,
  existing: OutlookContact | null,
): string[] {
  const own = existing ? current : emptySyncFields();
  return writeOwnedList(
    existing?.businessPhones ?? [],
    (p) => p,
    (p) => p,
    PHONE_LIST,
    own,
    target,
  );
}
