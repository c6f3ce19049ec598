import type { FieldConflict } from '../../core/merge.js';
import type { BcContact } from '../../core/model.js';
import type { PlanSummary } from '../../core/plan.js';
import type { RunRecord, SkipReason, SyncSettings } from '../../core/records.js';

import type { ScopePreview } from '../../core/scope.js';

export type { RunRecord, SyncSettings } from '../../core/records.js';
/** What `POST /sync/v1/match-preview` returns (computed by core's previewScope). */
export type MatchPreview = ScopePreview;
export type { ProgressEvent } from '../../core/executor.js';

/** The JSON the sync API sends (src/core/views.ts), as the pane reads it. */
export interface Me {
  readonly userId: string;
  readonly upn: string | null;
  readonly name: string | null;
}

export interface ConflictView {
  readonly bcId: string;
  readonly outlookId: string;
  readonly displayName: string;
  readonly kind: 'fields' | 'deletedInBc';
  /** `settled`: the policy chose (field `winner`); the other side's value may be reverted to. */
  readonly status?: 'open' | 'settled';
  readonly detectedAt?: string | null;
  readonly reason?: string;
  readonly fields: readonly (FieldConflict & { readonly label: string })[];
}

export interface SkipView {
  readonly key: string;
  readonly side: 'bc' | 'outlook';
  readonly bcId: string;
  readonly outlookId: string;
  readonly displayName: string;
  readonly reason: SkipReason;
  readonly text: string;
  readonly hint: string;
}

export interface PreviewItem {
  readonly kind: 'createInOutlook' | 'createInBc' | 'update' | 'deleteInOutlook' | 'link' | 'unlink';
  readonly displayName?: string;
  readonly bc?: readonly { readonly field: string }[];
  readonly outlook?: readonly { readonly field: string }[];
}

/** A dry run's plan: what each side would get. */
export interface PreviewView {
  readonly summary: PlanSummary;
  readonly items: readonly PreviewItem[];
  readonly conflicts: readonly ConflictView[];
  /** The facade sends whole SkipViews; `reason` renders the text in the pane's language. */
  readonly skipped: readonly (Pick<SkipView, 'key' | 'displayName' | 'text'> &
    Partial<Pick<SkipView, 'reason'>>)[];
}

export type ResolveChoice =
  { readonly side: 'bc' | 'outlook' } | { readonly fields: Readonly<Record<string, 'bc' | 'outlook'>> };

export interface LinkView {
  readonly bcId: string;
  readonly outlookId: string;
}

export interface Company {
  readonly id: string;
  readonly name: string;
  readonly displayName?: string;
}

export type BcContactRecord = BcContact & { readonly '@odata.etag'?: string };

/** Everything the pane asks of the facade (and of the mailbox, for the connection check). */
export interface PaneApi {
  me(): Promise<Me>;
  getSettings(): Promise<SyncSettings>;
  putSettings(settings: SyncSettings): Promise<SyncSettings>;
  matchPreview(filter: Readonly<Record<string, string>>): Promise<MatchPreview>;
  listRuns(limit?: number): Promise<RunRecord[]>;
  listConflicts(): Promise<ConflictView[]>;
  resolveConflict(bcId: string, choice: ResolveChoice): Promise<void>;
  listSkipped(): Promise<SkipView[]>;
  listLinks(): Promise<LinkView[]>;
  company(): Promise<Company>;
  findBcContactsByEmail(email: string): Promise<BcContactRecord[]>;
  createBcPerson(draft: { displayName: string; email: string }): Promise<BcContactRecord>;
  /** Reaches the mailbox and finds or creates the folder; resolves with its display name. */
  checkMailbox(folderName: string): Promise<string>;
}
