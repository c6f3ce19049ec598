import type { OutlookOwnValues } from './owned-values.js';
import type { CompiledFilter } from './filter/index.js';
import type { Link } from './link.js';
import { openConflictCount } from './merge.js';
import type { ConflictPolicy, ConflictRecord } from './merge.js';
import { sameSyncFields } from './model.js';
import type { BcContact, OutlookContact, SyncFields } from './model.js';
import type { ConflictEntry, SideView, SkipEntry } from './ports.js';
import type { SyncMode } from './records.js';

/** What the BC side reports: everything (full read) or what changed since the watermark. */
export type BcView = SideView<BcContact, 'deletedIds'>;

/** What the Outlook folder reports: all its contacts, or the delta since the last round. */
export type OutlookView = SideView<OutlookContact, 'removedIds'>;

export interface PlanInput {
  readonly mode: SyncMode;
  readonly policy: ConflictPolicy;
  readonly filter: CompiledFilter;
  /** Share of the folder a run may delete before it is held (0..1). */
  readonly massDeleteShare: number;
  /** The user confirmed a held run: plan the deletes anyway. */
  readonly confirmMassDelete: boolean;
  readonly links: readonly Link[];
  /**
   * How many links the scope holds, when `links` holds only those of the contacts the views
   * report (two delta views); the mass-delete guard compares with it. Defaults to `links.length`.
   */
  readonly linkCount?: number;
  /** Conflicts recorded so far: fields the policy settled stay recorded until the user decides. */
  readonly recorded?: readonly ConflictEntry[];
  /**
   * The skipped list stored so far. A plan that read a side in part (delta) carries the entries of
   * the contacts it did not look at, so its `skipped` is the list as it stands after the run.
   */
  readonly recordedSkipped?: readonly SkipEntry[];
  readonly bc: BcView;
  readonly outlook: OutlookView;
  /** BC's Country/Region codes (`BcContacts.countriesRegions`); without them only lengths are checked. */
  readonly countryCodes?: ReadonlySet<string> | null;
}

interface PairSide {
  /** The version stamp to send (BC etag / Graph changeKey). */
  readonly stamp: string;
  readonly current: SyncFields;
  readonly target: SyncFields;
}

/** What every removal of an Outlook contact names; `base` is the values it holds as read. */
interface OutlookRemoval {
  readonly kind: 'deleteInOutlook';
  readonly bcId: string;
  readonly outlookId: string;
  readonly changeKey: string;
  readonly base: SyncFields;
}

export type PlanItem =
  /** A BC contact with no Outlook copy: create it (re-creates one deleted in Outlook, too). */
  | {
      readonly kind: 'createInOutlook';
      readonly bcId: string;
      readonly bcEtag: string;
      readonly fields: SyncFields;
      /**
       * A re-created copy's settled conflict (rule conflicts.settledKept): listed on the new copy
       * once it is made (the executor names it), on the deleted one's id until then.
       */
      readonly settled?: ConflictRecord;
    }
  /** An Outlook contact new to BC (full sync only): create a Person, then stamp the BC id on it. */
  | {
      readonly kind: 'createInBc';
      readonly outlookId: string;
      readonly changeKey: string;
      readonly fields: SyncFields;
      /** The Outlook contact's Outlook-only e-mails and phones (read by position). */
      readonly outlookOwn: OutlookOwnValues;
    }
  /** A linked or newly matched pair: write each side whose target differs from its current values. */
  | {
      readonly kind: 'update';
      readonly bcId: string;
      readonly outlookId: string;
      readonly base: SyncFields;
      readonly bc: PairSide;
      readonly outlook: PairSide;
      /** The Outlook contact as read, so Outlook's own extra addresses and phones are kept. */
      readonly existing: OutlookContact | null;
      /** Outlook-only values as now known (kept in the link when Outlook is not written). */
      readonly outlookOwn: OutlookOwnValues | undefined;
      /** The Outlook contact lacks the BC id property (matched by e-mail): write it. */
      readonly stampBcId: boolean;
    }
  | (OutlookRemoval & { readonly reason: 'bcDeleted' | 'outOfScope' })
  /**
   * rule duplicates.removeOurCopy: an unlinked copy one of our creates left (a create that landed
   * after another run made and linked the contact) holding what the linked copy holds. No link
   * changes. The executor reads both again right before the delete and keeps the copy, as `kept`,
   * unless it is still at `changeKey` and still marked ours (our-copies.ts).
   */
  | (OutlookRemoval & {
      readonly reason: 'ourCopy';
      /** The linked Outlook contact it is a copy of. */
      readonly linkedOutlookId: string;
      /** The skip the copy gets when it is kept (rule import.skip's duplicateOfLinked). */
      readonly kept: SkipEntry;
      /**
       * The linked contact as the plan read it, when BC deleted the contact (soak F4): this run
       * removes the linked copy too (deletions.removeCopy), so the executor, no longer finding it,
       * judges the copy against this one.
       */
      readonly linkedOfDeleted?: OutlookContact;
    })
  /** No writes; the link is stored (new match with equal values) or refreshed (stamps moved). */
  | { readonly kind: 'link'; readonly link: Link }
  /** No writes; the link is dropped (both sides gone). */
  | { readonly kind: 'unlink'; readonly bcId: string };

/**
 * Why the guard holds a plan. `folderSize` counts the contacts synced to the folder (the scope's
 * links), not everything the folder holds (an Outlook contact never synced is no part of it, F50).
 */
export type PlanGuard =
  | {
      readonly kind: 'massDelete';
      readonly deletes: number;
      readonly folderSize: number;
      readonly share: number;
    }
  | { readonly kind: 'bcEmpty'; readonly folderSize: number };

export interface Plan {
  readonly mode: SyncMode;
  /** Both sides were read in full: the conflicts and skipped lists are the whole truth. */
  readonly complete: boolean;
  readonly items: readonly PlanItem[];
  /**
   * Every conflict recorded after this run (one per bcId): the pairs it decided, and — when a side
   * was read in part — the recorded ones of pairs it did not look at (carried as they are).
   */
  readonly conflicts: readonly ConflictEntry[];
  /** bcIds whose recorded conflict no longer stands (empty when `complete`: the list is replaced). */
  readonly resolvedConflicts: readonly string[];
  /**
   * The skipped list after this run, one entry per key: what the plan skipped and, when a side was
   * read in part, the recorded entries of contacts it did not look at (so the preview, the run's
   * record and the stored list say the same number).
   */
  readonly skipped: readonly SkipEntry[];
  /**
   * Skip keys that no longer apply (delta runs update the skipped list instead of replacing it);
   * empty when `complete`.
   */
  readonly unskipped: readonly string[];
  /** BC contacts left out by the user's filter alone: counted, not listed. */
  readonly excludedByFilter: number;
  /** Set when the run must stop before writing and ask the user. */
  readonly guard: PlanGuard | null;
  /**
   * bcIds of stored links the Outlook side contradicts (rule match.followStamps, crossed-links.ts):
   * the run deletes them before any write; the plan's items re-link the contacts by their stamps.
   */
  readonly untrustedLinks: readonly string[];
  /**
   * Links put right in place of untrusted ones (one Outlook contact alone carries the BC id): the
   * run stores them right after deleting those, before any write; the plan decided their pairs.
   */
  readonly repairedLinks: readonly Link[];
}

export interface PlanSummary {
  readonly bc: { readonly create: number; readonly update: number };
  readonly outlook: { readonly create: number; readonly update: number; readonly delete: number };
  readonly links: number;
  readonly conflicts: number;
  readonly skipped: number;
}

function hasWrites(side: PairSide): boolean {
  return !sameSyncFields(side.target, side.current);
}

/** Whether the item writes to BC (a create, or an update whose BC target differs). */
function writesBc(item: PlanItem): boolean {
  return item.kind === 'createInBc' || (item.kind === 'update' && hasWrites(item.bc));
}

/** Whether the item writes to Outlook (a create or delete, changed values, or the BC id stamp). */
export function writesOutlook(item: PlanItem): boolean {
  if (item.kind === 'createInOutlook' || item.kind === 'deleteInOutlook') return true;
  return item.kind === 'update' && (hasWrites(item.outlook) || item.stampBcId);
}

export type WritePhase = 'bc' | 'outlook' | 'links';

/**
 * Which side an item writes first: BC writes go first (an Outlook write that follows a BC write is
 * queued by the executor once the BC write succeeded), then Outlook writes, then items that only
 * store links. The one answer for the plan summary and the executor's phases.
 */
export function phaseOf(item: PlanItem): WritePhase {
  if (writesBc(item)) return 'bc';
  if (writesOutlook(item)) return 'outlook';
  return 'links';
}

export function summarizePlan(plan: Plan): PlanSummary {
  const s = { bc: { create: 0, update: 0 }, outlook: { create: 0, update: 0, delete: 0 }, links: 0 };
  for (const item of plan.items) {
    switch (item.kind) {
      case 'createInOutlook':
        s.outlook.create++;
        break;
      case 'createInBc':
        s.bc.create++;
        break;
      case 'deleteInOutlook':
        s.outlook.delete++;
        break;
      case 'update':
        if (writesBc(item)) s.bc.update++;
        if (writesOutlook(item)) s.outlook.update++;
        if (phaseOf(item) === 'links') s.links++;
        break;
      case 'link':
      case 'unlink':
        s.links++;
        break;
    }
  }
  return { ...s, conflicts: openConflictCount(plan.conflicts), skipped: plan.skipped.length };
}

/**
 * Number of writes the plan makes on either side (0 means the sides already agree).
 * @internal Test seam: tests assert how many writes a plan makes (0: the sides agree).
 */
export function countWrites(plan: Plan): number {
  const s = summarizePlan(plan);
  return s.bc.create + s.bc.update + s.outlook.create + s.outlook.update + s.outlook.delete;
}
