import { normalizeEmail } from './model.js';
import type { BcContact } from './model.js';

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
  const sieve = wanted ? new EmailSieve(wanted) : null;
  all.forEach((c) => {
    const email = normalizeEmail(c.email);
    if (sieve && !(sieve.mayHold(email) && wanted!.has(email))) return;
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
 * A set of e-mails told apart, with no false "no", by each one's length and five of its code units
 * (a bit per such sign, 2^16 of them): most e-mails not in the set are turned away without
 * hashing them. Issue 12 §2: the index of a plan at 100,000 a side asks the set for every BC
 * contact's e-mail, about 5,000 of which it holds; hashing each of the others (V8 computes a
 * string's hash on its first look-up) and probing the map was 2.5% of a first plan's instructions
 * (callgrind, String::ComputeAndSetRawHash).
 */
class EmailSieve {
  private readonly bits = new Int32Array(SIEVE_BITS >>> 5);

  constructor(emails: ReadonlyMap<string, unknown>) {
    for (const email of emails.keys()) {
      const s = signOf(email);
      this.bits[s >>> 5]! |= 1 << (s & 31);
    }
  }

  /** False only when `email` is not in the set. */
  mayHold(email: string): boolean {
    const s = signOf(email);
    return (this.bits[s >>> 5]! & (1 << (s & 31))) !== 0;
  }
}

const SIEVE_BITS = 1 << 16;

/** An e-mail's sign: its length and the code units at five places, mixed (0 for ''). */
function signOf(email: string): number {
  const n = email.length;
  if (n === 0) return 0;
  let h = Math.imul(n, 0x9e3779b1);
  h = Math.imul(h ^ email.charCodeAt(0), 0x01000193);
  h = Math.imul(h ^ email.charCodeAt(n >>> 2), 0x01000193);
  h = Math.imul(h ^ email.charCodeAt(n >>> 1), 0x01000193);
  h = Math.imul(h ^ email.charCodeAt(n - 1 - (n >>> 2)), 0x01000193);
  h = Math.imul(h ^ email.charCodeAt(n - 1), 0x01000193);
  return (h ^ (h >>> 16)) & (SIEVE_BITS - 1);
}
