import type { BcContact, ContactType, OutlookContact, OutlookContactDraft, SyncFields } from './model.js';
import type { CountryRegion } from './country.js';
import type { ConflictRecord } from './merge.js';
import type { RunRecord, SkipRecord, SyncSettings } from './records.js';
import type { Link } from './link.js';
import type { Page, PageRequest } from './state-limits.js';

/**
 * A failed write or read of one item, as every adapter reports it. Adapters translate their own
 * wire errors (Graph, OData, SQL) into these kinds so the executor can decide without knowing them.
 */
export type PortErrorKind =
  | 'stale' // the version stamp sent (etag / changeKey) no longer matches
  | 'notFound'
  | 'invalid' // the service refused the content; retrying the same request cannot help
  | 'throttled' // retry later
  | 'unavailable' // transient service or network failure; retry later
  | 'unknownOutcome'; // the request may or may not have been applied (response lost)

export interface PortError {
  readonly kind: PortErrorKind;
  /** The service's own words, for logs and diagnostics; never shown as a reason (core words codes). */
  readonly message: string;
  /** HTTP status of the answer; 0 when none came back; absent for ports that are not HTTP. */
  readonly status?: number;
  /** The service's `error.code` (BC: `BadRequest_InvalidValue`…, Graph: `ErrorInvalidProperty`…). */
  readonly serviceCode?: string;
}

/**
 * Which port failed and in which of its methods (F51: a failed run names the side and what it was
 * doing). Set by `onSide` (sided-port.ts) where a run wires its ports; adapters leave it out.
 */
export interface PortCall {
  readonly side: 'bc' | 'outlook';
  /** The port method: `readChanges`, `ensureFolder`, `countriesRegions`… */
  readonly operation: string;
}

/** A failed read or folder operation; writes report per item through `WriteOutcome` instead. */
export class PortFailure extends Error {
  override readonly name = 'PortFailure';
  constructor(
    readonly kind: PortErrorKind,
    message: string,
    /** As PortError's: the HTTP status and the service's error code, when known. */
    readonly detail: { readonly status?: number; readonly serviceCode?: string } = {},
    /** The port and method that failed, when the caller wired it with `onSide`. */
    readonly call?: PortCall,
  ) {
    super(message);
  }
}

export type WriteOutcome<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: PortError };

export interface BcContactDraft extends SyncFields {
  readonly type: ContactType;
}

export interface BcUpdate {
  readonly id: string;
  readonly etag: string;
  /** Only the fields to change. */
  readonly patch: Partial<SyncFields>;
}

/**
 * What BC reports since a delta link (BC API v2.0 change tracking: `Prefer: odata.track-changes`,
 * `@odata.deltaLink`, deleted entities as `@removed` / `$deletedEntity` rows). `snapshot` is
 * returned for a first read (no link) or when the service no longer serves the link (410 Gone or a
 * refusal): the caller must reconcile by id. `deltaLink` is the cursor for the next read; '' when
 * the service gave none (the next read is a snapshot again).
 */
export type BcRead =
  | { readonly kind: 'snapshot'; readonly contacts: readonly BcContact[]; readonly deltaLink: string }
  | {
      readonly kind: 'changes';
      readonly changed: readonly BcContact[];
      readonly deletedIds: readonly string[];
      readonly deltaLink: string;
    };

/** Business Central contacts of one company (the facade or a real API v2.0 endpoint). */
export interface BcContacts {
  /**
   * The BC company this reads and writes, where the adapter knows it: keys of work that must not be
   * shared across companies include it (the sender add's in-flight key and lease, issue 10).
   */
  readonly companyId?: string;
  /** Every contact; `odataFilter` narrows the read when the filter translates (a superset is fine). */
  listAll(options?: { readonly odataFilter?: string }): Promise<BcContact[]>;
  /**
   * Every contact (null) or what changed since `deltaLink` (a link a previous read returned, by any
   * host: an adapter accepts a link for its own company whatever API root it was made under), with
   * the next link. An expired or refused link gives a snapshot; other failures throw PortFailure.
   */
  readChanges(deltaLink: string | null): Promise<BcRead>;
  getMany(ids: readonly string[]): Promise<BcContact[]>;
  /**
   * Contacts whose E-Mail is one of these addresses, compared trimmed and case-insensitively
   * (design §2: e-mail identity). A superset is fine: the caller compares again.
   */
  findByEmails(emails: readonly string[]): Promise<BcContact[]>;
  create(drafts: readonly BcContactDraft[]): Promise<WriteOutcome<BcContact>[]>;
  update(updates: readonly BcUpdate[]): Promise<WriteOutcome<BcContact>[]>;
  /**
   * The company's Country/Region table (API v2.0 `countriesRegions`): the codes a contact's
   * Country/Region Code may take (BC relates the field to this table).
   */
  countriesRegions(): Promise<readonly CountryRegion[]>;
  /** Largest number of items one write call should carry. */
  readonly maxBatch: number;
}

export interface MailFolder {
  readonly id: string;
  readonly displayName: string;
}

/** Writable Graph properties; `displayName` is always sent because Graph regenerates it otherwise. */
export type OutlookPatch = Partial<OutlookContactDraft> & { readonly displayName: string };

export interface OutlookUpdate {
  readonly id: string;
  readonly changeKey: string;
  readonly patch: OutlookPatch;
}

export interface OutlookDelete {
  readonly id: string;
  readonly changeKey: string;
}

/**
 * What the mailbox reports since a delta link. `snapshot` is returned for a first round, or when
 * the service dropped the sync state (410): the caller must reconcile by id.
 * Contacts are always complete (all mapped fields, fax and BC id included).
 */
export type MailboxChanges =
  | { readonly kind: 'snapshot'; readonly contacts: readonly OutlookContact[]; readonly deltaLink: string }
  | {
      readonly kind: 'changes';
      readonly changed: readonly OutlookContact[];
      readonly removedIds: readonly string[];
      readonly deltaLink: string;
    };

/** A contact a delta round reports as changed: its id and the version stamp it has now. */
export interface ReportedChange {
  readonly id: string;
  /** Graph's changeKey; '' when the service did not send one. */
  readonly changeKey: string;
}

/**
 * Of the contacts a delta round reports, the ids whose version the caller already holds (its own
 * writes echoed back: the changeKey it stored after writing). Those are not read nor returned.
 */
export type KnownVersions = (reported: readonly ReportedChange[]) => Promise<ReadonlySet<string>>;

/** One user's mailbox (Microsoft Graph, the emulator, or the in-memory fake). */
export interface Mailbox {
  /** Finds the contact folder by name or creates it. */
  ensureFolder(displayName: string): Promise<MailFolder>;
  /** The folder of this name (case-insensitive), or null: reads only (a dry run creates nothing). */
  findFolder(displayName: string): Promise<MailFolder | null>;
  /**
   * The contact folder with this id among those `ensureFolder` finds (the default Contacts folder's
   * children), whatever its name is now — the user may have renamed it in Outlook — or null when it
   * is gone (deleted, moved away). Reads only (issue 9 §2).
   */
  folderById(id: string): Promise<MailFolder | null>;
  listContacts(folderId: string): Promise<OutlookContact[]>;
  /**
   * The folder's changes since `deltaLink` (a snapshot for null or a forgotten link). `known`, when
   * given, names the reported contacts the caller holds as they are: they are left out of `changed`
   * without being read (a snapshot ignores it).
   */
  readChanges(folderId: string, deltaLink: string | null, known?: KnownVersions): Promise<MailboxChanges>;
  getMany(folderId: string, ids: readonly string[]): Promise<OutlookContact[]>;
  /** Contacts of the folder that carry one of these BC ids (re-links creates whose response was lost). */
  findByBcIds(folderId: string, bcIds: readonly string[]): Promise<OutlookContact[]>;
  /**
   * Contacts of the folder with one of these addresses among their e-mails (case-insensitive, as
   * Graph's `emailAddresses/any(a:a/address eq …)`). A superset is fine: the caller compares again.
   */
  findByEmails(folderId: string, emails: readonly string[]): Promise<OutlookContact[]>;
  create(folderId: string, drafts: readonly OutlookContactDraft[]): Promise<WriteOutcome<OutlookContact>[]>;
  update(folderId: string, updates: readonly OutlookUpdate[]): Promise<WriteOutcome<OutlookContact>[]>;
  delete(folderId: string, deletes: readonly OutlookDelete[]): Promise<WriteOutcome<null>[]>;
  /** Largest number of items one write call should carry (Graph batches hold 20). */
  readonly maxBatch: number;
  /** Requests sent and throttling met so far, for the run record. */
  stats?(): { readonly requests: number; readonly throttled: number };
}

/** Links and run state of one user and folder. */
export interface SyncScope {
  readonly userId: string;
  readonly folderId: string;
}

/** Ids to look links up by (either side matches). */
export interface LinkKeys {
  readonly bcIds: readonly string[];
  readonly outlookIds: readonly string[];
}

export interface SyncCursor {
  /**
   * BC's delta link from the last successful run's read, as the BcContacts port returned it; it
   * names the company it tracks. Host-neutral like `deltaLink`: the pane, the scheduler and the
   * CLI each follow it (issue 11 §1).
   */
  readonly bcDeltaLink: string | null;
  /**
   * The mailbox's delta link as the Mailbox port returned it. Host-neutral: the pane (delegated,
   * `/me`), the scheduler and the CLI (app-only, `/users/{id}`) each replay it (issue 9 §1).
   */
  readonly deltaLink: string | null;
  /** Fingerprint of the filter the links were taken under; a new filter forces a full BC read. */
  readonly filterKey: string;
}

/**
 * Who holds a lease, as data the host injects through RunDeps.holder (issue 9 §4): core never
 * reads the machine or the process itself, it only hands this value to the store. The host
 * (src/platform/local-process.ts) fills `host` with its machine-and-boot name and `pid` with its
 * process id; the store adapter decides whether such a holder is gone (then the lease is taken
 * over at once instead of after its TTL).
 */
export interface LeaseHolder {
  readonly host: string;
  readonly pid: number;
}

export type LeaseResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly heldBy: { readonly owner: string; readonly expiresAt: string } };

export interface ConflictEntry {
  readonly bcId: string;
  readonly outlookId: string;
  readonly record: ConflictRecord;
}

export interface SkipEntry {
  readonly key: string;
  readonly record: SkipRecord;
}

export interface SyncStateStore {
  getSettings(userId: string): Promise<SyncSettings | null>;
  putSettings(userId: string, settings: SyncSettings): Promise<void>;

  getCursor(scope: SyncScope): Promise<SyncCursor | null>;
  putCursor(scope: SyncScope, cursor: SyncCursor): Promise<void>;

  /** Every link of the scope, in bcId order (code point): for a full run, which needs them all. */
  listLinks(scope: SyncScope): Promise<Link[]>;
  /**
   * One page of the scope's links in bcId order (keyset: after `page.after`), at most
   * STATE_LIMITS.pageSize: what a list route reads, never the whole scope (F46).
   */
  pageLinks(scope: SyncScope, page: PageRequest): Promise<Page<Link>>;
  /**
   * The links whose bcId is one of `keys.bcIds` or whose outlookId is one of `keys.outlookIds`, each
   * once, in bcId order: a delta run reads the links of what changed, never all of them.
   */
  findLinks(scope: SyncScope, keys: LinkKeys): Promise<Link[]>;
  /** How many links the scope holds (the folder size the mass-delete guard compares with). */
  countLinks(scope: SyncScope): Promise<number>;
  /**
   * Insert or replace by bcId. Refused (`scopeFull`, nothing stored) when new bcIds would take the
   * scope past STATE_LIMITS.perScope.links.
   */
  upsertLinks(scope: SyncScope, links: readonly Link[]): Promise<void>;
  deleteLinks(scope: SyncScope, bcIds: readonly string[]): Promise<void>;

  /** Outlook creates sent but not yet linked: a lost response is found again by BC id. */
  addPendingCreates(scope: SyncScope, bcIds: readonly string[]): Promise<void>;
  listPendingCreates(scope: SyncScope): Promise<string[]>;
  clearPendingCreates(scope: SyncScope, bcIds: readonly string[]): Promise<void>;

  /**
   * One run at a time per key (user and folder), across processes. `now` is ISO UTC. `holder`:
   * the process that will hold it — left out, the store's own process (when it knows it); null, a
   * process the store cannot see (the pane's engine over HTTP), whose lease only expires.
   */
  acquireLease(
    key: string,
    owner: string,
    now: string,
    ttlMs: number,
    holder?: LeaseHolder | null,
  ): Promise<LeaseResult>;
  /**
   * True when granting a lease also marks the folder's leftover `running` records `interrupted`
   * (the facade does it behind the HTTP store); the engine then skips doing it itself.
   */
  readonly marksInterruptedOnLease?: boolean;
  renewLease(key: string, owner: string, now: string, ttlMs: number): Promise<boolean>;
  releaseLease(key: string, owner: string): Promise<void>;

  /** Insert or replace by id. */
  saveRun(run: RunRecord): Promise<void>;
  getRun(userId: string, runId: string): Promise<RunRecord | null>;
  /** Newest first. */
  listRuns(userId: string, limit: number): Promise<RunRecord[]>;

  /** Every conflict of the scope, in bcId order (code point). */
  listConflicts(scope: SyncScope): Promise<ConflictEntry[]>;
  /** One page of the scope's conflicts in bcId order, as `pageLinks`. */
  pageConflicts(scope: SyncScope, page: PageRequest): Promise<Page<ConflictEntry>>;
  /**
   * Upsert by bcId, then remove `remove` bcIds. Refused (`scopeFull`, nothing stored) when the
   * result would be larger than before and past STATE_LIMITS.perScope.conflicts.
   */
  putConflicts(scope: SyncScope, upserts: readonly ConflictEntry[], remove: readonly string[]): Promise<void>;

  /** Every skipped entry of the scope, in key order (code point). */
  listSkipped(scope: SyncScope): Promise<SkipEntry[]>;
  /** One page of the scope's skipped entries in key order, as `pageLinks`. */
  pageSkipped(scope: SyncScope, page: PageRequest): Promise<Page<SkipEntry>>;
  /**
   * `replace: true` drops every entry first (a full run knows the whole set). Refused
   * (`scopeFull`, nothing stored) when the result would be larger than before and past
   * STATE_LIMITS.perScope.skipped.
   */
  putSkipped(
    scope: SyncScope,
    entries: readonly SkipEntry[],
    options: { readonly replace: boolean; readonly remove?: readonly string[] },
  ): Promise<void>;
}

export interface Clock {
  /** ISO 8601 UTC. */
  now(): string;
  /** Milliseconds on a monotonic scale, for durations. */
  monotonicMs(): number;
  /** `iso` moved by `ms` (negative moves back), ISO 8601 UTC. */
  shift(iso: string, ms: number): string;
}

export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
