import type { ConflictRecord } from './merge.js';
import type { RunRecord, SyncSettings } from './records.js';
import type { SkipRecord } from './skip-records.js';
import type { Link } from './link.js';
import type { Page, PageRequest } from './state-limits.js';

/* The sync state store's port (ports.ts has the others): links, cursor, lease, conflicts,
   skipped contacts, settings and run records of one user and folder. */

/**
 * Whether a record save answers only once it is on disk (`flushed`) or once every session sees it
 * (`unflushed`: PostgreSQL's commit without waiting for the write-ahead log's flush,
 * store/sql-unflushed.ts). Both survive the death of the run's process and host; an `unflushed`
 * save is lost only when the database server itself crashes before the log reaches the disk.
 * `unflushed` is for a record whose loss so no later check depends on (core/run.ts `checkpoint`):
 * never for the run's first save, which makes the lease its opening took durable (`leaseOnDisk`).
 */
export type RecordCommit = 'flushed' | 'unflushed';

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
 * Who holds a lease: plain data the host injects through RunDeps.holder (issue 9 §4) and core
 * only hands to the store. `host` names the holder's machine (and boot), `pid` its process; the
 * store adapter decides whether such a holder is gone (then the lease is taken over at once
 * instead of after its TTL).
 */
export interface LeaseHolder {
  readonly host: string;
  readonly pid: number;
}

/**
 * The lease a run writes under (lease-fence.ts): the key it acquired and the owner it acquired it
 * as (the run id). A write fenced by it lands only while that owner holds that key.
 */
export interface LeaseFence {
  readonly key: string;
  readonly owner: string;
  /**
   * The holder's write settle (lease.ts writeSettleMs): a fenced `saveRun` of its running record
   * counting writes sent without an answer keeps the lease announcedKeepMs of it past the save (a
   * write goes out up to IN_TURN_FRESH_MS after it), never shorter (store/announced-keep.ts), in the same store step, so a holder that dies with a write out holds any
   * other host off until the write can no longer land. Absent: a save keeps nothing (the sync
   * API's routes keep a pane's lease themselves, state-runs.ts).
   */
  readonly settleMs?: number;
  /**
   * The company's create turn the holder's BC creates go out under (lease.ts createTurnKey; its
   * owner turn-ahead.ts turnOwnerOf, the run's scope): a fenced `saveRun` of its running record
   * counting BC creates sent without an answer keeps the turn as long as the lease (announcedKeepMs
   * past the save, store/announced-keep.ts), where that owner holds it, in the same store step. Before,
   * a holder that died with creates out left the turn CREATE_TURN_MS past its last renewal (30 s)
   * while they could land up to the write settle (65 s) after they went: a colleague's run took
   * the turn, found no such contact in BC and made it too. Absent: the save keeps no turn.
   */
  readonly turn?: { readonly key: string; readonly owner: string };
}

/**
 * Link changes a run stores with its end (`RunEnd.links`): those of its last group of writes, which
 * nothing after them waits for (issue 12 §2: their own round trip stood between the last write's
 * answer and the end). As `upsertLinks`, `deleteLinks` and `clearPendingCreates` of `scope` would
 * store them, in that order; no bcId is both upserted and deleted, and no upsert takes the Outlook
 * id of a link deleted here (a store may apply them in one statement, where the order is not seen).
 */
export interface RunEndLinks {
  readonly scope: SyncScope;
  readonly upserts: readonly Link[];
  readonly deletes: readonly string[];
  readonly clearPending: readonly string[];
}

/** What a run stores as it ends (`SyncStateStore.endRun`). */
export interface RunEnd {
  readonly fence: LeaseFence;
  /**
   * Stored before the cursor, in the same transaction where the store has one (SQL, memory), else
   * first (HTTP): the cursor is never stored ahead of the links it depends on. Refused as
   * `upsertLinks` refuses them, and then nothing of the end is stored.
   */
  readonly links?: RunEndLinks;
  /** The run's record as it ended. */
  readonly run: RunRecord;
  /** The cursor the next run of `scope` reads on from; absent when the run leaves it where it was. */
  readonly cursor?: { readonly scope: SyncScope; readonly next: SyncCursor };
  /**
   * Writes the run sent may still land (a call aborted by a cancel or a shutdown, or timed out,
   * without an answer): the lease is kept, not let go — as `renewLease(fence.key, fence.owner,
   * run.finishedAt, keepMs)` would keep it — so no other run takes the folder and writes the same
   * contact again before they can no longer land (lease.ts writeSettleMs). The HTTP store's facade
   * keeps it for its own settle (the release says `inFlight`). Absent or 0: let go at once.
   */
  readonly keepMs?: number;
}

export type LeaseResult =
  /**
   * `place`: where a creator in a create turn's line ended up when the store moved it itself, the
   * place it held behind let go already: a join walked up past the line's free places in one call
   * (create-turn.ts takeLinePlace, store/sql-turn-line.ts), or the slot asked for by the holder of
   * the place behind it (the SQL store lets that place go in the same statement). Absent: the slot
   * asked for, and any place the creator held is still its own to let go.
   */
  | { readonly ok: true; readonly place?: number }
  | { readonly ok: false; readonly heldBy: { readonly owner: string; readonly expiresAt: string } };

/** What a run asks of the store as it starts (`SyncStateStore.openRun`). */
export interface RunOpeningRequest {
  readonly userId: string;
  /** How many of the user's newest run records to read (as `listRuns`). */
  readonly runs: number;
  /** The run's id: the owner the lease is taken as. */
  readonly owner: string;
  /** ISO UTC, as `acquireLease`'s. */
  readonly now: string;
  readonly ttlMs: number;
  /** As `acquireLease`'s. */
  readonly holder?: LeaseHolder | null;
  /**
   * The lease key of the user's folder when the user has no settings (the default folder name's,
   * `leaseKeyOf`); with settings, the key is `leaseKeyOf(userId, settings.folderName)`.
   */
  readonly defaultKey: string;
}

/** What `SyncStateStore.openRun` read, and the lease it took. */
export interface RunOpening {
  /** As `getSettings`. */
  readonly settings: SyncSettings | null;
  /** As `listRuns(userId, runs)`: newest first. */
  readonly runs: RunRecord[];
  /** The cursor of each folder those records name that has one, by folder id (as `getCursor`). */
  readonly cursors: ReadonlyMap<string, SyncCursor>;
  /**
   * The key of the lease the store took as `owner` in the same step (granted as `acquireLease`
   * grants it); null when it took none — held by another, or a key it cannot name — and then it
   * wrote nothing: the caller asks `acquireLease`.
   */
  readonly leaseKey: string | null;
  /**
   * True when the reads are as good as reads made under the lease (the run then reads the records
   * and the cursor no more, run-start.ts): the store took the lease by making it where its reads saw
   * none of that key — no run held it, none had left it behind. Every state write of a run is fenced
   * on its lease row (lease-fence.ts), so no write under that key could have landed between the
   * reads and the take but by a whole run that took the lease after the reads began and released it
   * before the take; its end leaves the cursor behind the links (a run interrupted before moving its
   * cursor leaves the same, design §2 "Runs"), read again only from further back. False when the
   * lease was renewed, taken over, or not taken.
   */
  readonly readUnderLease: boolean;
}

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

  /**
   * Creates sent but not yet linked (core/pending-creates.ts: an Outlook create by BC id, a BC
   * create by its JSON key): a lost answer is found again by the next run. Refused (`scopeFull`,
   * nothing stored) when new entries would take the scope past STATE_LIMITS.perScope.pending.
   */
  addPendingCreates(scope: SyncScope, bcIds: readonly string[]): Promise<void>;
  /** Every pending create of the scope, in code-point order (at most the cap). */
  listPendingCreates(scope: SyncScope): Promise<string[]>;
  /** One page of the scope's pending creates in code-point order, as `pageLinks`. */
  pagePendingCreates(scope: SyncScope, page: PageRequest): Promise<Page<string>>;
  clearPendingCreates(scope: SyncScope, bcIds: readonly string[]): Promise<void>;

  /**
   * One run at a time per key (user and folder), across processes. `now` is ISO UTC. `holder`:
   * the process that will hold it — left out, the store's own process (when it knows it); null, a
   * process the store cannot see (the pane's engine over HTTP), whose lease only expires.
   * `take`: this take's own id, named by the caller before it asks (so it is known when the answer
   * is lost), kept with the lease until the next take of the key replaces it — the same owner's
   * too, whose takes of one key follow each other (a run's create turn, group after group). A
   * release naming it lets go of this take only (review RV11).
   */
  acquireLease(
    key: string,
    owner: string,
    now: string,
    ttlMs: number,
    holder?: LeaseHolder | null,
    take?: string,
  ): Promise<LeaseResult>;
  /**
   * True when granting a lease also marks the folder's leftover `running` records `interrupted`
   * (the facade does it behind the HTTP store); the engine then skips doing it itself.
   */
  readonly marksInterruptedOnLease?: boolean;
  /**
   * A run's first store call (issue 12 §2: settings and recent runs, then the lease and the cursor,
   * were two round trips one after the other before a delta run's first Graph request): the
   * user's settings, newest run records and the cursors of the folders they name, and the lease of
   * the settings' folder taken when it is free to `owner`, in one round trip. The reads are a
   * guess as `getSettings`/`listRuns`/`getCursor` before a lease are, unless `readUnderLease`: a run
   * reads the records and the cursor again under the lease before it writes (run-start.ts
   * startUnderLease). Optional:
   * without it a run makes those calls. The lease it takes is held (no other owner takes it) once
   * it answers, but may be durable only once a later fenced write of the owner answered: the run
   * sends no write before its first record save answered (run.ts `leaseOnDisk`).
   */
  openRun?(request: RunOpeningRequest): Promise<RunOpening>;
  /**
   * Moves `owner`'s lease of `key` to expire `ttlMs` from `now`, never earlier than it already
   * does (a lease kept while its holder's writes may still land, letGoOrKeep, is not cut short by
   * a heartbeat the holder sent before). False when `owner` does not hold it. Naming `take`, only
   * while that take holds it, checked in the same step (brief leasegaps item 3: a release naming a
   * stale take, sent again or landing late, kept the owner's next take — a run's next group's
   * create turn — for the write settle, holding colleagues out of a turn nobody was using).
   */
  renewLease(key: string, owner: string, now: string, ttlMs: number, take?: string): Promise<boolean>;
  /**
   * Lets go of `owner`'s lease of `key`; naming `take`, only while that take holds it (review
   * RV11: a release sent again after its answer was lost, or landing late from another host, let
   * go of the same owner's next take — a run's next group's create turn, the next run's of the
   * folder — which then created beside another holder). Idempotent: a take let go, taken over or
   * replaced is left as it is. Without `take`, whichever take the owner holds (an owner that takes
   * a key once: a run's folder lease, named by its run).
   */
  releaseLease(key: string, owner: string, take?: string): Promise<void>;
  /**
   * Lets go of `owner`'s take of `key` while writes it sent may still land (a create turn whose
   * holder's BC create has an unknown outcome: create-turn-hold.ts withCreateTurn): the store keeps it
   * until they can no longer land, by its own write settle. The HTTP store: the release route's
   * `inFlight` (the facade keeps it for the pane's settle; a renewal through the routes is capped
   * at the turn's length). Optional: without it the holder renews it for the time left itself.
   */
  releaseInFlight?(key: string, owner: string, take?: string): Promise<void>;
  /**
   * Whether `owner` holds one of `keys` now: its row is there under that owner (past its expiry
   * too while nobody took it over, as `renewLease` says). A read: the facade asks it before it
   * sends a kept lease answer again (server/replay.ts leaseReplay), so a lease released since (the
   * release route, a run's `endRun`) is not answered held. Optional: the sync API's client, which
   * no facade replays over, has none.
   */
  holdsLease?(keys: readonly string[], owner: string): Promise<boolean>;
  /**
   * Compare-and-set of a run record: stores `next` in place of the user's record `expected.id`
   * only while the stored record is still `expected` (as getRun answered it), in one conditional
   * write; true when stored. Two hosts that read a record and act on it (two releases of one
   * lease, a release and the reaper) cannot both write, and a write that came between the read and
   * this one (the run's end, a checkpoint) is never written over. Optional: the sync API's client
   * has none (the facade marks a pane's records on its side: run-interrupted.ts letGoOrKeep).
   */
  replaceRun?(expected: RunRecord, next: RunRecord): Promise<boolean>;
  /**
   * This store as the holder of `fence` writes it: every state write (lease-fence.ts
   * FENCED_WRITES) first checks, atomically with the write, that `fence.owner` still holds
   * `fence.key` (held past its expiry counts while nobody took it over, as `renewLease`); reads
   * pass through. @throws LeaseLostError (code `leaseLost`) from a write whose owner lost the lease
   * — released, taken over or reaped — and nothing of that write is stored.
   */
  fenced(fence: LeaseFence): SyncStateStore;
  /**
   * A run's end in one step (issue 12 §2: its cursor, record and release were three round trips
   * one after another): as `fence`'s owner, stores the links (when given), the cursor (when given),
   * then the record, then releases the lease — in one transaction where the store has them (SQL, memory),
   * else in that order, each write fenced (HTTP). @throws LeaseLostError (code `leaseLost`) when
   * `fence.owner` no longer holds `fence.key`: nothing stored, nothing released.
   */
  endRun(end: RunEnd): Promise<void>;

  /**
   * Insert or replace by id. A new record past STATE_LIMITS.perUser.runs of its user drops that
   * user's oldest (listRuns' order), so no user's history grows without end (F122).
   * `commit` (default `flushed`): see RecordCommit. A store without the distinction (memory, the
   * sync API's client, whose server saves flushed) answers `unflushed` saves as flushed ones.
   */
  saveRun(run: RunRecord, commit?: RecordCommit): Promise<void>;
  /**
   * The BC company (lower case) the user's sync state belongs to (F86), from its own row: claimed
   * by the first record saved naming a company that is no dry run's, and never moved (review RV7:
   * read from the records and the cursor's delta link, both a client's input, it could be emptied
   * and moved). Null when no record named one yet. Optional: the sync API's client (the pane's
   * engine) has none; state-origin.ts `stateCompany` then reads it as before the row.
   */
  getStateCompany?(userId: string): Promise<string | null>;
  /** Any of the user's records by id, a dry run's too. */
  getRun(userId: string, runId: string): Promise<RunRecord | null>;
  /**
   * Newest first; never a dry run's record (review V3: a dry run stores its record so every process
   * answers for it, and every reader of the user's runs — the state's folder and company, the
   * folder id, records left `running`, the history — reads it here, so none takes it for a run).
   */
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
