/*
 * The create keys of BC contact creates (ports.ts BcContactDraft.createKey): what a create is, the
 * same on every host of one user that makes it (the pane, the scheduler, the CLI) and on every
 * resend, so that the facade makes one contact of them (bc/create-key.ts). Each names the source
 * of the create, never a host, a run or a request: a key that differed per host (a random UUID,
 * the $batch envelope's key and the operation's id) let a create stalled past the company's create
 * turn land beside the contact the next host made (crash-hosts model seeds 22 and 33).
 */

/**
 * An Outlook contact imported to BC (executor-bc.ts): its id and the change key the run read, so
 * the import of one version is one create whichever host makes it; a later version (another
 * changeKey, other values) is another import, guarded by the create turn's look-up by e-mail.
 */
export function importKey(outlookId: string, changeKey: string): string {
  return JSON.stringify(['import', outlookId, changeKey]);
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
