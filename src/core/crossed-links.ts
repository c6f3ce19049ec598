import { makeLink } from './link.js';
import type { Link } from './link.js';
import type { BcContact, OutlookContact } from './model.js';

interface Lookup<T> {
  get(id: string): T | undefined;
}

/** What the planner does with the stored links the Outlook side contradicts. */
export interface CrossedLinks {
  /** bcIds of the stored links to drop before any write. */
  readonly untrusted: Set<string>;
  /**
   * Links put right, one per dropped link whose BC id one read Outlook contact alone carries (or
   * that is at the link's version, with no stamp): the stored link (its base, stamps and Outlook-own values are that BC contact's) with
   * that Outlook contact. Their pairs are decided with their own base (F129).
   */
  readonly repaired: Link[];
}

/**
 * Nothing crossed: what `crossedLinks` answers when every link's read Outlook contact carries the
 * link's own BC id or none was read (the planner asks that in its own pass, planner.ts).
 */
export const NO_CROSSED_LINKS: CrossedLinks = { untrusted: new Set(), repaired: [] };
const NONE = NO_CROSSED_LINKS;

/**
 * Links the Outlook side contradicts (rule match.followStamps), as this run read it:
 * - the linked Outlook contact carries the BC id stamp of another BC contact — one this run read or
 *   another link holds (F123), or
 * - the linked Outlook contact carries no stamp while another Outlook contact read by the run
 *   carries this link's BC id, or is at the version (changeKey) the link was stored with (F128: a
 *   crossed link whose one side lost its stamp, or was synced before stamps).
 *
 * Such a link was crossed (a store restored from another copy, two rows swapped, an id reused):
 * deciding its pair would write one contact's values over another's. The stamp is the better
 * witness — Graph keeps it on the contact itself and the user cannot see or edit it — so the
 * planner drops the link, puts it right where one Outlook contact alone carries its BC id or is at
 * its version (keeping its base: an edit made meanwhile still reaches BC), and lets matching pair
 * the rest. Not told apart: a crossed link whose Outlook contact has no stamp and was changed since
 * while no other contact carries its id or version — nothing read then contradicts the link.
 *
 * A link whose Outlook contact was not read (a delta that did not report it), or whose contact
 * carries no stamp that anything contradicts, is kept.
 *
 * @param links every stored link of the scope
 * @param outlookRead the Outlook contacts this run read (the whole folder, or a delta's changes)
 * @param outlook the same by Outlook id
 * @param bc the BC contacts this run read, by BC id
 * @param linkedOutlook the read Outlook contact of `links[i]` (what `outlook` holds for its
 *   outlookId), when the caller looked it up already
 * @returns nothing to do in the usual case, with no allocation per link or contact
 */
export function crossedLinks(
  links: readonly Link[],
  outlookRead: readonly OutlookContact[],
  outlook: Lookup<OutlookContact>,
  bc: Lookup<BcContact>,
  linkedOutlook: (i: number) => OutlookContact | undefined = (i) => outlook.get(links[i]!.outlookId),
): CrossedLinks {
  let linkedBcIds: Set<string> | null = null;
  // bcId → the one read Outlook contact carrying it ('' when several do: copies, nothing to go by).
  let byStamp: Map<string, string> | null = null;
  // changeKey → the read Outlook contact at that version (a changeKey names one version of one item).
  let byChangeKey: Map<string, string> | null = null;
  const stampHolder = (bcId: string): string | undefined => {
    if (!byStamp) {
      byStamp = new Map();
      for (const o of outlookRead)
        if (o.bcId !== '')
          byStamp.set(o.bcId, byStamp.has(o.bcId) && byStamp.get(o.bcId) !== o.id ? '' : o.id);
    }
    return byStamp.get(bcId) || undefined;
  };
  const versionHolder = (changeKey: string): string | undefined => {
    if (changeKey === '') return undefined;
    if (!byChangeKey) {
      byChangeKey = new Map();
      for (const o of outlookRead) if (o.changeKey !== '') byChangeKey.set(o.changeKey, o.id);
    }
    return byChangeKey.get(changeKey);
  };
  let untrusted: Set<string> | null = null;
  for (let i = 0; i < links.length; i++) {
    const link = links[i]!;
    const stamp = linkedOutlook(i)?.bcId;
    if (stamp === undefined || stamp === link.bcId) continue;
    let crossed: boolean;
    if (stamp === '') {
      // No stamp of its own: another contact carrying this BC id, or holding the version the link
      // was stored with (a contact unchanged since, such as one synced before stamps), says where
      // the link belongs (F128).
      const elsewhere = stampHolder(link.bcId) ?? versionHolder(link.outlookChangeKey);
      crossed = elsewhere !== undefined && elsewhere !== link.outlookId;
    } else {
      linkedBcIds ??= new Set(links.map((l) => l.bcId));
      crossed = bc.get(stamp) !== undefined || linkedBcIds.has(stamp);
    }
    if (crossed) (untrusted ??= new Set()).add(link.bcId);
  }
  if (!untrusted) return NONE;
  const kept = new Set<string>();
  for (const link of links) if (!untrusted.has(link.bcId)) kept.add(link.outlookId);
  const repaired: Link[] = [];
  for (const link of links) {
    if (!untrusted.has(link.bcId)) continue;
    const versioned = versionHolder(link.outlookChangeKey);
    const holder =
      stampHolder(link.bcId) ??
      (versioned !== undefined && outlook.get(versioned)?.bcId === '' ? versioned : undefined);
    if (holder === undefined || kept.has(holder)) continue;
    kept.add(holder);
    // Not known to hold the base any more: the planner reads the contact (outlookHoldsBase false).
    repaired.push(makeLink({ bcId: link.bcId, outlookId: holder }, link.base, link, link.outlookOwn));
  }
  return { untrusted, repaired };
}
