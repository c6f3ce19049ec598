import { SYNC_FIELDS, pickSyncFields } from './model.js';
import type { SyncFieldName, SyncFields } from './model.js';

export type ConflictPolicy = 'bcWins' | 'outlookWins' | 'manual';
export const CONFLICT_POLICIES: readonly ConflictPolicy[] = ['bcWins', 'outlookWins', 'manual'];

export interface FieldConflict {
  readonly field: SyncFieldName;
  readonly base: string;
  readonly bc: string;
  readonly outlook: string;
  /** `none` under the manual policy: both sides keep their value until the user decides. */
  readonly winner: 'bc' | 'outlook' | 'none';
}

export type ConflictRecord =
  | { readonly kind: 'fields'; readonly displayName: string; readonly fields: readonly FieldConflict[] }
  /** BC deleted the contact or it left scope, but Outlook changed its copy since the base. */
  | {
      readonly kind: 'deletedInBc';
      readonly displayName: string;
      readonly reason: string;
      readonly fields: readonly FieldConflict[];
    };

export interface MergeResult {
  /** The values BC should hold afterwards. */
  readonly bc: SyncFields;
  /** The values Outlook should hold afterwards. */
  readonly outlook: SyncFields;
  readonly conflicts: readonly FieldConflict[];
}

export interface MergeOptions {
  readonly policy: ConflictPolicy;
  /** Delta sync leaves Outlook-only changes for the next full sync (design §2). */
  readonly outlookToBc: boolean;
}

/** Three-way merge per field against the base. */
export function mergeFields(
  base: SyncFields,
  bc: SyncFields,
  outlook: SyncFields,
  options: MergeOptions,
): MergeResult {
  const toBc = pickSyncFields(bc);
  const toOutlook = pickSyncFields(outlook);
  const conflicts: FieldConflict[] = [];
  for (const f of SYNC_FIELDS) {
    const b = base[f];
    const x = bc[f];
    const y = outlook[f];
    const bcChanged = x !== b;
    const outlookChanged = y !== b;
    if (x === y) continue;
    if (bcChanged && !outlookChanged) {
      toOutlook[f] = x;
    } else if (outlookChanged && !bcChanged) {
      if (options.outlookToBc) toBc[f] = y;
    } else {
      const winner =
        options.policy === 'bcWins' ? 'bc' : options.policy === 'outlookWins' ? 'outlook' : 'none';
      conflicts.push({ field: f, base: b, bc: x, outlook: y, winner });
      if (winner === 'bc') toOutlook[f] = x;
      else if (winner === 'outlook') toBc[f] = y;
    }
  }
  return { bc: toBc, outlook: toOutlook, conflicts };
}

/**
 * The base after a sync: a field's new base is the value both sides now hold; where they still
 * differ (manual conflict, change left for a later run, value refused by BC) the old base stays,
 * so the difference is seen again next time instead of being forgotten.
 */
export function nextBase(oldBase: SyncFields | null, bc: SyncFields, outlook: SyncFields): SyncFields {
  const out = {} as SyncFields;
  for (const f of SYNC_FIELDS) out[f] = bc[f] === outlook[f] ? bc[f] : (oldBase?.[f] ?? '');
  return out;
}
