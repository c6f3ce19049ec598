import type { Link } from './link.js';
import type { BcContact, OutlookContact } from './model.js';
import type { SideState } from './pair.js';
import type { PlanInput } from './plan.js';
import { SideIndex } from './side-index.js';
import { skippedContact } from './skip-refs.js';

// What the planner knows of each side's read (planner.ts): the contacts by id, and what a contact
// missing from it means — deleted when the side was read whole or reported it gone, else unchanged.

/** Both sides' reads indexed by id, with the ids reported gone and whether each was read whole. */
export interface Views {
  readonly bc: SideIndex<BcContact>;
  readonly bcDeleted: Set<string>;
  readonly bcIsSnapshot: boolean;
  readonly ol: SideIndex<OutlookContact>;
  readonly olRemoved: Set<string>;
  readonly olIsSnapshot: boolean;
}

/** The plan input's views, indexed. */
export function indexViews(input: PlanInput): Views {
  const bcList = input.bc.kind === 'snapshot' ? input.bc.contacts : input.bc.changed;
  const olList = input.outlook.kind === 'snapshot' ? input.outlook.contacts : input.outlook.changed;
  return {
    bc: new SideIndex(bcList),
    bcDeleted: new Set(input.bc.kind === 'changes' ? input.bc.deletedIds : []),
    bcIsSnapshot: input.bc.kind === 'snapshot',
    ol: new SideIndex(olList),
    olRemoved: new Set(input.outlook.kind === 'changes' ? input.outlook.removedIds : []),
    olIsSnapshot: input.outlook.kind === 'snapshot',
  };
}

const DELETED = Object.freeze({ kind: 'deleted' as const });
const UNCHANGED = Object.freeze({ kind: 'unchanged' as const });

/** BC's side of a pair: the contact read, else deleted (read whole, or reported gone) or unchanged. */
export function bcState(v: Views, id: string, c: BcContact | undefined): SideState<BcContact> {
  if (c) return { kind: 'present', contact: c };
  return v.bcIsSnapshot || v.bcDeleted.has(id) ? DELETED : UNCHANGED;
}

/** Outlook's side of a pair, as `bcState`. */
export function outlookState(v: Views, id: string, c: OutlookContact | undefined): SideState<OutlookContact> {
  if (c) return { kind: 'present', contact: c };
  return v.olIsSnapshot || v.olRemoved.has(id) ? DELETED : UNCHANGED;
}

/** Whether a partial read shows the contact of a skip key gone: reported deleted, or not in a side read in full. */
export function keyGone(views: Views, key: string): boolean {
  const { side, id } = skippedContact(key);
  if (side === 'bc') return views.bcIsSnapshot ? views.bc.get(id) === undefined : views.bcDeleted.has(id);
  return views.olIsSnapshot ? views.ol.get(id) === undefined : views.olRemoved.has(id);
}

/** `linkedPositions`' answer. */
interface LinkedPositions {
  /** Each stored link's Outlook contact position in `views.ol` (-1: not read). */
  readonly olAt: Int32Array;
  /** No read Outlook contact of a link carries a BC id stamp other than its link's. */
  readonly stampsAgree: boolean;
}

/**
 * Each stored link's Outlook contact, looked up once: the link's pair reads it (issue 12 §2: one
 * hash look-up of a 152-character id less per link). In the same pass, the question that lets
 * `crossedLinks` pass a link over (its Outlook contact not read, or stamped with the link's own BC
 * id): when every link passes, none is crossed and that second pass over every link and its
 * contact is not made (issue 12: most of crossedLinks' 2-3% of a plan, a cache miss or more a link).
 */
export function linkedPositions(links: readonly Link[], views: Views): LinkedPositions {
  const olAt = new Int32Array(links.length);
  let stampsAgree = true;
  for (let i = 0; i < links.length; i++) {
    const link = links[i]!;
    const at = views.ol.positionOf(link.outlookId);
    olAt[i] = at;
    if (stampsAgree) {
      const stamp = views.ol.atPosition(at)?.bcId;
      if (stamp !== undefined && stamp !== link.bcId) stampsAgree = false;
    }
  }
  return { olAt, stampsAgree };
}
