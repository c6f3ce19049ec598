import { normalizeEmail } from './model.js';
import type { OutlookContact } from './model.js';
import type { Link } from './link.js';
import type { ConflictEntry } from './ports.js';

/**
 * An open conflict's Outlook copy holding an address its BC contact does not: the conflict's BC id,
 * the copy's id, and why BC does not hold it (`deleted`: BC deleted the contact; `email`: the
 * conflict's E-Mail field is open, BC's contact holding another address). Skip records stored
 * before `held` existed name deleted conflicts only: absent reads `deleted`.
 */
export interface HeldAddress {
  readonly bcId: string;
  readonly outlookId: string;
  readonly held?: 'deleted' | 'email';
}

/*
 * Attack 2026-12-07 fault 3: BC deleted a contact whose Outlook copy the user had edited (an open
 * deletedInBc conflict keeps the copy and its link); a BC user then made a new contact of the same
 * address. Matching never saw the copy (its link claims it), so every run planned a second Outlook
 * copy of the address beside it, and an Outlook contact of that address became a second BC one.
 * The same holds for every open conflict whose copy holds an address BC's contact does not (brief
 * readd gap 1): a field conflict whose E-Mail is open (both sides changed it) keeps Outlook's
 * address on the copy alone, and keeping Outlook's side then gave BC two contacts of it.
 */

/**
 * Why an open conflict's copy holds an address BC's contact does not, if it does: BC deleted the
 * contact (a contact that only left scope is still in BC under its address: a new one of it is
 * BC's duplicate, not this), or the conflict's E-Mail field is open with two different addresses
 * (a field record, or a deletedInBc one of a contact that left scope). A settled E-Mail field left
 * both sides holding the winner.
 */
function heldBy(c: ConflictEntry): HeldAddress['held'] | null {
  const r = c.record;
  if (r.kind === 'deletedInBc' && r.reason.kind === 'bcDeleted') return 'deleted';
  if (r.kind !== 'fields' && r.kind !== 'deletedInBc') return null;
  const email = r.fields.find((f) => f.field === 'email');
  return email?.winner === 'none' && normalizeEmail(email.outlook) !== normalizeEmail(email.bc)
    ? 'email'
    : null;
}

/**
 * The addresses open conflicts hold on their Outlook copies while BC's contact does not (`heldBy`),
 * normalized, each to its conflict: the copy as this run read it (`outlookOf`), else the Outlook
 * value the record kept of the e-mail, else the base of the conflict's link (`linkOf`).
 */
export function conflictHeldAddresses(
  recorded: readonly ConflictEntry[],
  outlookOf: (outlookId: string) => OutlookContact | undefined,
  linkOf: (bcId: string) => Link | undefined,
): ((email: string) => HeldAddress | undefined) | undefined {
  let held: Map<string, HeldAddress> | null = null;
  for (const c of recorded) {
    const why = heldBy(c);
    if (!why) continue;
    // A delta reads the copy's link (its BC partner's address found it) but not the copy itself:
    // its address is the base's unless the record kept an Outlook edit of it.
    const copy = outlookOf(c.outlookId);
    const kept =
      c.record.fields.find((f) => f.field === 'email')?.outlook ?? linkOf(c.bcId)?.base.email ?? '';
    const email = normalizeEmail(copy ? (copy.emailAddresses[0]?.address ?? '') : kept);
    // A copy put back to BC's address since holds nothing BC's contact does not (that run merges it).
    const bcHolds =
      why === 'email' ? normalizeEmail(c.record.fields.find((f) => f.field === 'email')!.bc) : '';
    if (email === '' || email === bcHolds) continue;
    (held ??= new Map()).set(email, { bcId: c.bcId, outlookId: c.outlookId, held: why });
  }
  return held ? (email) => held!.get(email) : undefined;
}

/** The BC ids of the conflicts `conflictHeldAddresses` reads an address of. */
export function heldConflictBcIds(recorded: readonly ConflictEntry[]): string[] {
  return recorded.filter((c) => heldBy(c) !== null).map((c) => c.bcId);
}
