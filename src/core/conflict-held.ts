import { normalizeEmail } from './model.js';
import type { OutlookContact } from './model.js';
import type { Link } from './link.js';
import type { ConflictEntry } from './ports.js';

/** An open conflict's Outlook copy holding an address: the conflict's BC id and the copy's id. */
export interface HeldAddress {
  readonly bcId: string;
  readonly outlookId: string;
}

/*
 * Attack 2026-12-07 fault 3: BC deleted a contact whose Outlook copy the user had edited (an open
 * deletedInBc conflict keeps the copy and its link); a BC user then made a new contact of the same
 * address. Matching never saw the copy (its link claims it), so every run planned a second Outlook
 * copy of the address beside it, and an Outlook contact of that address became a second BC one.
 */

/** An open conflict whose contact BC deleted (not one that only left scope): its copy holds an address. */
const holdsAddress = (c: ConflictEntry): boolean =>
  c.record.kind === 'deletedInBc' && c.record.reason.kind === 'bcDeleted';

/**
 * The addresses open deletedInBc conflicts (BC deleted the contact) hold on their Outlook copies,
 * normalized, each to its conflict: the copy as this run read it (`outlookOf`), else the Outlook
 * value the record kept of the e-mail, else the base of the conflict's link (`linkOf`). A contact that only left scope is still in BC under its
 * address: a new one of it is BC's duplicate, not this (its conflict keeps it in that contact).
 */
export function conflictHeldAddresses(
  recorded: readonly ConflictEntry[],
  outlookOf: (outlookId: string) => OutlookContact | undefined,
  linkOf: (bcId: string) => Link | undefined,
): ((email: string) => HeldAddress | undefined) | undefined {
  let held: Map<string, HeldAddress> | null = null;
  for (const c of recorded) {
    if (!holdsAddress(c)) continue;
    // A delta reads the copy's link (its BC partner's address found it) but not the copy itself:
    // its address is the base's unless the record kept an Outlook edit of it.
    const copy = outlookOf(c.outlookId);
    const kept =
      c.record.fields.find((f) => f.field === 'email')?.outlook ?? linkOf(c.bcId)?.base.email ?? '';
    const email = normalizeEmail(copy ? (copy.emailAddresses[0]?.address ?? '') : kept);
    if (email === '') continue;
    (held ??= new Map()).set(email, { bcId: c.bcId, outlookId: c.outlookId });
  }
  return held ? (email) => held!.get(email) : undefined;
}

/** The BC ids of the conflicts `conflictHeldAddresses` reads an address of. */
export function heldConflictBcIds(recorded: readonly ConflictEntry[]): string[] {
  return recorded.filter(holdsAddress).map((c) => c.bcId);
}
