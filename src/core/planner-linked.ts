import type { CompiledFilter } from './filter/index.js';
import type { Link } from './link.js';
import { invalidBcFields, outlookHolds, outlookToSyncFields, validateForBc } from './mapping.js';
import { mergeFields, nextBase } from './merge.js';
import type { ConflictPolicy, FieldConflict } from './merge.js';
import { SYNC_FIELDS, pickSyncFields, sameSyncFields } from './model.js';
import type { BcContact, OutlookContact, SyncFieldName, SyncFields } from './model.js';
import type { SkipReason } from './records.js';
import type { PlanItem } from './plan.js';
import type { ConflictEntry, SkipEntry } from './ports.js';
import { describeOutOfScope, outOfScopeReasons } from './scope.js';
import type { OutOfScopeReason } from './scope.js';

/** What one side's view says about a contact. */
export type SideState<T> =
  | { readonly kind: 'present'; readonly contact: T }
  /** Not reported by a delta view: as of the base. */
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'deleted' };

export interface PairContext {
  readonly policy: ConflictPolicy;
  readonly filter: CompiledFilter;
  readonly outlookToBc: boolean;
  /** Scope verdicts (memoized by the planner). */
  readonly scope: (contact: BcContact) => readonly OutOfScopeReason[];
}

/** What the planner decides for one linked pair. */
export interface PairDecision {
  readonly items: readonly PlanItem[];
  readonly conflict: ConflictEntry | null;
  readonly skipped: readonly SkipEntry[];
}

export function skipKey(side: 'bc' | 'outlook', id: string): string {
  return `${side}:${id}`;
}

function fieldDiffs(base: SyncFields, outlook: SyncFields): FieldConflict[] {
  return SYNC_FIELDS.filter((f) => base[f] !== outlook[f]).map((f) => ({
    field: f,
    base: base[f],
    bc: '',
    outlook: outlook[f],
    winner: 'none' as const,
  }));
}

const NO_REASONS: readonly OutOfScopeReason[] = Object.freeze([]);
const NOTHING: PairDecision = Object.freeze({
  items: Object.freeze([]),
  conflict: null,
  skipped: Object.freeze([]),
});

/** Design §2 applied to one link: deletions, scope, three-way merge and conflicts. */
export function decideLinkedPair(
  link: Link,
  bc: SideState<BcContact>,
  outlook: SideState<OutlookContact>,
  ctx: PairContext,
): PairDecision {
  // A BcContact is a SyncFields superset: compared in place, copied only when it changes.
  const bcFields: SyncFields = bc.kind === 'present' ? bc.contact : link.base;
  const bcEtag = bc.kind === 'present' ? bc.contact.etag : link.bcEtag;
  const olKey = outlook.kind === 'present' ? outlook.contact.changeKey : link.outlookChangeKey;
  const scopeReasons = bc.kind === 'present' ? ctx.scope(bc.contact) : NO_REASONS;
  const bcGone = bc.kind === 'deleted' || scopeReasons.length > 0;
  const olUnchanged = outlook.kind !== 'present' || outlookHolds(outlook.contact, link.base);
  if (!bcGone && outlook.kind !== 'deleted' && olUnchanged && sameSyncFields(bcFields, link.base)) {
    // The common case at scale: nothing changed on either side; at most the stamps moved.
    if (bcEtag === link.bcEtag && olKey === link.outlookChangeKey) return NOTHING;
    const refreshed: Link = { ...link, bcEtag, outlookChangeKey: olKey };
    return { items: [{ kind: 'link', link: refreshed }], conflict: null, skipped: [] };
  }
  const olFields =
    outlook.kind === 'present' && !olUnchanged ? outlookToSyncFields(outlook.contact) : link.base;

  if (bcGone) {
    if (outlook.kind === 'deleted')
      return { items: [{ kind: 'unlink', bcId: link.bcId }], conflict: null, skipped: [] };
    const reason =
      bc.kind === 'deleted' ? 'deleted in Business Central' : scopeReasons.map(describeOutOfScope).join('; ');
    if (sameSyncFields(olFields, link.base)) {
      const item: PlanItem = {
        kind: 'deleteInOutlook',
        bcId: link.bcId,
        outlookId: link.outlookId,
        changeKey: olKey,
        base: link.base,
        reason: bc.kind === 'deleted' ? 'bcDeleted' : 'outOfScope',
      };
      return { items: [item], conflict: null, skipped: [] };
    }
    // The Outlook copy holds changes BC never saw: deleting it would lose them.
    const record = {
      kind: 'deletedInBc' as const,
      displayName: olFields.displayName,
      reason,
      fields: fieldDiffs(link.base, olFields),
    };
    return { items: [], conflict: { bcId: link.bcId, outlookId: link.outlookId, record }, skipped: [] };
  }

  if (outlook.kind === 'deleted') {
    // Deleted in Outlook but still in BC's scope: re-created (as BC documents).
    return {
      items: [{ kind: 'createInOutlook', bcId: link.bcId, bcEtag, fields: pickSyncFields(bcFields) }],
      conflict: null,
      skipped: [],
    };
  }

  if (sameSyncFields(bcFields, link.base) && sameSyncFields(olFields, link.base)) {
    // The common case at scale: nothing changed on either side; at most the stamps moved.
    if (bcEtag === link.bcEtag && olKey === link.outlookChangeKey)
      return { items: [], conflict: null, skipped: [] };
    const refreshed: Link = { ...link, bcEtag, outlookChangeKey: olKey };
    return { items: [{ kind: 'link', link: refreshed }], conflict: null, skipped: [] };
  }
  const merged = mergeFields(link.base, bcFields, olFields, {
    policy: ctx.policy,
    outlookToBc: ctx.outlookToBc,
  });
  const skipped: SkipEntry[] = [];
  const refusal = bcRefusals(merged.bc, bcFields, bc.kind === 'present' ? bc.contact : null, ctx.filter);
  const toBc = { ...merged.bc };
  for (const f of refusal.fields) toBc[f] = bcFields[f];
  if (refusal.reason) {
    // Values BC cannot take are never cut or blanked: BC keeps its own and the difference is reported.
    skipped.push({
      key: skipKey('outlook', link.outlookId),
      record: {
        side: 'outlook',
        bcId: link.bcId,
        outlookId: link.outlookId,
        displayName: olFields.displayName,
        reason: refusal.reason,
      },
    });
  }
  const conflict: ConflictEntry | null =
    merged.conflicts.length > 0
      ? {
          bcId: link.bcId,
          outlookId: link.outlookId,
          record: { kind: 'fields', displayName: toBc.displayName, fields: merged.conflicts },
        }
      : null;
  const base = nextBase(link.base, toBc, merged.outlook);
  const writes = !sameSyncFields(toBc, bcFields) || !sameSyncFields(merged.outlook, olFields);
  if (writes) {
    const item: PlanItem = {
      kind: 'update',
      bcId: link.bcId,
      outlookId: link.outlookId,
      base: link.base,
      bc: { stamp: bcEtag, current: bcFields, target: toBc },
      outlook: { stamp: olKey, current: olFields, target: merged.outlook },
      existing: outlook.kind === 'present' ? outlook.contact : null,
      stampBcId: false,
    };
    return { items: [item], conflict, skipped };
  }
  const stampsMoved = bcEtag !== link.bcEtag || olKey !== link.outlookChangeKey;
  if (stampsMoved || !sameSyncFields(base, link.base)) {
    const refreshed: Link = { ...link, base, bcEtag, outlookChangeKey: olKey };
    return { items: [{ kind: 'link', link: refreshed }], conflict, skipped };
  }
  return { items: [], conflict, skipped };
}

/**
 * Which merged values BC must not take: values that do not fit (design §3), and a blanked name or
 * e-mail, which would push a synced contact out of scope and have its Outlook copy deleted.
 */
function bcRefusals(
  target: SyncFields,
  current: SyncFields,
  contact: BcContact | null,
  filter: CompiledFilter,
): { fields: SyncFieldName[]; reason: SkipReason | null } {
  if (sameSyncFields(target, current)) return { fields: [], reason: null };
  const moved = (f: SyncFieldName) => target[f] !== current[f];
  const fields = [...invalidBcFields(target)].filter(moved);
  let reason: SkipReason | null =
    validateForBc(target).find((r) => 'field' in r && fields.includes(r.field)) ?? null;
  if (contact) {
    const candidate = { ...contact, ...target };
    for (const f of fields) candidate[f] = current[f];
    const reasons = outOfScopeReasons(candidate, filter);
    const culprits = new Set<SyncFieldName>();
    for (const r of reasons) {
      if (r.kind === 'noEmail') culprits.add('email');
      if (r.kind === 'noName') culprits.add('displayName');
      if (r.kind === 'excludedByFilter')
        for (const f of r.fields) culprits.add(f === 'name' ? 'displayName' : (f as SyncFieldName));
    }
    const blocking = [...culprits].filter((f) => (SYNC_FIELDS as readonly string[]).includes(f) && moved(f));
    if (blocking.length > 0) {
      fields.push(...blocking);
      reason ??= { kind: 'wouldLeaveScope', reasons };
    }
  }
  return { fields, reason };
}
