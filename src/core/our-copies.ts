import type { OutlookContact } from './model.js';

/*
 * rule duplicates.removeOurCopy. Graph takes no fencing token: a run stalled with its create on
 * the wire can see that create land after its lease expired and another host's run made and
 * linked the contact (crash-hosts model, seed 22). The late one is an unlinked second copy
 * stamped with the same BC id. It is removed when deleting it loses nothing and it is surely ours;
 * any doubt keeps it, listed with the hint to delete it by hand (duplicateOfLinked).
 */

/** Every value of a contact but its identity and create mark, keys in one order: what a delete loses. */
function heldValues(contact: OutlookContact): string {
  const { id: _id, changeKey: _changeKey, createdBy: _createdBy, ...values } = contact;
  return JSON.stringify(values, (_key, value: unknown) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  );
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
 * holds no Outlook-only value, and every other value it holds is the linked contact's, so deleting
 * it loses nothing the user typed. Our creates write no Outlook-only property, so one holding a
 * value was typed into by someone; and a read says only WHICH of them hold a value, not what
 * (OutlookContact.outlookOnly), so a copy and a linked contact both holding notes may hold
 * different notes: comparing the lists alone deleted the copy's (review, trust doubt 3).
 */
export function isOurCopy(
  copy: OutlookContact,
  linked: OutlookContact,
  others: readonly OutlookContact[],
): boolean {
  return (
    markedOurs(copy, linked, others) &&
    copy.outlookOnly.length === 0 &&
    heldValues(copy) === heldValues(linked)
  );
}
