import type { Link } from './link.js';
import type { BcContact, OutlookContact } from './model.js';
import type { Plan, PlanGuard, PlanInput, PlanItem } from './plan.js';
import { decideLinkedPair, skipKey } from './planner-linked.js';
import type { SideState } from './planner-linked.js';
import { planUnlinked } from './planner-unlinked.js';
import type { ConflictEntry, SkipEntry } from './ports.js';
import { outOfScopeReasons } from './scope.js';

export class PlanInputError extends Error {
  override readonly name = 'PlanInputError';
}

interface Views {
  readonly bcById: Map<string, BcContact>;
  readonly bcDeleted: Set<string>;
  readonly bcIsSnapshot: boolean;
  readonly olById: Map<string, OutlookContact>;
  readonly olRemoved: Set<string>;
  readonly olIsSnapshot: boolean;
}

function indexViews(input: PlanInput): Views {
  const bcList = input.bc.kind === 'snapshot' ? input.bc.contacts : input.bc.changed;
  const olList = input.outlook.kind === 'snapshot' ? input.outlook.contacts : input.outlook.changed;
  const bcById = new Map<string, BcContact>();
  for (const c of bcList) bcById.set(c.id, c);
  const olById = new Map<string, OutlookContact>();
  for (const c of olList) olById.set(c.id, c);
  return {
    bcById,
    bcDeleted: new Set(input.bc.kind === 'changes' ? input.bc.deletedIds : []),
    bcIsSnapshot: input.bc.kind === 'snapshot',
    olById,
    olRemoved: new Set(input.outlook.kind === 'changes' ? input.outlook.removedIds : []),
    olIsSnapshot: input.outlook.kind === 'snapshot',
  };
}

const DELETED = Object.freeze({ kind: 'deleted' as const });
const UNCHANGED = Object.freeze({ kind: 'unchanged' as const });

function bcState(v: Views, id: string): SideState<BcContact> {
  const c = v.bcById.get(id);
  if (c) return { kind: 'present', contact: c };
  return v.bcIsSnapshot || v.bcDeleted.has(id) ? DELETED : UNCHANGED;
}

function outlookState(v: Views, id: string): SideState<OutlookContact> {
  const c = v.olById.get(id);
  if (c) return { kind: 'present', contact: c };
  return v.olIsSnapshot || v.olRemoved.has(id) ? DELETED : UNCHANGED;
}

function guardOf(input: PlanInput, items: readonly PlanItem[], views: Views): PlanGuard | null {
  if (input.confirmMassDelete) return null;
  const folderSize = input.links.length;
  if (folderSize > 0 && views.bcIsSnapshot && views.bcById.size === 0) return { kind: 'bcEmpty', folderSize };
  let deletes = 0;
  for (const i of items) if (i.kind === 'deleteInOutlook') deletes++;
  if (deletes > 0 && deletes > input.massDeleteShare * folderSize) {
    return { kind: 'massDelete', deletes, folderSize, share: input.massDeleteShare };
  }
  return null;
}

/**
 * Plans one run (design §2) without any I/O: which contacts to create, update or delete on each
 * side, which links to add or drop, the conflicts and the skipped contacts with their reasons.
 */
export function planSync(input: PlanInput): Plan {
  if (input.mode === 'full' && (input.bc.kind !== 'snapshot' || input.outlook.kind !== 'snapshot')) {
    throw new PlanInputError('A full sync needs a full read of both sides (snapshot views).');
  }
  const views = indexViews(input);
  // Each contact is either linked or not, so its scope is computed once without a memo.
  const scope = (c: BcContact) => outOfScopeReasons(c, input.filter);
  const ctx = { policy: input.policy, filter: input.filter, outlookToBc: input.mode === 'full', scope };
  const items: PlanItem[] = [];
  const conflicts: ConflictEntry[] = [];
  const resolvedConflicts: string[] = [];
  const skipped: SkipEntry[] = [];
  const unskipped: string[] = [];
  // With both sides read in full the plan knows every conflict and skip: the store replaces its
  // lists, so there is no need to name each one that went away.
  const complete = views.bcIsSnapshot && views.olIsSnapshot;
  const linkedBc = new Map<string, Link>();
  const linkedOutlook = new Map<string, Link>();

  for (const link of input.links) {
    linkedBc.set(link.bcId, link);
    linkedOutlook.set(link.outlookId, link);
    const bc = bcState(views, link.bcId);
    const ol = outlookState(views, link.outlookId);
    if (bc.kind === 'unchanged' && ol.kind === 'unchanged') continue;
    const decision = decideLinkedPair(link, bc, ol, ctx);
    items.push(...decision.items);
    skipped.push(...decision.skipped);
    if (decision.conflict) conflicts.push(decision.conflict);
    else resolvedConflicts.push(link.bcId);
    if (decision.skipped.length === 0)
      unskipped.push(skipKey('outlook', link.outlookId), skipKey('bc', link.bcId));
  }

  // E-mail matching of unlinked contacts must see the e-mails BC will hold after this run.
  const bcOverrides = new Map<string, BcContact>();
  for (const item of items) {
    const current = item.kind === 'update' ? views.bcById.get(item.bcId) : undefined;
    if (item.kind === 'update' && current) bcOverrides.set(item.bcId, { ...current, ...item.bc.target });
  }
  const unlinked = planUnlinked({
    mode: input.mode,
    policy: input.policy,
    filter: input.filter,
    bcContacts: [...views.bcById.values()].filter((c) => !linkedBc.has(c.id)),
    allBc: views.bcById,
    bcOverrides,
    outlookContacts: [...views.olById.values()].filter((c) => !linkedOutlook.has(c.id)),
    linkedBc,
    scope,
  });
  items.push(...unlinked.items);
  conflicts.push(...unlinked.conflicts);
  skipped.push(...unlinked.skipped);
  if (!complete) unskipped.push(...unlinked.unskipped);

  const guard = guardOf(input, items, views);
  return {
    mode: input.mode,
    complete,
    items,
    conflicts,
    resolvedConflicts,
    skipped,
    unskipped,
    excludedByFilter: unlinked.excludedByFilter,
    guard,
  };
}
