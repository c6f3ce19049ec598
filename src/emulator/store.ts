import { applyContactWrite, emptyContactProps } from './contact-model.js';
import type { ContactWrite, ExtendedProperty } from './contact-model.js';
import { HAS_PICTURE_ID } from './contact-photo.js';
import { folderExists, notFound } from './errors.js';
import { indexEmails, recordChange } from './folder-log.js';
import { exchangeId } from './id-shape.js';
import { graphTimestamp, newChangeKey, newFolderId, newItemId } from './ids.js';
import type { Folder, Mailbox, StoreWrite, StoredContact, StoredPhoto } from './store-shapes.js';

/** All mailboxes of the emulator; lazily created on first use, addressable by id or UPN. */
export class EmulatorStore {
  readonly mailboxes = new Map<string, Mailbox>();
  private readonly aliases = new Map<string, string>();
  /**
   * Called synchronously after every applied write, before the request is answered: a host that
   * persists here never acknowledges a write it could lose (the embedded emulator's journal).
   */
  onWrite: ((write: StoreWrite) => void) | null = null;

  constructor(private readonly now: () => number) {}

  reset(): void {
    this.mailboxes.clear();
    this.aliases.clear();
    this.onWrite?.({ kind: 'reset' });
  }

  /** Records that `upn` names the mailbox `id` (from a delegated token or seed data). */
  registerUser(id: string, upn: string | null): Mailbox {
    const mailbox = this.findMailbox(id) ?? this.createMailbox(id);
    if (upn) {
      mailbox.upn ??= upn;
      this.aliases.set(upn.toLowerCase(), mailbox.id);
    }
    return mailbox;
  }

  findMailbox(idOrUpn: string): Mailbox | undefined {
    const id = this.aliases.get(idOrUpn.toLowerCase()) ?? idOrUpn;
    return this.mailboxes.get(id);
  }

  /** App-only callers may name any mailbox; an unknown UPN gets a fresh mailbox under that alias. */
  resolveMailbox(idOrUpn: string): Mailbox {
    const existing = this.findMailbox(idOrUpn);
    if (existing) return existing;
    if (idOrUpn.includes('@')) return this.registerUser(crypto.randomUUID(), idOrUpn);
    return this.createMailbox(idOrUpn);
  }

  private createMailbox(id: string): Mailbox {
    const rootFolderId = newFolderId();
    const mailbox: Mailbox = {
      id,
      upn: null,
      rootFolderId,
      defaultFolderId: '',
      deletedItemsId: newFolderId(),
      folders: new Map(),
      contactFolder: new Map(),
    };
    mailbox.defaultFolderId = this.addFolder(mailbox, 'Contacts', rootFolderId).id;
    this.mailboxes.set(id, mailbox);
    this.aliases.set(id.toLowerCase(), id);
    return mailbox;
  }

  private addFolder(
    mailbox: Mailbox,
    displayName: string,
    parentFolderId: string,
    id = newFolderId(),
    folderClass?: string,
  ): Folder {
    const folder: Folder = {
      id: exchangeId(id, 'contact folder id'),
      displayName,
      parentFolderId,
      ...(folderClass === undefined ? {} : { folderClass }),
      contacts: new Map(),
      log: [],
      latest: new Map(),
      seq: 0,
      generations: [],
      emailIndex: new Map(),
    };
    mailbox.folders.set(folder.id, folder);
    return folder;
  }

  getFolder(mailbox: Mailbox, folderId: string): Folder {
    // Graph accepts the well-known name "contacts" for the default folder.
    const id =
      folderId.toLowerCase() === 'contacts'
        ? mailbox.defaultFolderId
        : exchangeId(folderId, 'contact folder id');
    const folder = mailbox.folders.get(id);
    // A folder of another item class is not a contact folder: the contactFolders routes find none.
    if (!folder || folder.folderClass !== undefined) throw notFound();
    return folder;
  }

  /** The contact folders under `parentId` (what the contactFolders routes list). */
  childFolders(mailbox: Mailbox, parentId: string): Folder[] {
    return this.allChildFolders(mailbox, parentId).filter((f) => f.folderClass === undefined);
  }

  /** Every folder under `parentId`, of any item class (whose names are taken there). */
  private allChildFolders(mailbox: Mailbox, parentId: string): Folder[] {
    return [...mailbox.folders.values()].filter((f) => f.parentFolderId === parentId);
  }

  /** `folderClass`: a folder of another item class (Folder.folderClass), from seed data only. */
  createFolder(
    mailbox: Mailbox,
    displayName: string,
    parentId: string,
    id?: string,
    folderClass?: string,
  ): Folder {
    if (parentId !== mailbox.defaultFolderId && parentId !== mailbox.deletedItemsId)
      this.getFolder(mailbox, parentId);
    if (this.nameTaken(mailbox, parentId, displayName)) throw folderExists();
    const folder = this.addFolder(mailbox, displayName, parentId, id, folderClass);
    this.onWrite?.({ kind: 'folder', mailbox, folder });
    return folder;
  }

  /**
   * Whether `displayName` (case-insensitive) names a folder under `parentId` other than `except`.
   * The one name rule of every path — create, rename, loading a snapshot or a journal (F113):
   * Deleted Items holds any number of folders of one name (DELETE moves a folder there whatever it
   * holds), so a name is never taken there.
   */
  private nameTaken(mailbox: Mailbox, parentId: string, displayName: string, except?: Folder): boolean {
    if (parentId === mailbox.deletedItemsId) return false;
    const name = displayName.toLowerCase();
    return this.allChildFolders(mailbox, parentId).some(
      (f) => f !== except && f.displayName.toLowerCase() === name,
    );
  }

  /** Renames a folder; a sibling with that name (case-insensitive) is a 409 as on create. */
  renameFolder(mailbox: Mailbox, folder: Folder, displayName: string): void {
    if (this.nameTaken(mailbox, folder.parentFolderId, displayName, folder)) throw folderExists();
    folder.displayName = displayName;
    this.onWrite?.({ kind: 'folder', mailbox, folder });
  }

  /**
   * Graph's DELETE of a contact folder: it moves to Deleted Items with its id, subfolders and
   * contacts, so a GET by id and a delta on it keep answering (learn.microsoft.com/graph/api/
   * contactfolder-permanentdelete sets the two apart). A folder already in Deleted Items goes for
   * good, as deleting there does in Outlook.
   */
  deleteFolder(mailbox: Mailbox, folder: Folder): void {
    if (this.inDeletedItems(mailbox, folder)) return this.purgeFolder(mailbox, folder);
    folder.parentFolderId = mailbox.deletedItemsId;
    this.onWrite?.({ kind: 'folder', mailbox, folder });
  }

  private inDeletedItems(mailbox: Mailbox, folder: Folder): boolean {
    for (let f: Folder | undefined = folder; f; f = mailbox.folders.get(f.parentFolderId))
      if (f.parentFolderId === mailbox.deletedItemsId) return true;
    return false;
  }

  /** Removes the folder, its subfolders and every contact in them (Graph's permanentDelete). */
  purgeFolder(mailbox: Mailbox, folder: Folder): void {
    for (const child of this.allChildFolders(mailbox, folder.id)) this.purgeFolder(mailbox, child);
    for (const id of folder.contacts.keys()) mailbox.contactFolder.delete(id);
    mailbox.folders.delete(folder.id);
    this.onWrite?.({ kind: 'folderDeleted', mailbox, folderId: folder.id });
  }

  findContact(
    mailbox: Mailbox,
    contactId: string,
    folder?: Folder,
  ): { folder: Folder; contact: StoredContact } {
    exchangeId(contactId, 'contact id');
    const owner = folder ?? mailbox.folders.get(mailbox.contactFolder.get(contactId) ?? '');
    const contact = owner?.contacts.get(contactId);
    if (!owner || !contact) throw notFound();
    return { folder: owner, contact };
  }

  createContact(mailbox: Mailbox, folder: Folder, write: ContactWrite, id = newItemId()): StoredContact {
    const stamp = graphTimestamp(this.now());
    const contact: StoredContact = {
      id: exchangeId(id, 'contact id'),
      changeKey: newChangeKey(),
      createdDateTime: stamp,
      lastModifiedDateTime: stamp,
      parentFolderId: folder.id,
      props: emptyContactProps(),
      extended: new Map(),
      photo: null,
    };
    applyContactWrite(contact.props, write, true);
    setExtended(contact, write.extended);
    folder.contacts.set(id, contact);
    mailbox.contactFolder.set(id, folder.id);
    indexEmails(folder, contact, 'add');
    recordChange(folder, id, false);
    this.onWrite?.({ kind: 'contact', mailbox, folder, contact });
    return contact;
  }

  updateContact(
    folder: Folder,
    contact: StoredContact,
    write: ContactWrite,
    mailbox?: Mailbox,
  ): StoredContact {
    indexEmails(folder, contact, 'remove');
    applyContactWrite(contact.props, write, false);
    setExtended(contact, write.extended);
    contact.changeKey = newChangeKey();
    contact.lastModifiedDateTime = graphTimestamp(this.now());
    indexEmails(folder, contact, 'add');
    recordChange(folder, contact.id, false);
    const owner = mailbox ?? this.mailboxOf(folder);
    if (owner) this.onWrite?.({ kind: 'contact', mailbox: owner, folder, contact });
    return contact;
  }

  /**
   * Stores the contact's photo: the item changes (a new changeKey, a delta entry) and PidLidHasPicture
   * reads true, as on Exchange, where the photo is an attachment of the contact (contact-photo.ts).
   */
  setContactPhoto(
    mailbox: Mailbox,
    folder: Folder,
    contact: StoredContact,
    photo: Omit<StoredPhoto, 'etag'>,
  ): void {
    contact.photo = { ...photo, etag: newChangeKey() };
    setExtended(contact, [{ id: HAS_PICTURE_ID, value: 'true' }]);
    contact.changeKey = newChangeKey();
    contact.lastModifiedDateTime = graphTimestamp(this.now());
    recordChange(folder, contact.id, false);
    this.onWrite?.({ kind: 'contact', mailbox, folder, contact });
  }

  private mailboxOf(folder: Folder): Mailbox | undefined {
    for (const m of this.mailboxes.values()) if (m.folders.get(folder.id) === folder) return m;
    return undefined;
  }

  deleteContact(mailbox: Mailbox, folder: Folder, contact: StoredContact): void {
    indexEmails(folder, contact, 'remove');
    folder.contacts.delete(contact.id);
    mailbox.contactFolder.delete(contact.id);
    recordChange(folder, contact.id, true);
    this.onWrite?.({ kind: 'contactDeleted', mailbox, folder, contactId: contact.id });
  }
}

function setExtended(contact: StoredContact, properties: ExtendedProperty[]): void {
  for (const property of properties) {
    const key = property.id.toLowerCase();
    const existing = contact.extended.get(key);
    contact.extended.set(key, { id: existing?.id ?? property.id, value: property.value });
  }
}
