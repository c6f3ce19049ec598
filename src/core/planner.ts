import type { Link } from './link.js';
import { listsAfterPlan } from './carried-lists.js';
import { matchUnlinked } from './matching.js';
import type { BcContact, OutlookContact } from './model.js';
import { pairContext, skipKey } from './pair.js';
import type { Pair, PairDecision, SideState } from './pair.js';
import { decidePair } from './pair-table.js';
import type { Plan, PlanGuard, PlanInput, PlanItem } from './plan.js';
import type { ConflictEntry, SkipEntry } from './ports.js';

/** The input cannot be planned (a caller's bug, never the data): thrown by `planSync`. */
class PlanInputError extends Error {
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

/** rule guard.bcEmpty, guard.massDelete */
function guardOf(input: PlanInput, items: readonly PlanItem[], views: Views): PlanGuard | null {
  if (input.confirmMassDelete) return null;
  const folderSize = input.linkCount ?? input.links.length;
  if (folderSize > 0 && views.bcIsSnapshot && views.bcById.size === 0) return { kind: 'bcEmpty', folderSize };
  let deletes = 0;
  for (const i of items) if (i.kind === 'deleteInOutlook') deletes++;
  if (deletes > 0 && deletes > input.massDeleteShare * folderSize) {
    return { kind: 'massDelete', deletes, folderSize, share: input.massDeleteShare };
  }
  return null;
}

/** The skip keys of a pair's contacts. */
function pairKeys(pair: Pair): string[] {
  switch (pair.kind) {
    case 'linked':
      return [skipKey('outlook', pair.link.outlookId), skipKey('bc', pair.link.bcId)];
    case 'bcOnly':
      return [skipKey('bc', pair.bc.id)];
    case 'matched':
      return [skipKey('bc', pair.bc.id), skipKey('outlook', pair.outlook.id)];
    case 'outlookOnly':
      return [skipKey('outlook', pair.outlook.id)];
  }
}

/** Gathers the pairs' decisions into the plan's lists. */
class Collector {
  readonly items: PlanItem[] = [];
  readonly conflicts: ConflictEntry[] = [];
  readonly resolvedConflicts: string[] = [];
  readonly skipped: SkipEntry[] = [];
  readonly unskipped: string[] = [];
  excludedByFilter = 0;

  /** `complete`: the store replaces its lists, so what went away is not collected (issue 12 §2: 200,000 keys at 100,000 contacts). */
  constructor(private readonly complete: boolean) {}

  add(pair: Pair, d: PairDecision): void {
    for (const item of d.items) this.items.push(item);
    for (const s of d.skipped) this.skipped.push(s);
    if (d.conflict) this.conflicts.push(d.conflict);
    else if (pair.kind === 'linked' && !this.complete) this.resolvedConflicts.push(pair.link.bcId);
    if (d.rule === 'scope.filteredOut') this.excludedByFilter++;
    if (this.complete) return;
    // A key this decision did not skip again no longer applies (delta runs edit the list).
    for (const key of pairKeys(pair)) if (!d.skipped.some((s) => s.key === key)) this.unskipped.push(key);
  }
}

/**
 * Plans one run (design §2) without any I/O: which contacts to create, update or delete on each
 * side, which links to add or drop, the conflicts and the skipped contacts with their reasons.
 * Every pair — linked, matched or alone — is decided by the decision table (`pair-table.ts`).
 *
 * @throws PlanInputError when a full sync is given delta views (a caller's bug).
 */
export function planSync(input: PlanInput): Plan {
  if (input.mode === 'full' && (input.bc.kind !== 'snapshot' || input.outlook.kind !== 'snapshot')) {
    throw new PlanInputError('A full sync needs a full read of both sides (snapshot views).');
  }
  const views = indexViews(input);
  const ctx = pairContext(input);
  // With both sides read in full the plan knows every conflict and skip: the store replaces its
  // lists, so there is no need to name each one that went away.
  const complete = views.bcIsSnapshot && views.olIsSnapshot;
  const out = new Collector(complete);
  const linkedBc = new Map<string, Link>();
  const linkedOutlook = new Set<string>();
  const recorded = new Map((input.recorded ?? []).map((c) => [c.bcId, c.record]));

  for (const link of input.links) {
    linkedBc.set(link.bcId, link);
    linkedOutlook.add(link.outlookId);
    const bc = bcState(views, link.bcId);
    const outlook = outlookState(views, link.outlookId);
    // rule delta.changesOnly: neither side reported the pair, so it is as of the base.
    if (bc.kind === 'unchanged' && outlook.kind === 'unchanged') continue;
    const pair: Pair = { kind: 'linked', link, bc, outlook, recorded: recorded.get(link.bcId) ?? null };
    out.add(pair, decidePair(pair, ctx));
  }

  // E-mail matching of unlinked contacts must see the e-mails BC will hold after this run.
  const bcOverrides = new Map<string, BcContact>();
  for (const item of out.items) {
    const current = item.kind === 'update' ? views.bcById.get(item.bcId) : undefined;
    if (item.kind === 'update' && current) bcOverrides.set(item.bcId, { ...current, ...item.bc.target });
  }
  const matching = matchUnlinked(
    {
      bcContacts: [...views.bcById.values()].filter((c) => !linkedBc.has(c.id)),
      allBc: views.bcById,
      bcOverrides,
      outlookContacts: [...views.olById.values()].filter((c) => !linkedOutlook.has(c.id)),
      linkedBc,
    },
    ctx,
  );
  for (const s of matching.skipped) out.skipped.push(s);
  for (const found of matching.pairs) {
    const pair = found.kind === 'matched' ? { ...found, recorded: recorded.get(found.bc.id) ?? null } : found;
    out.add(pair, decidePair(pair, ctx));
  }

  const lists = listsAfterPlan(
    complete,
    out,
    { skipKeys: out.unskipped, conflictIds: out.resolvedConflicts },
    { skipped: input.recordedSkipped ?? [], conflicts: input.recorded ?? [] },
  );
  return {
    mode: input.mode,
    complete,
    items: out.items,
    conflicts: lists.conflicts,
    resolvedConflicts: out.resolvedConflicts,
    skipped: lists.skipped,
    unskipped: out.unskipped,
    excludedByFilter: out.excludedByFilter,
    guard: guardOf(input, out.items, views),
  };
}
