import type { OutlookContact } from './model.js';

/*
 * rule duplicates.removeOurCopy. Graph takes no fencing token: a run stalled with its create on
 * the wire can see that create land after its lease expired and another host's run made and
 * linked the contact (crash-hosts model, seed 22). The late one is an unlinked second copy
 * stamped with the same BC id. It is removed when deleting it loses nothing and it is surely ours;
 * any doubt keeps it, listed with the hint to delete it by hand (duplicateOfLinked).
 */

/** A value that holds nothing: deleting it loses nothing ('', null, absent, an empty list or address). */
function empty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.every(empty);
  if (typeof value === 'object') return Object.values(value).every(empty);
  return false;
}

/** One value in one text, object keys in one order: two entries of a list compared whole. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * Whether `copy`'s value is held by `linked`'s, so deleting the copy loses nothing of it: empty, or
 * equal; a list, each entry equal to one of the linked list's (the user may have added entries to
 * the linked contact since the late create landed: soak F1, seed 9019, a second business phone);
 * an address, each part so.
 */
function heldBy(copy: unknown, linked: unknown): boolean {
  if (empty(copy)) return true;
  if (Array.isArray(copy)) {
    if (!Array.isArray(linked)) return false;
    const entries = new Set(linked.map(canonical));
    return copy.every((entry) => empty(entry) || entries.has(canonical(entry)));
  }
  if (typeof copy === 'object' && copy !== null) {
    if (typeof linked !== 'object' || linked === null || Array.isArray(linked)) return false;
    const other = linked as Record<string, unknown>;
    return Object.entries(copy).every(([k, v]) => heldBy(v, other[k]));
  }
  return copy === linked;
}

/**
 * Whether `copy`, an Outlook contact no link holds, carries the mark of one of our own creates of
 * `linked`, the contact linked to the BC id it carries: that BC id and a create mark
 * (OutlookContact.createdBy) other than the linked contact's — two creates, not a copy the user
 * made in Outlook (Outlook's copy keeps both properties, so a user's copy carries the linked
 * contact's mark or none) —, a mark no other contact of `others` (those read that carry the BC id)
 * has: else the user copied our late create, and which of the two is ours cannot be told.
 */
export function markedOurs(
  copy: OutlookContact,
  linked: OutlookContact,
  others: readonly OutlookContact[],
): boolean {
  const mark = copy.createdBy ?? '';
  return (
    copy.id !== linked.id &&
    copy.bcId !== '' &&
    copy.bcId === linked.bcId &&
    mark !== '' &&
    mark !== (linked.createdBy ?? '') &&
    !others.some((o) => o.id !== copy.id && (o.createdBy ?? '') === mark)
  );
}

/**
 * Whether `copy` is a copy our own create left of `linked` that may be deleted: `markedOurs`, it
 * holds no Outlook-only value, and every other value it holds the linked contact holds too
 * (`heldBy`; the linked one may hold more), so deleting it loses nothing the user typed. Our creates write no Outlook-only property, so one holding a
 * value was typed into by someone; and a read says only WHICH of them hold a value, not what
 * (OutlookContact.outlookOnly), so a copy and a linked contact both holding notes may hold
 * different notes: comparing the lists alone deleted the copy's (review, trust doubt 3).
 */
export function isOurCopy(
  copy: OutlookContact,
  linked: OutlookContact,
  others: readonly OutlookContact[],
): boolean {
  const { id: _id, changeKey: _changeKey, createdBy: _createdBy, ...values } = copy;
  return (
    markedOurs(copy, linked, others) &&
    copy.outlookOnly.length === 0 &&
    heldBy(values, { ...linked, outlookOnly: [] })
  );
}
