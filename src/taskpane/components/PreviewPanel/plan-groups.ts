import { namedFields } from '../../../core/views.js';
import type { PlanItemView, PreviewView } from '../../api/types.js';
import type { DeletionCause } from '../../../core/merge.js';

type PlanSide = 'outlook' | 'bc';
type PlanAction = 'create' | 'update' | 'delete';

/** One planned write as the preview lists it: the contact and, for an update, the fields it changes. */
interface PlanRow {
  readonly key: string;
  readonly name: string;
  /** API names of the fields an update changes on this side; empty otherwise. */
  readonly fields: readonly string[];
}

export interface PlanGroup {
  readonly side: PlanSide;
  readonly action: PlanAction;
  readonly rows: readonly PlanRow[];
}

/** The order the preview shows: Outlook's writes first (where the user looks), then BC's. */
const ORDER: readonly (readonly [PlanSide, PlanAction])[] = [
  ['outlook', 'create'],
  ['outlook', 'update'],
  ['outlook', 'delete'],
  ['bc', 'create'],
  ['bc', 'update'],
];

function rowsOf(item: PlanItemView, index: number): [PlanSide, PlanAction, PlanRow][] {
  const name = ('displayName' in item ? item.displayName : null) ?? '';
  const key = `${item.kind}-${index}`;
  switch (item.kind) {
    case 'createInOutlook':
      return [['outlook', 'create', { key, name, fields: [] }]];
    case 'createInBc':
      return [['bc', 'create', { key, name, fields: [] }]];
    case 'deleteInOutlook':
      return [['outlook', 'delete', { key, name, fields: [] }]];
    case 'update': {
      const out: [PlanSide, PlanAction, PlanRow][] = [];
      // Writing only the BC id onto the Outlook contact is an Outlook update too (core's writesOutlook):
      // leaving it out made the preview say 1 where the run then updated 2.
      if (item.outlook.length > 0 || item.stampBcId)
        out.push(['outlook', 'update', { key: `${key}-o`, name, fields: item.outlook.map((c) => c.field) }]);
      if (item.bc.length > 0)
        out.push(['bc', 'update', { key: `${key}-b`, name, fields: item.bc.map((c) => c.field) }]);
      return out;
    }
    // A link or an unlink writes no contact.
    case 'link':
    case 'unlink':
      return [];
  }
}

/** Every planned write of a dry run, grouped by side and action (empty groups left out). */
export function planGroups(preview: PreviewView): PlanGroup[] {
  const rows = preview.items.flatMap(rowsOf);
  return ORDER.map(([side, action]) => ({
    side,
    action,
    rows: rows.filter(([s, a]) => s === side && a === action).map(([, , row]) => row),
  })).filter((g) => g.rows.length > 0);
}

type ConflictStatus = PreviewView['conflicts'][number]['status'];

/** The conflicts a dry run would record, as the preview lists them. */
interface ConflictGroup {
  readonly status: ConflictStatus;
  readonly rows: readonly {
    readonly key: string;
    readonly name: string;
    /** Why BC no longer holds the contact Outlook changed (no per-field choice); null for field conflicts. */
    readonly deletion: DeletionCause | null;
    /** API names of the fields changed on both sides that make its status (core/views.ts namedFields). */
    readonly fields: readonly string[];
  }[];
}

/**
 * The plan's conflicts by status: first those waiting for the user's choice, then those the policy
 * settled (their winning values are also listed among the updates). Empty groups left out.
 */
export function conflictGroups(preview: PreviewView): ConflictGroup[] {
  return (['open', 'settled'] as const)
    .map((status) => ({
      status,
      rows: preview.conflicts
        .filter((c) => c.status === status)
        .map((c) => ({
          key: `conflict-${c.bcId}`,
          name: c.displayName,
          deletion: c.reason ?? null,
          fields: namedFields(c).map((f) => f.field),
        })),
    }))
    .filter((g) => g.rows.length > 0);
}
