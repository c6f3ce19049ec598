import { contactSeed } from './persist.js';
import type { SeedContact, SeedData, SeedFolder, SeedMailbox } from './options.js';
import type { StoreWrite } from './store-shapes.js';

/**
 * A write-ahead journal of the emulator's mailboxes (issue 9 §4): every acknowledged write is one
 * JSON line with the written thing's whole new state, appended before the request is answered.
 * A restart loads the last snapshot and replays the journal on it. Entries are idempotent (whole
 * states and deletes by id), so replaying one twice — a crash between snapshot and truncation — is
 * harmless. `folder: null` is the mailbox's default Contacts folder; a folder's `parent` is null
 * there, DELETED_ITEMS for a deleted folder, else the parent folder's id.
 */
export type JournalEntry =
  | {
      readonly op: 'folder';
      readonly mailbox: string;
      readonly upn: string | null;
      readonly id: string;
      readonly displayName: string;
      readonly parent: string | null;
      /** A folder of another item class (store-shapes.ts Folder.folderClass); absent: contacts. */
      readonly folderClass?: string;
    }
  | { readonly op: 'folderDeleted'; readonly mailbox: string; readonly id: string }
  | {
      readonly op: 'contact';
      readonly mailbox: string;
      readonly upn: string | null;
      readonly folder: string | null;
      readonly contact: SeedContact;
    }
  | {
      readonly op: 'contactDeleted';
      readonly mailbox: string;
      readonly folder: string | null;
      readonly id: string;
    }
  | { readonly op: 'reset' };

/** A journal `parent` naming Deleted Items (Graph's well-known name for that folder). */
const DELETED_ITEMS = 'deleteditems';

/** The journal line for one store write. */
export function journalEntry(write: StoreWrite): JournalEntry {
  switch (write.kind) {
    case 'reset':
      return { op: 'reset' };
    case 'folder': {
      const { mailbox, folder } = write;
      const parent =
        folder.parentFolderId === mailbox.defaultFolderId
          ? null
          : folder.parentFolderId === mailbox.deletedItemsId
            ? DELETED_ITEMS
            : folder.parentFolderId;
      return {
        op: 'folder',
        mailbox: mailbox.id,
        upn: mailbox.upn,
        id: folder.id,
        displayName: folder.displayName,
        parent,
        ...(folder.folderClass === undefined ? {} : { folderClass: folder.folderClass }),
      };
    }
    case 'folderDeleted':
      return { op: 'folderDeleted', mailbox: write.mailbox.id, id: write.folderId };
    case 'contact': {
      const { mailbox, folder } = write;
      return {
        op: 'contact',
        mailbox: mailbox.id,
        upn: mailbox.upn,
        folder: folder.id === mailbox.defaultFolderId ? null : folder.id,
        contact: contactSeed(write.contact),
      };
    }
    case 'contactDeleted': {
      const { mailbox, folder } = write;
      return {
        op: 'contactDeleted',
        mailbox: mailbox.id,
        folder: folder.id === mailbox.defaultFolderId ? null : folder.id,
        id: write.contactId,
      };
    }
  }
}

/** The snapshot with the journal's entries applied in order (a new object; `seed` is not changed). */
export function replayJournal(seed: SeedData, entries: readonly JournalEntry[]): SeedData {
  let data: SeedData = structuredClone(seed);
  for (const e of entries) {
    if (e.op === 'reset') {
      data = { mailboxes: [] };
      continue;
    }
    const mailbox = mailboxOf(data, e.mailbox, 'upn' in e ? e.upn : null);
    if (e.op === 'folder') {
      // A rename or a move (to Deleted Items): the folder is taken out and put under its parent.
      const existing = findFolder(allFolders(mailbox), e.id);
      if (existing) removeFromMailbox(mailbox, e.id);
      const siblings =
        e.parent === null
          ? (mailbox.folders ??= [])
          : e.parent === DELETED_ITEMS
            ? (mailbox.deletedFolders ??= [])
            : childrenOf(mailbox, e.parent);
      siblings.push({
        contacts: [],
        childFolders: [],
        ...existing,
        id: e.id,
        displayName: e.displayName,
        ...(e.folderClass === undefined ? {} : { folderClass: e.folderClass }),
      });
    } else if (e.op === 'folderDeleted') {
      removeFromMailbox(mailbox, e.id);
    } else {
      const contacts = contactsOf(mailbox, e.folder);
      if (!contacts) continue; // the folder went away later in the journal
      const id = e.op === 'contact' ? e.contact.id : e.id;
      const at = contacts.findIndex((c) => c.id === id);
      if (e.op === 'contactDeleted') {
        if (at >= 0) contacts.splice(at, 1);
      } else if (at >= 0) contacts[at] = e.contact;
      else contacts.push(e.contact);
    }
  }
  return data;
}

function mailboxOf(data: SeedData, id: string, upn: string | null): SeedMailbox {
  let m = data.mailboxes.find((x) => x.id === id);
  if (!m) data.mailboxes.push((m = { id, ...(upn ? { upn } : {}), contacts: [], folders: [] }));
  return m;
}

/** The mailbox's folders in Contacts and in Deleted Items, as one list to search (a fresh array). */
function allFolders(mailbox: SeedMailbox): SeedFolder[] {
  return [...(mailbox.folders ?? []), ...(mailbox.deletedFolders ?? [])];
}

function findFolder(folders: SeedFolder[], id: string): SeedFolder | undefined {
  for (const f of folders) {
    if (f.id === id) return f;
    const inner = findFolder(f.childFolders ?? [], id);
    if (inner) return inner;
  }
  return undefined;
}

function childrenOf(mailbox: SeedMailbox, parentId: string): SeedFolder[] {
  const parent = findFolder(allFolders(mailbox), parentId);
  return parent ? (parent.childFolders ??= []) : (mailbox.folders ??= []);
}

function removeFromMailbox(mailbox: SeedMailbox, id: string): void {
  if (!removeFolder(mailbox.folders ?? [], id)) removeFolder(mailbox.deletedFolders ?? [], id);
}

function removeFolder(folders: SeedFolder[], id: string): boolean {
  const at = folders.findIndex((f) => f.id === id);
  if (at >= 0) {
    folders.splice(at, 1);
    return true;
  }
  return folders.some((f) => removeFolder(f.childFolders ?? [], id));
}

function contactsOf(mailbox: SeedMailbox, folderId: string | null): SeedContact[] | null {
  if (folderId === null) return (mailbox.contacts ??= []);
  const f = findFolder(allFolders(mailbox), folderId);
  return f ? (f.contacts ??= []) : null;
}
