import { foldEmailCase } from '../pure/email-fold.js';
import type { ChangeEntry, Folder, StoredContact } from './store-shapes.js';

// A folder's bookkeeping beside its contacts: the change log delta rounds read and the e-mail index
// $filter by address reads.

/** Its addresses as the $filter compares them (query.ts parseContactFilter: the one e-mail folding). */
function contactEmails(contact: StoredContact): string[] {
  const list = contact.props.emailAddresses as { address: string | null }[];
  return list.map((e) => (e.address ? foldEmailCase(e.address) : '')).filter((a) => a !== '');
}

export function indexEmails(folder: Folder, contact: StoredContact, op: 'add' | 'remove'): void {
  for (const address of contactEmails(contact)) {
    let ids = folder.emailIndex.get(address);
    if (op === 'add') {
      if (!ids) folder.emailIndex.set(address, (ids = new Set()));
      ids.add(contact.id);
    } else if (ids) {
      ids.delete(contact.id);
      if (ids.size === 0) folder.emailIndex.delete(address);
    }
  }
}

export function recordChange(folder: Folder, contactId: string, deleted: boolean): void {
  const entry: ChangeEntry = { seq: ++folder.seq, contactId, deleted };
  folder.log.push(entry);
  folder.latest.set(contactId, entry);
  // Superseded entries never show up in a delta round; drop them once they dominate the log.
  if (folder.log.length > 2 * folder.latest.size + 64) compactLog(folder);
}

export function compactLog(folder: Folder): void {
  const oldest = folder.generations[0];
  for (const [id, entry] of folder.latest) {
    // A tombstone older than every kept generation can no longer be asked for.
    if (entry.deleted && oldest !== undefined && entry.seq <= oldest) folder.latest.delete(id);
  }
  folder.log = folder.log.filter((e) => folder.latest.get(e.contactId) === e);
}
