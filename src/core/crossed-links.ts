import type { Link } from './link.js';
import type { BcContact, OutlookContact } from './model.js';

interface Lookup<T> {
  get(id: string): T | undefined;
}

/**
 * Links the Outlook side contradicts (rule match.followStamps): the linked Outlook contact, as read
 * by this run, carries the BC id stamp of another BC contact — one this run read or another link
 * holds. Such a link was crossed (a store restored from another copy, two rows swapped, an id
 * reused): deciding its pair would write one contact's values over another's (F123: a full sync
 * wrote two Outlook contacts' values into each other's BC contact). The stamp is the better
 * witness — Graph keeps it on the contact itself and the user cannot see or edit it — so the
 * planner drops the link and lets matching pair the contacts by their stamps.
 *
 * A link whose Outlook contact was not read (a delta that did not report it), carries no stamp
 * (created before stamps, or cleared), or whose stamp names no BC contact known to this run is
 * kept: nothing contradicts it.
 *
 * @param links every stored link of the scope
 * @param outlook the Outlook contacts this run read, by Outlook id
 * @param bc the BC contacts this run read, by BC id
 * @returns the BC ids of the links to drop (empty in the usual case: one pass, no allocation per link)
 */
export function untrustedLinks(
  links: readonly Link[],
  outlook: Lookup<OutlookContact>,
  bc: Lookup<BcContact>,
): Set<string> {
  const untrusted = new Set<string>();
  let linkedBcIds: Set<string> | null = null;
  for (let i = 0; i < links.length; i++) {
    const link = links[i]!;
    const stamp = outlook.get(link.outlookId)?.bcId;
    if (stamp === undefined || stamp === '' || stamp === link.bcId) continue;
    linkedBcIds ??= new Set(links.map((l) => l.bcId));
    if (bc.get(stamp) !== undefined || linkedBcIds.has(stamp)) untrusted.add(link.bcId);
  }
  return untrusted;
}
