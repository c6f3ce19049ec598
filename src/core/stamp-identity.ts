import type { BcContact, OutlookContact, SyncFields } from './model.js';
import { normalizeEmail } from './model.js';

/**
 * rule match.stampIdentity: whether the BC id stamped on an unlinked Outlook contact names that
 * contact. Outlook's "Copy" keeps the stamp, so a copy the user turned into another person (new
 * name, new address) still carries the stamp of the contact it was copied from; read as identity, it
 * made that person a duplicate of the original and, once the original's copy was deleted, overwrote
 * the original BC contact with it (attack, CT000160). The stamp counts only when the contact agrees
 * with what the id stands for, the link's base or the BC contact as this plan leaves it: its first
 * e-mail equals theirs (normalized), or its display name does (trimmed, case-folded). Either key is
 * enough, so the user's own copy with one of them edited (a new address, a corrected name) is still
 * that contact; another person made from a copy changes both.
 *
 * `bc` and `base` may each be undefined (not read, or none); only one has to agree.
 */
export function stampAgrees(
  o: OutlookContact,
  bc: SyncFields | undefined,
  base: SyncFields | undefined,
): boolean {
  const email = normalizeEmail(o.emailAddresses[0]?.address ?? '');
  return agreesWith(email, o.displayName, bc) || agreesWith(email, o.displayName, base);
}

function agreesWith(email: string, name: string, side: SyncFields | undefined): boolean {
  if (!side) return false;
  if (email !== '' && email === normalizeEmail(side.email)) return true;
  const fold = (s: string) => s.trim().toLowerCase();
  return fold(name) !== '' && fold(name) === fold(side.displayName);
}

/**
 * `o` itself when its stamp is empty, names nothing read, or agrees (`stampAgrees`), else `o` read as unstamped (bcId
 * ''): a new contact, matched and imported under the usual duplicate rules; the executor writes the
 * new BC id over the stale stamp once it is linked. `bcOf` is BC's contact of an id as this plan
 * leaves it, `baseOf` the base of the link of an id; either undefined when there is none.
 */
export function withTrustedStamp(
  o: OutlookContact,
  bcOf: (bcId: string) => BcContact | undefined,
  baseOf: (bcId: string) => SyncFields | undefined,
): OutlookContact {
  if (o.bcId === '') return o;
  const bc = bcOf(o.bcId);
  const base = baseOf(o.bcId);
  // Nothing to compare with (no BC contact, no link: deleted in an earlier run, or another
  // company's): the stamp is kept and the contact skipped as bcContactDeleted, as before. Imported,
  // the user's copy of a contact BC deleted would silently bring it back into BC.
  if (!bc && !base) return o;
  if (stampAgrees(o, bc, base)) return o;
  return { ...o, bcId: '' };
}
