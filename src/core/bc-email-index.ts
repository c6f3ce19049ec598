import { normalizeEmail } from './model.js';
import type { BcContact, OutlookContact } from './model.js';

/** BC contacts by normalized e-mail; arrays only for e-mails two contacts share (rare, and 100,000 allocations otherwise). */
export interface EmailIndex {
  readonly first: ReadonlyMap<string, BcContact>;
  all(email: string): BcContact[];
}

/** Every BC contact of a view, each visited once in the order of first appearance of its id. */
export interface BcContactsInOrder {
  forEach(visit: (contact: BcContact) => void): void;
}

/**
 * The BC contacts by normalized e-mail. `wanted`: only e-mails it holds are kept (issue 12 §2: the
 * unlinked Outlook contacts' e-mails, one lookup per BC contact instead of two); null keeps all.
 */
export function indexByEmail(
  all: BcContactsInOrder,
  wanted: ReadonlyMap<string, unknown> | null,
): EmailIndex {
  const first = new Map<string, BcContact>();
  const shared = new Map<string, BcContact[]>();
  all.forEach((c) => {
    const email = normalizeEmail(c.email);
    if (wanted && !wanted.has(email)) return;
    const seen = first.get(email);
    if (!seen) first.set(email, c);
    else {
      const list = shared.get(email);
      if (list) list.push(c);
      else shared.set(email, [seen, c]);
    }
  });
  return {
    first,
    all: (email) => shared.get(email) ?? (first.has(email) ? [first.get(email) as BcContact] : []),
  };
}

/**
 * The BC contacts of `read` that hold a normalized e-mail, whatever their scope or type (rule
 * duplicates.bcUpdate: an update may not move a contact's E-Mail onto an address another contact
 * holds). The index is made at the first question only: a plan whose updates move no E-Mail asks
 * none (issue 12: the planner benchmark's 100,000 a side).
 */
export function emailHoldersOf(read: readonly BcContact[]): (email: string) => readonly BcContact[] {
  let index: EmailIndex | null = null;
  return (email) => {
    index ??= indexByEmail({ forEach: (visit) => read.forEach((c) => visit(c)) }, null);
    return index.all(email);
  };
}

/**
 * rule duplicates.bc: the address `contact`'s first e-mail moves a linked pair's E-Mail to, normalized,
 * when it differs from `base` (the link's; a change of case is no move); else null. Its BC holders are
 * read before the pair is decided (delta-reads.ts, executor.ts replan), for bc-refusals.ts sharedEmail.
 */
export function movedEmail(
  contact: OutlookContact | undefined,
  base: { readonly email: string },
): string | null {
  const email = normalizeEmail(contact?.emailAddresses[0]?.address ?? '');
  return email !== '' && email !== normalizeEmail(base.email) ? email : null;
}
