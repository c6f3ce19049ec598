import type { ExtendedProperty } from './contact-model.js';

// What the emulator's store holds: mailboxes, their contact folders and contacts, and the writes
// it reports to a durable host.

export interface StoredContact {
  id: string;
  changeKey: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  parentFolderId: string;
  props: Record<string, unknown>;
  /** Keyed by lower-cased property id: Graph compares extended property ids case-insensitively. */
  extended: Map<string, ExtendedProperty>;
  /** The contact's photo (contact-photo.ts), or null: Graph has no way to remove it again. */
  photo: StoredPhoto | null;
}

/** A contact photo as stored: the image bytes, their type and size, and the etag of this upload. */
export interface StoredPhoto {
  contentType: string;
  bytes: Buffer;
  width: number;
  height: number;
  etag: string;
}

/** One write in a folder's change log; `seq` orders all writes of that folder. */
export interface ChangeEntry {
  seq: number;
  contactId: string;
  deleted: boolean;
}

export interface Folder {
  id: string;
  displayName: string;
  parentFolderId: string;
  /**
   * Absent for a contact folder. A folder of another item class (`IPF.Note` mail, `IPF.Appointment`
   * …; a user's "Mail and Post Items" folder made under Contacts in Outlook): no contactFolders
   * route lists, finds or writes it, but its name is taken among its siblings, since Exchange keeps
   * one name per parent whatever a folder holds (a contact folder's create or rename of that name
   * is a 409 ErrorFolderExists). Seeded only (SeedFolder.folderClass).
   */
  folderClass?: string;
  contacts: Map<string, StoredContact>;
  /** Ascending by seq. Superseded entries are compacted away; tombstones stay while a kept generation needs them. */
  log: ChangeEntry[];
  /** Latest entry per contact id (a tombstone for deleted contacts); identity marks the live log entry. */
  latest: Map<string, ChangeEntry>;
  seq: number;
  /** Sequence numbers handed out in deltaLinks, ascending, at most maxGenerations long. */
  generations: number[];
  /** Lower-cased e-mail address -> contact ids, so $filter by address stays cheap at 10,000+ contacts. */
  emailIndex: Map<string, Set<string>>;
}

export interface Mailbox {
  id: string;
  upn: string | null;
  rootFolderId: string;
  defaultFolderId: string;
  /**
   * Deleted Items, where a deleted contact folder goes with its id and contacts (Graph contactFolder
   * delete; `permanentDelete` is what removes it). A mail folder: no contactFolders route finds it.
   */
  deletedItemsId: string;
  folders: Map<string, Folder>;
  /** contact id -> folder id, for the folder-less /contacts/{id} routes. */
  contactFolder: Map<string, string>;
}

/** One applied write, as a durable journal needs it (issue 9 §4); objects are the live ones. */
export type StoreWrite =
  | { readonly kind: 'folder'; readonly mailbox: Mailbox; readonly folder: Folder }
  | { readonly kind: 'folderDeleted'; readonly mailbox: Mailbox; readonly folderId: string }
  | {
      readonly kind: 'contact';
      readonly mailbox: Mailbox;
      readonly folder: Folder;
      readonly contact: StoredContact;
    }
  | {
      readonly kind: 'contactDeleted';
      readonly mailbox: Mailbox;
      readonly folder: Folder;
      readonly contactId: string;
    }
  | { readonly kind: 'reset' };
