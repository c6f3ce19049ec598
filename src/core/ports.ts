import type { BcContact, ContactType, OutlookContact, OutlookContactDraft, SyncFields } from './model.js';
import type { CountryRegion } from './country.js';
import type { WriteOutcome } from './port-errors.js';

export { PortFailure } from './port-errors.js';
export type { PortCall, PortError, PortErrorKind, WriteOutcome } from './port-errors.js';
export type * from './state-store-port.js';

export interface BcContactDraft extends SyncFields {
  readonly type: ContactType;
  /**
   * What this create is, the same on every host that makes it and on every resend (createKeys in
   * create-keys.ts: this import of this Outlook contact, this re-creation of that deleted contact,
   * this sender added). An adapter sends it so that the service makes one contact of two creates
   * with the same key and values (the facade: the operation's Idempotency-Key, bc/create-key.ts);
   * a create stalled between the create turn's look-up and the wire then finds the contact the
   * host that took the turn after it made (lead's trust list, item 1). Absent: a create of its own.
   */
  readonly createKey?: string;
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
export type BcRead = SideView<BcContact, 'deletedIds'> & { readonly deltaLink: string };

/**
 * What one side reports: all its contacts (`snapshot`), or what changed since the last round with
 * the ids gone under the side's own name for them (BC: deletedIds, Outlook: removedIds). The one
 * shape of both sides' reads (the planner's views are this without the delta link).
 */
export type SideView<C, Gone extends string> =
  | { readonly kind: 'snapshot'; readonly contacts: readonly C[] }
  | ({ readonly kind: 'changes'; readonly changed: readonly C[] } & {
      readonly [K in Gone]: readonly string[];
    });

/**
 * Awaited by a paged read between its pages: the run's lease heartbeat (lease-keeper.ts), so a read
 * of 50,000 contacts keeps the lease alive (issue 12). It throws when the run must stop (its lease
 * was lost): the read stops there and the error reaches the run.
 */
export type PageBeat = () => Promise<void>;

/** Told of some drafts' outcomes before a create call ends (BcContacts.create): `at[k]` is `outcomes[k]`'s draft. */
export type CreatesAnswered = (at: readonly number[], outcomes: readonly WriteOutcome<BcContact>[]) => void;

/**
 * Asked before an adapter sends a write of the call again by itself (after a 429's wait, a refused
 * connection, or a lost answer checked and found not applied): true while what the caller checked
 * before the first send still holds (its lease, the company's create turn). The caller's check runs
 * once, before the call; the resend comes after a wait in which the caller may have stalled past
 * what it held (crash-hosts model seed 33: a create refused 429, its process paused, another host
 * took the turn, found no such contact and made it; the adapter's resend then made a second).
 * False, or a throw: the write is not sent again and ends not applied (`unavailable`); a folder
 * write (ensureFolder, renameFolderById), which fails as a whole, ends with what it threw (a lost
 * lease: LeaseLostError, the run's `leaseLost`), else PortFailure `unavailable`.
 * `asked` says which wait came before (SendAgainAsked); an adapter that says nothing asks as after
 * a failure, the stricter check.
 */
export type SendAgain = (asked?: SendAgainAsked) => Promise<boolean>;

/**
 * Why an adapter asks its SendAgain. `inTurn`: right before a send in its turn, after the planned
 * waits only (the concurrency limiter's turn, the quota pacer's pacing: Graph asks before every
 * envelope of a write call). `afterFailure` (the default): before a write goes again after a wait a
 * failure caused (a 429's Retry-After, a 5xx, a lost answer looked for), which may be long.
 */
export type SendAgainAsked = 'inTurn' | 'afterFailure';

/** Business Central contacts of one company (the facade or a real API v2.0 endpoint). */
export interface BcContacts {
  /**
   * The BC company this reads and writes, where the adapter knows it: keys of work that must not be
   * shared across companies include it (the sender add's in-flight key and lease, issue 10).
   */
  readonly companyId?: string;
  /**
   * The company's name as BC lists it (`displayName`), where the adapter knows it: run records and
   * the words of a run error name the company by it, not by its id (F104).
   */
  readonly companyName?: string;
  /**
   * Every contact, unfiltered: the scope is decided in core on every contact (matching by e-mail,
   * "excluded by filter" counts and "left scope" versus "deleted" need the contacts outside it).
   */
  listAll(): Promise<BcContact[]>;
  /**
   * Every contact (null) or what changed since `deltaLink` (a link a previous read returned, by any
   * host: an adapter accepts a link for its own company whatever API root it was made under), with
   * the next link. An expired or refused link gives a snapshot; other failures throw PortFailure.
   */
  readChanges(deltaLink: string | null, onPage?: PageBeat): Promise<BcRead>;
  /**
   * Every contact (a snapshot) with a fresh link, for a run that reads BC whole; `deltaLink` is the
   * stored one, which an adapter may follow for the fresh link while it reads the list by other
   * means (issue 12 §2). Where absent, a run reads `readChanges(null)`.
   */
  readInFull?(deltaLink: string | null, onPage?: PageBeat): Promise<BcRead>;
  /**
   * The company (BC id, lower case) whose contacts a delta link this adapter's `readChanges`
   * returned tracks; null when the text names none. Where implemented, a run finds the company of
   * a sync state saved before run records named it (F86, F95).
   */
  trackedCompany?(deltaLink: string): string | null;
  /**
   * An adapter a host made for a run, before the run read its records: the companies the user may
   * sync (BC's order) and an adapter for another of them. The run picks the one its state belongs
   * to (state-origin.ts `stateCompanyAdapter`, F86).
   */
  readonly companies?: readonly string[];
  forCompany?(companyId: string): BcContacts;
  /**
   * The name BC lists one of the user's companies under, from the host's company list (no request):
   * a state whose last good run predates RunRecord.companyName is named by it (F104), not its id.
   * Undefined for a company the list does not hold or does not name.
   */
  nameOf?(companyId: string): string | undefined;
  getMany(ids: readonly string[]): Promise<BcContact[]>;
  /**
   * Contacts whose E-Mail is one of these addresses, compared trimmed and case-insensitively
   * (design §2: e-mail identity). A superset is fine: the caller compares again.
   */
  findByEmails(emails: readonly string[]): Promise<BcContact[]>;
  /**
   * Creates the drafts; outcomes in their order. `answered`, when given, is told of the drafts whose
   * outcomes are known while others are still out (their indices in `drafts`, each told at most once;
   * the result still holds every outcome): the executor stamps BC's ids on their Outlook contacts
   * meanwhile (issue 12, delta-outlook-1pct). An adapter that answers all at once need not call it.
   * `again`: asked before any draft is sent again by the adapter (SendAgain); an adapter that never
   * sends a write twice need not ask it.
   */
  create(
    drafts: readonly BcContactDraft[],
    answered?: CreatesAnswered,
    again?: SendAgain,
  ): Promise<WriteOutcome<BcContact>[]>;
  /**
   * The id `create` gives the contact of this draft, known before it is sent: an adapter whose BC
   * names a keyed create's contact from its create key (the facade's store, keyedContactId), else
   * null. Absent where the BC names contacts itself (a real tenant, behind the facade or not) or the
   * caller the name holds is not known (the pane over HTTP). A lost create's pending entry keeps it,
   * so the next run tells that create's contact from a namesake by id (recover-bc-creates.ts, RV14).
   * At once, with no request: the group's pending entries go out with its first save, as before.
   */
  createdIdOf?(draft: BcContactDraft): string | null;
  /**
   * The ids `create` gives the contacts of these drafts, asked of BC after the fact (in order; null
   * where BC names contacts itself: a real tenant, behind the facade or not). For a lost create whose
   * entry has no id (made by the pane over HTTP, or before createdIdOf), from the values it sent as
   * found again: its contact is told from a namesake by id on every host (recover-bc-creates.ts).
   * Over HTTP one request to the facade (its `contacts/bcsync.createdIds`); asked only by a run that
   * has such an entry whose address BC no longer holds.
   */
  createdIdsAfter?(drafts: readonly BcContactDraft[]): Promise<readonly (string | null)[]>;
  /** PATCHes with If-Match; outcomes in order. `again` as create's. */
  update(updates: readonly BcUpdate[], again?: SendAgain): Promise<WriteOutcome<BcContact>[]>;
  /**
   * The company's Country/Region table (API v2.0 `countriesRegions`): the codes a contact's
   * Country/Region Code may take (BC relates the field to this table).
   */
  countriesRegions(): Promise<readonly CountryRegion[]>;
  /** Largest number of items one write call should carry. */
  readonly maxBatch: number;
  /**
   * Whether the run's user may still use this company, where the adapter can ask (a server run on
   * the facade's store: its company membership). A run asks before each group of writes on either
   * side — Outlook writes carry BC data too (F74). Absent: every request is checked where it is
   * served (the BC API's routes, BC's own permissions).
   * @throws PortFailure `invalid` with status 403 when the access was revoked.
   */
  checkAccess?(): Promise<void>;
}

export interface MailFolder {
  readonly id: string;
  readonly displayName: string;
  /**
   * Only on a folder `ensureFolder` has just made (it holds nothing yet): a delta link from the
   * folder's beginning, so a run need not read the empty folder before its first write (issue 12
   * §2: a first full sync's delta page of the new folder was a round trip before it). Following it
   * (`readChanges`) reports every contact the folder holds by then as changed; it reports no
   * removal, so it is never stored as a cursor: a run follows it to a link of its own first.
   */
  readonly startLink?: string;
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
export type MailboxChanges = SideView<OutlookContact, 'removedIds'> & { readonly deltaLink: string };

/** A contact a delta round reports as changed: its id and the version stamp it has now. */
export interface ReportedChange {
  readonly id: string;
  /** Graph's changeKey; '' when the service did not send one. */
  readonly changeKey: string;
  /**
   * The contact's first e-mail address as the delta page carries it (absent: not sent): what a
   * run looks up in BC for a contact it has no link for, asked while the contact is read by id.
   */
  readonly firstEmail?: string;
}

/**
 * Of the contacts a delta round reports, the ids whose version the caller already holds (its own
 * writes echoed back: the changeKey it stored after writing). Those are not read nor returned.
 */
export type KnownVersions = (reported: readonly ReportedChange[]) => Promise<ReadonlySet<string>>;

/** One user's mailbox (Microsoft Graph, the emulator, or the in-memory fake). */
export interface Mailbox {
  /**
   * Finds the contact folder by name or creates it (callers look it up first: Graph's adapter
   * sends the creation first and finds an existing folder by the refusal of its name). `again`: asked before the adapter sends the
   * creation again by itself (after a 429's wait, a 5xx, a lost answer looked for and not found), as
   * create's (SendAgain); what it throws (a lost lease) reaches the caller as it is.
   */
  ensureFolder(displayName: string, again?: SendAgain): Promise<MailFolder>;
  /** The folder of this name (case-insensitive), or null: reads only (a dry run creates nothing). */
  findFolder(displayName: string): Promise<MailFolder | null>;
  /**
   * The contact folder with this id among those `ensureFolder` finds (the default Contacts folder's
   * children), whatever its name is now — the user may have renamed it in Outlook — or null when it
   * is gone (deleted, moved away). Reads only (issue 9 §2).
   */
  folderById(id: string): Promise<MailFolder | null>;
  /**
   * Gives the folder with this id a new name (Graph PATCH /contactFolders/{id}): its contacts stay
   * in it with their ids. A folder already of that name (case-insensitive) is returned unchanged, so a
   * repeat after a lost answer is harmless. Throws PortFailure `notFound` when the folder is gone and
   * `invalid` when another folder has the name (Graph 409 ErrorFolderExists) (F73: the run's move).
   * `again`: as ensureFolder's, before the rename goes again.
   */
  renameFolderById(id: string, displayName: string, again?: SendAgain): Promise<MailFolder>;
  listContacts(folderId: string, onPage?: PageBeat): Promise<OutlookContact[]>;
  /**
   * The folder's changes since `deltaLink` (a snapshot for null or a forgotten link). `known`, when
   * given, names the reported contacts the caller holds as they are: they are left out of `changed`
   * without being read (a snapshot ignores it).
   */
  readChanges(
    folderId: string,
    deltaLink: string | null,
    known?: KnownVersions,
    onPage?: PageBeat,
  ): Promise<MailboxChanges>;
  /**
   * `folderById` and `readChanges` of that folder in one go (Graph: one `$batch` request, issue 12
   * §2's idle delta). Null when the folder is gone as `folderById` says; a deleted folder sits in
   * Deleted Items with its id, where a delta on it still answers, so its changes alone cannot tell.
   */
  folderWithChanges(
    folderId: string,
    deltaLink: string,
    known?: KnownVersions,
    onPage?: PageBeat,
  ): Promise<{ readonly folder: MailFolder; readonly changes: MailboxChanges } | null>;
  getMany(folderId: string, ids: readonly string[]): Promise<OutlookContact[]>;
  /**
   * Contacts of the folder that carry one of these BC ids (re-links creates whose response was
   * lost; finds the copies of an unlinked BC contact a delta reports, delta-reads.ts).
   */
  findByBcIds(folderId: string, bcIds: readonly string[]): Promise<OutlookContact[]>;
  /**
   * Contacts of the folder with one of these addresses among their e-mails (case-insensitive, as
   * Graph's `emailAddresses/any(a:a/address eq …)`). A superset is fine: the caller compares again.
   */
  findByEmails(folderId: string, emails: readonly string[]): Promise<OutlookContact[]>;
  /**
   * Writes; outcomes in order. `again`: asked before any item is sent again by the adapter (after a
   * 429's wait, a 5xx, a lost answer checked), as BcContacts.create's (SendAgain); an adapter that
   * never sends a write twice need not ask it.
   */
  create(
    folderId: string,
    drafts: readonly OutlookContactDraft[],
    again?: SendAgain,
  ): Promise<WriteOutcome<OutlookContact>[]>;
  update(
    folderId: string,
    updates: readonly OutlookUpdate[],
    again?: SendAgain,
  ): Promise<WriteOutcome<OutlookContact>[]>;
  delete(
    folderId: string,
    deletes: readonly OutlookDelete[],
    again?: SendAgain,
  ): Promise<WriteOutcome<null>[]>;
  /** Largest number of items one write call should carry (Graph batches hold 20). */
  readonly maxBatch: number;
  /** Requests sent and throttling met so far, for the run record. */
  stats?(): { readonly requests: number; readonly throttled: number };
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

/** @internal Test seam: the test harnesses' logger. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
