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
