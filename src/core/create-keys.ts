/*
 * The create keys of BC contact creates (ports.ts BcContactDraft.createKey): what a create is, the
 * same on every host of one user that makes it (the pane, the scheduler, the CLI) and on every
 * resend, so that the facade makes one contact of them (bc/create-key.ts). Each names the source
 * of the create, never a host, a run or a request: a key that differed per host (a random UUID,
 * the $batch envelope's key and the operation's id) let a create stalled past the company's create
 * turn land beside the contact the next host made (crash-hosts model seeds 22 and 33).
 */

/**
 * An Outlook contact imported to BC (executor-bc.ts): its id alone, so the import is one create
 * whichever host makes it. The values sent are hashed into the facade's key besides it
 * (bc/create-key.ts createKeyOf), so an edit of a synced value is another import (guarded by the
 * create turn's look-up by e-mail), while an Outlook-only edit (a photo, notes: a new changeKey,
 * the same values) between two hosts' reads is not (V6: the changeKey here made two contacts).
 * After a BC delete of the contact made, the same import meets its tombstone and is made once
 * more under the key's successor id (store/bc-contact-writes.ts successorContactId), never twice.
 */
export function importKey(outlookId: string): string {
  return JSON.stringify(['import', outlookId]);
}

/**
 * A BC contact deleted in BC whose Outlook side the user keeps (resolve-recreate.ts): the deleted
 * contact's id, so the user's retry after a lost answer, from any host, finds the contact the
 * first attempt made; the re-created contact's own deletion later is another key.
 */
export function keepDeletedKey(deletedBcId: string): string {
  return JSON.stringify(['keepDeleted', deletedBcId.toLowerCase()]);
}

/** "This sender" (server/sync/sender.ts): the address added, as the add's look-up compares it. */
export function senderKey(normalizedEmail: string): string {
  return JSON.stringify(['sender', normalizedEmail]);
}
