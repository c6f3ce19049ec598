import { shownInput } from '../platform/shown-input.js';
import { parseContactWrite } from './contact-model.js';
import { imageSize } from './contact-photo.js';
import { GraphError, badRequest } from './errors.js';
import type { SeedContact, SeedData, SeedFolder } from './options.js';
import type { EmulatorStore } from './store.js';
import type { Folder, Mailbox } from './store-shapes.js';

/**
 * Loads seed data (mailboxes → folders → contacts) through the same validation as the API, so a
 * seed cannot hold contacts Graph would reject. Folders that already exist by name are reused.
 */
export function applySeed(store: EmulatorStore, data: SeedData): void {
  if (typeof data !== 'object' || data === null || !Array.isArray(data.mailboxes)) {
    throw badRequest('Seed data must be an object with a "mailboxes" array.');
  }
  for (const seed of data.mailboxes) {
    if (typeof seed.id !== 'string' || seed.id === '')
      throw badRequest('Every seeded mailbox needs an "id".');
    const mailbox = store.registerUser(seed.id, seed.upn ?? null);
    const defaultFolder = store.getFolder(mailbox, mailbox.defaultFolderId);
    seedContacts(store, mailbox, defaultFolder, seed.contacts ?? []);
    for (const folder of seed.folders ?? []) seedFolder(store, mailbox, folder, mailbox.defaultFolderId);
    for (const folder of seed.deletedFolders ?? [])
      seedFolder(store, mailbox, folder, mailbox.deletedItemsId);
  }
}

function seedFolder(store: EmulatorStore, mailbox: Mailbox, seed: SeedFolder, parentId: string): void {
  // Deleted Items may hold several folders of one name: those are told apart by id only.
  const byName = parentId === mailbox.deletedItemsId ? [] : store.childFolders(mailbox, parentId);
  const existing =
    seed.folderClass === undefined
      ? byName.find((f) => f.displayName.toLowerCase() === seed.displayName.toLowerCase())
      : undefined;
  const folder =
    existing ?? store.createFolder(mailbox, seed.displayName, parentId, seed.id, seed.folderClass);
  // A folder of another item class holds no contacts (what it holds is not modelled).
  if (seed.folderClass === undefined) seedContacts(store, mailbox, folder, seed.contacts ?? []);
  for (const child of seed.childFolders ?? []) seedFolder(store, mailbox, child, folder.id);
}

function seedContacts(store: EmulatorStore, mailbox: Mailbox, folder: Folder, contacts: SeedContact[]): void {
  for (const seed of contacts) {
    const { id, '@emulator.photo': photo, ...body } = seed;
    if (id !== undefined && mailbox.contactFolder.has(id)) {
      throw new GraphError(
        409,
        'ErrorDuplicateItem',
        `A contact with id '${shownInput(id)}' already exists.`,
      );
    }
    const contact = store.createContact(mailbox, folder, parseContactWrite(body), id);
    if (photo) {
      const bytes = Buffer.from(photo.base64, 'base64');
      const size = imageSize(bytes);
      if (!size)
        throw badRequest(
          `The seeded photo of contact '${shownInput(contact.id)}' is not a PNG or JPEG image.`,
        );
      store.setContactPhoto(mailbox, folder, contact, { contentType: photo.contentType, bytes, ...size });
    }
  }
}
