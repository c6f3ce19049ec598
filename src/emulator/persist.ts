import type { SeedContact, SeedData, SeedFolder } from './options.js';
import type { EmulatorStore } from './store.js';
import type { Folder, Mailbox, StoredContact } from './store-shapes.js';

/** One contact as seed data (what a restart loads it from). */
export function contactSeed(c: StoredContact): SeedContact {
  const extended = [...c.extended.values()].map((p) => ({ id: p.id, value: p.value }));
  return {
    id: c.id,
    ...structuredClone(c.props),
    ...(extended.length > 0 ? { singleValueExtendedProperties: extended } : {}),
    ...(c.photo
      ? { '@emulator.photo': { contentType: c.photo.contentType, base64: c.photo.bytes.toString('base64') } }
      : {}),
  };
}

function contactSeeds(folder: Folder): SeedContact[] {
  return [...folder.contacts.values()].map(contactSeed);
}

function folderSeeds(mailbox: Mailbox, parentId: string): SeedFolder[] {
  return [...mailbox.folders.values()]
    .filter((f) => f.parentFolderId === parentId)
    .map((f) => ({
      id: f.id,
      displayName: f.displayName,
      ...(f.folderClass === undefined ? {} : { folderClass: f.folderClass }),
      contacts: contactSeeds(f),
      childFolders: folderSeeds(mailbox, f.id),
    }));
}

/**
 * Every mailbox as seed data, so a process can save the emulator's state and load it at its next
 * start (ids are kept; change keys and delta tokens are not, as after a Graph-side resync).
 */
export function exportSeed(store: EmulatorStore): SeedData {
  return {
    mailboxes: [...store.mailboxes.values()].map((m) => {
      const defaultFolder = m.folders.get(m.defaultFolderId);
      const deleted = folderSeeds(m, m.deletedItemsId);
      return {
        id: m.id,
        ...(m.upn ? { upn: m.upn } : {}),
        contacts: defaultFolder ? contactSeeds(defaultFolder) : [],
        folders: folderSeeds(m, m.defaultFolderId),
        ...(deleted.length > 0 ? { deletedFolders: deleted } : {}),
      };
    }),
  };
}
