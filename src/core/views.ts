import { conflictStatus } from './merge.js';
import type { ConflictStatus } from './merge.js';
import type { SyncFieldName, SyncFields } from './model.js';
import { SYNC_FIELDS } from './model.js';
import { summarizePlan } from './plan.js';
import type { Plan, PlanItem } from './plan.js';
import type { ConflictEntry, SkipEntry } from './ports.js';

/**
 * The shapes the sync API sends and the pane reads: plain data with codes, no words. The edge adds
 * words from src/messages (the HTTP body a default English `text`/`hint`/`label`; the pane its
 * language).
 */

/**
 * A conflict as the pane lists it. `status`: `open` (the user must choose) or `settled` (the policy
 * chose; per field, `winner` names the side whose value both sides got, and the other side's value
 * is the losing one the user may revert to). `detectedAt`: when it was first recorded. `email`: the
 * contact's e-mail as last synced (its link's base), when the caller looked it up — the pane finds
 * a conflict by it (F62) whatever fields conflict.
 */
export function conflictView(entry: ConflictEntry, email?: string) {
  const r = entry.record;
  return {
    bcId: entry.bcId,
    outlookId: entry.outlookId,
    displayName: r.displayName,
    kind: r.kind,
    status: conflictStatus(r),
    detectedAt: r.detectedAt ?? null,
    ...(email ? { email } : {}),
    ...(r.kind === 'deletedInBc' ? { reason: r.reason } : {}),
    // What the Outlook copy holds that BC has no field for (F54): removing it would lose these.
    ...(r.kind === 'deletedInBc' && r.outlookOnly ? { outlookOnly: r.outlookOnly } : {}),
    fields: r.fields,
    // Changes a choice writes beside the fields, made since the conflict was shown (F2): the card names them.
    ...(r.kind === 'fields' && r.sinceShown ? { sinceShown: r.sinceShown } : {}),
  };
}

/**
 * Whether a listed conflict waits for the user's choice: the one test of it in the pane (issue 14
 * F14: a settled conflict was shown as "has a conflict to resolve"). A settled one is synced already.
 */
export function waitsForChoice(conflict: { readonly status: ConflictStatus }): boolean {
  return conflict.status === 'open';
}

/**
 * The fields a listed conflict is named by (its card's field list, the Preview's line): of a field
 * conflict waiting for a choice, those without a winner; of a settled one, and of a contact deleted
 * in BC (the whole contact waits), every field. A field the policy settled beside open ones is
 * synced already: "Harry Taylor (Job Title and Mobile Phone No.)" stood under "waiting for your
 * choice" where only Job Title waited (helper newuser). Every field still shows with its values.
 */
export function namedFields<F extends { readonly winner: string }>(conflict: {
  readonly kind: string;
  readonly status: ConflictStatus;
  readonly fields: readonly F[];
}): readonly F[] {
  if (conflict.kind !== 'fields' || !waitsForChoice(conflict)) return conflict.fields;
  return conflict.fields.filter((f) => f.winner === 'none');
}

/**
 * A skipped contact as the pane lists it: its record as stored (a skip record holds no internal
 * field, unlike a conflict's changeKey), under its key; `more`, every further reason, only when
 * there is one (issue 8: all are listed, not only the first).
 */
export function skipView(entry: SkipEntry) {
  const { more, ...first } = entry.record;
  return { key: entry.key, ...first, ...(more && more.length > 0 ? { more } : {}) };
}

function changes(current: SyncFields, target: SyncFields) {
  return SYNC_FIELDS.filter((f: SyncFieldName) => current[f] !== target[f]).map((f) => ({
    field: f,
    from: current[f],
    to: target[f],
  }));
}

export function itemView(item: PlanItem) {
  switch (item.kind) {
    case 'createInOutlook':
      return { kind: item.kind, bcId: item.bcId, displayName: item.fields.displayName };
    case 'createInBc':
      return { kind: item.kind, outlookId: item.outlookId, displayName: item.fields.displayName };
    case 'update':
      return {
        kind: item.kind,
        bcId: item.bcId,
        outlookId: item.outlookId,
        displayName: item.bc.target.displayName,
        bc: changes(item.bc.current, item.bc.target),
        outlook: changes(item.outlook.current, item.outlook.target),
        stampBcId: item.stampBcId,
      };
    case 'deleteInOutlook':
      return {
        kind: item.kind,
        bcId: item.bcId,
        outlookId: item.outlookId,
        displayName: item.base.displayName,
        reason: item.reason,
      };
    case 'link':
      return { kind: item.kind, bcId: item.link.bcId, outlookId: item.link.outlookId };
    case 'unlink':
      return { kind: item.kind, bcId: item.bcId };
  }
}

/** A dry run's plan without its lists: what planView puts before them. */
export function planHead(plan: Plan) {
  return {
    mode: plan.mode,
    summary: summarizePlan(plan),
    guard: plan.guard,
    excludedByFilter: plan.excludedByFilter,
  };
}

/** A dry run's plan for the preview. */
export function planView(plan: Plan) {
  return {
    ...planHead(plan),
    items: plan.items.map(itemView),
    conflicts: plan.conflicts.map((c) => conflictView(c)),
    skipped: plan.skipped.map(skipView),
  };
}

export type ConflictView = ReturnType<typeof conflictView>;
export type SkipView = ReturnType<typeof skipView>;
export type PlanItemView = ReturnType<typeof itemView>;
export type PlanView = ReturnType<typeof planView>;

/**
 * What the first sync into another Outlook folder does with the contacts that folder already holds
 * (F60), counted per contact of the folder: `linked` are synced there already; `matched` go with a
 * Business Central contact (by the BC id they carry, then by e-mail) and are linked to it; `toBc`
 * become new Business Central persons; `skipped` are left out with a reason (no e-mail, an e-mail two
 * contacts share, a value BC cannot take, …). `contacts` is all of them; `exists` false: no folder has
 * the name, so nothing is there to import.
 */
export interface FolderPreview {
  /**
   * What the next run does to get there (F73, core/folder-move.ts `MovePlan`): `none` (no sync yet,
   * or the state is in that folder already), `gone` (the old folder was deleted: a first sync),
   * `rename` (no folder has the name: the sync folder takes it) or `switch` (sync the old folder,
   * remove its copies, sync this one).
   */
  readonly move: 'none' | 'gone' | 'rename' | 'switch';
  /**
   * The sync folder's name in Outlook now, read by its id, when a move is due and it exists: what a
   * rename or switch starts from (F103: the user may have renamed it in Outlook since the settings
   * were saved, so the saved name is not it); and when no move is due but the user renamed the sync
   * folder in Outlook: the run stays in it, under that name, whatever folder now has the saved name
   * (F121). Null otherwise.
   */
  readonly from: string | null;
  readonly exists: boolean;
  readonly contacts: number;
  readonly linked: number;
  readonly matched: number;
  readonly toBc: number;
  readonly skipped: number;
}
