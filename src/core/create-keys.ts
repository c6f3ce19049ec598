import { normalizeEmail } from './model.js';
import type { SyncFields } from './model.js';
import type { BcContactDraft, BcContacts } from './ports.js';
import type { CreatedIdsEarly } from './created-ids-early.js';
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
function importKey(outlookId: string): string {
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

/** The draft of an import of Outlook contact `outlookId` with `fields`: a Person under its import key. */
export function importDraft(c: { readonly outlookId: string; readonly fields: SyncFields }): BcContactDraft {
  return { ...c.fields, type: 'Person', createKey: importKey(c.outlookId) };
}

/**
 * The ids the adapter gives these imports' contacts, by Outlook id, where it knows them ahead
 * (BcContacts.createdIdOf): kept in their pending entries, so a lost create's contact is told from
 * a namesake a BC user entered by id, not by values (review RV14).
 */
function createdIdsOf(
  bc: Pick<BcContacts, 'createdIdOf'>,
  creates: readonly { readonly outlookId: string; readonly fields: SyncFields }[],
): Map<string, string> {
  const out = new Map<string, string>();
  if (!bc.createdIdOf) return out;
  for (const c of creates) {
    const id = bc.createdIdOf(importDraft(c));
    if (id) out.set(c.outlookId, id);
  }
  return out;
}

/**
 * As createdIdsOf, and for the imports the adapter cannot name at once, the ids it is told before
 * they go out (BcContacts.createdIdsAfter: the pane's engine asks the facade, one request for the
 * group). Why ahead: a lost create's entry without its id is found again only by the values it
 * sent, which an edit on both sides since (the address changed in BC too) no longer gives — the
 * pane made the person a second time where the in-process host, knowing the id, linked it (brief
 * leaks, keyed). A failed ask records the entries without ids (as before: found by values).
 */
export function createdIdsAhead(
  bc: Pick<BcContacts, 'createdIdOf' | 'createdIdsAfter'>,
  creates: readonly { readonly outlookId: string; readonly fields: SyncFields }[],
  /** The ids asked as Graph answered (CreatedIdsEarly): a draft asked then is not asked again. */
  early?: Pick<CreatedIdsEarly, 'answerFor'>,
): Map<string, string> | Promise<Map<string, string>> {
  const out = createdIdsOf(bc, creates);
  const unnamed = creates.filter((c) => !out.has(c.outlookId) && normalizeEmail(c.fields.email) !== '');
  // An adapter that names ids at once (in-process) named every one it can: its createdIdsAfter
  // answers the same. The entries are then recorded in this turn, not a round later.
  if (unnamed.length === 0 || bc.createdIdOf || !bc.createdIdsAfter) return out;
  const ask = bc.createdIdsAfter.bind(bc);
  const keep = (c: { readonly outlookId: string }, id: string | null | undefined): void => {
    if (typeof id === 'string' && id !== '') out.set(c.outlookId, id);
  };
  const askFor = (rest: typeof unnamed): Promise<Map<string, string>> =>
    ask(rest.map(importDraft)).then(
      (ids) => {
        rest.forEach((c, n) => keep(c, ids[n]));
        return out;
      },
      () => out,
    );
  const answers = unnamed.map((c) => early?.answerFor(importDraft(c)));
  if (answers.every((a) => a === undefined)) return askFor(unnamed);
  return Promise.all(answers).then((got) => {
    got.forEach((id, n) => keep(unnamed[n]!, id));
    // Not asked early, or that ask failed: asked now, one request for the rest.
    const rest = unnamed.filter((_, n) => got[n] === undefined);
    return rest.length === 0 ? out : askFor(rest);
  });
}
