import type { Link } from '../../core/link.js';
import type { BcContact } from '../../core/model.js';
import type { ConflictView, FolderPreview, SkipView } from '../../core/views.js';
import type { RunRecord, SyncSettings } from '../../core/records.js';
import type { ScopePreview } from '../../core/scope.js';

export type { RunRecord, SyncSettings } from '../../core/records.js';
/** What `POST /sync/v1/match-preview` returns (computed by core's previewScope). */
export type MatchPreview = ScopePreview;
export type { ProgressEvent } from '../../core/executor.js';

/**
 * The JSON the sync API sends: the views are core's (src/core/views.ts); the rest is typed by the
 * facade's answer schemas (types only: no server code reaches the pane's bundle).
 */
import type { Me, ScheduleView } from '../../server/sync/answer-schemas.js';
import type { ResolveBody } from '../../server/sync/schemas.js';
import type { CompanyCollection, ContactEntity } from '../../server/bc-api/schemas.js';
import type { Static } from '@sinclair/typebox';
export type { Me, ScheduleView };

export type {
  ConflictView,
  FolderPreview,
  PlanItemView,
  PlanView as PreviewView,
  SkipView,
} from '../../core/views.js';

/** A conflict's resolution as `POST /sync/v1/conflicts/{bcId}/resolve` takes it: one side, or field by field. */
export type ResolveChoice = ResolveBody;

/**
 * A link as `GET /sync/v1/links` sends it (core/link.ts).
 * @internal
 */
export type LinkView = Link;

/** A company as BC's `GET /companies` lists it (the BC API's schema: every field optional for $select). */
type ListedCompany = Static<typeof CompanyCollection>['value'][number];
/**
 * The fields of a listed company the pane reads: the pane asks without $select, so BC sends `id`
 * and `name` (the names are the BC API's, so a renamed field fails to compile here).
 */
export type Company = Readonly<
  Required<Pick<ListedCompany, 'id' | 'name'>> & Pick<ListedCompany, 'displayName'>
>;

/** A BC contact as the sync API's sender routes send it: core's contact and BC's etag annotation. */
export type BcContactRecord = BcContact & Readonly<Pick<Static<typeof ContactEntity>, '@odata.etag'>>;

/** Everything the pane asks of the facade (and of the mailbox, for the connection check). */
export interface PaneApi {
  me(): Promise<Me>;
  getSettings(): Promise<SyncSettings>;
  getSchedule(): Promise<ScheduleView>;
  putSettings(settings: SyncSettings): Promise<SyncSettings>;
  /** The server's checks of PUT /settings, nothing saved: rejects with the same ApiError (400 details). */
  checkSettings(settings: SyncSettings): Promise<SyncSettings>;
  matchPreview(filter: Readonly<Record<string, string>>): Promise<MatchPreview>;
  listRuns(limit?: number): Promise<RunRecord[]>;
  listConflicts(): Promise<ConflictView[]>;
  resolveConflict(bcId: string, choice: ResolveChoice): Promise<void>;
  /** Accepts what the policy settled: the conflict leaves the list, nothing is written. */
  dismissConflict(bcId: string): Promise<void>;
  listSkipped(): Promise<SkipView[]>;
  listLinks(): Promise<LinkView[]>;
  company(): Promise<Company>;
  findBcContactsByEmail(email: string): Promise<BcContactRecord[]>;
  createBcPerson(draft: { displayName: string; email: string }): Promise<BcContactRecord>;
  /**
   * What the first sync into the folder `name` does with the contacts it already holds (`exists`
   * false: no folder has the name, so the next run renames the sync folder), planned by the server
   * and written nowhere (POST /sync/v1/folder-preview, F60).
   */
  folderPreview(name: string): Promise<FolderPreview>;
  /** Reaches the mailbox and finds or creates the folder; resolves with its display name. */
  checkMailbox(folderName: string): Promise<string>;
}
