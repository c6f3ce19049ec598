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
  for (const key of keysOf(select)) out[key] = jsonCopy(readProperty(contact, key));
  if (expandIds) {
    const found = expandIds.map((id) => contact.extended.get(id)).filter((p) => p !== undefined);
    if (found.length > 0)
      out.singleValueExtendedProperties = found.map((p) => ({ id: p.id, value: p.value }));
  }
  return out;
}

/** A contact's wire text for one shape of answer, kept while its changeKey holds (contactText). */
interface ContactText {
  readonly changeKey: string;
  readonly shape: string;
  readonly text: string;
}
const texts = new WeakMap<StoredContact, ContactText>();

/**
 * `JSON.stringify(serializeContact(contact, select, expandIds))`, remembered per contact for the
 * last `shape` (the select and expand, as the caller names them) until the contact changes: every
 * change of a stored contact gives it a new changeKey (store.ts), which is part of its text. A
 * sync reads a whole folder with one shape run after run; writing each contact out again was most
 * of the emulator's CPU in a full sync of 50,000 unchanged contacts (issue 12 §2), CPU a run on
 * the same machine waits for and Graph's own latency does not model.
 */
export function contactText(
  contact: StoredContact,
  select: string[] | null,
  expandIds: string[] | null,
  shape: string,
): string {
  const had = texts.get(contact);
  if (had !== undefined && had.changeKey === contact.changeKey && had.shape === shape) return had.text;
  const text = JSON.stringify(serializeContact(contact, select, expandIds));
  texts.set(contact, { changeKey: contact.changeKey, shape, text });
  return text;
}

/**
 * The properties a `select` names, in Graph's order (id always). Worked out once per select list —
 * a list page serializes up to 1,000 contacts with the same one — instead of a Set per contact and a
 * pass over every property (issue 12 §2: the emulator's page serialization at 50,000 contacts).
 */
const selectedKeys = new WeakMap<readonly string[], readonly string[]>();
function keysOf(select: readonly string[] | null): readonly string[] {
  if (!select) return CONTACT_PROPERTY_ORDER;
  let keys = selectedKeys.get(select);
  if (!keys) {
    const wanted = new Set(['id', ...select]);
    keys = CONTACT_PROPERTY_ORDER.filter((key) => wanted.has(key));
    selectedKeys.set(select, keys);
  }
  return keys;
}

/**
 * A copy of a stored property value, which is JSON (parsed from a write: strings, numbers, null,
 * arrays and plain objects of them), so the answer never shares the store's arrays or objects.
 * structuredClone per property was most of a contact list's page: 170 µs a contact, 1.4 s of the
 * folder preview's 8,000-contact read (bench:preview-loop).
 */
function jsonCopy(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(jsonCopy);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = jsonCopy(v);
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
