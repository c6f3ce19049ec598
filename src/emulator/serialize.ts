import { CONTACT_PROPERTY_ORDER } from './contact-model.js';
import type { Folder, StoredContact } from './store-shapes.js';

export function etagOf(contact: StoredContact): string {
  return `W/"${contact.changeKey}"`;
}

/**
 * Graph's wire form of a contact: `@odata.etag` first, unset strings null, empty collections [],
 * unset addresses {}. `select` limits properties (id is always present); extended properties appear
 * only when expanded and only those that exist.
 */
export function serializeContact(
  contact: StoredContact,
  select: string[] | null,
  expandIds: string[] | null = null,
): Record<string, unknown> {
  const out: Record<string, unknown> = { '@odata.etag': etagOf(contact) };
  const wanted = select ? new Set(['id', ...select]) : null;
  for (const key of CONTACT_PROPERTY_ORDER) {
    if (wanted && !wanted.has(key)) continue;
    out[key] = structuredClone(readProperty(contact, key));
  }
  if (expandIds) {
    const found = expandIds.map((id) => contact.extended.get(id)).filter((p) => p !== undefined);
    if (found.length > 0)
      out.singleValueExtendedProperties = found.map((p) => ({ id: p.id, value: p.value }));
  }
  return out;
}

function readProperty(contact: StoredContact, key: string): unknown {
  switch (key) {
    case 'id':
      return contact.id;
    case 'createdDateTime':
      return contact.createdDateTime;
    case 'lastModifiedDateTime':
      return contact.lastModifiedDateTime;
    case 'changeKey':
      return contact.changeKey;
    case 'parentFolderId':
      return contact.parentFolderId;
    default:
      return contact.props[key] ?? null;
  }
}

export function serializeFolder(folder: Folder, select: string[] | null = null): Record<string, unknown> {
  const full: Record<string, unknown> = {
    id: folder.id,
    displayName: folder.displayName,
    parentFolderId: folder.parentFolderId,
  };
  if (!select) return full;
  const out: Record<string, unknown> = { id: folder.id };
  for (const key of select) out[key] = full[key];
  return out;
}

/** Full dump for GET /_emulator/mailboxes/{id}: every contact with its extended properties. */
export function dumpContact(contact: StoredContact): Record<string, unknown> {
  return {
    ...serializeContact(contact, null),
    singleValueExtendedProperties: [...contact.extended.values()].map((p) => ({ ...p })),
  };
}
