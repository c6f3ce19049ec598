import type { CancelToken, ProgressEvent } from './executor.js';
import type { RunWaits } from './run-waits.js';
import type { FilterSyntaxError } from './filter/index.js';
import type { Plan } from './plan.js';
import type { Ticker } from './lease.js';
import type { BcContacts, Clock, LeaseHolder, Logger, Mailbox, RunEnd, SyncStateStore } from './ports.js';
import type { RunAccess, RunRecord, RunStatus, RunTrigger, SyncMode } from './records.js';

/* What a sync run takes and gives (runSync in run.ts): its ports, request, hooks and outcome,
   and the two errors it throws before taking a lease. */

/** The saved filter does not compile: each field with the parser's error (the edge words it). */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
  constructor(readonly fields: readonly { field: string; error: FilterSyntaxError }[]) {
    super('invalidSettings');
  }
}

/**
 * Why a run was refused its folder, as data: the edges word it (messages/refusal-words.ts) in
 * their language and time zone. `until` is ISO: when the holder's lease runs out.
 */
export type RunRefusal =
  /**
   * A run holds the folder's lease. If it stopped without letting go (a pane closed mid-sync),
   * the folder frees at `until`; absent when the holder is a live run of the process refusing.
   */
  | { readonly kind: 'folderBusy'; readonly runId: string; readonly until?: string }
  /** The holder ended mid-write: its lease is kept until writes it sent can no longer land. */
  | { readonly kind: 'folderSettling'; readonly runId: string; readonly until: string }
  /** A start named a run id that is taken. */
  | { readonly kind: 'runIdTaken'; readonly runId: string };

/** Another run holds the lease for this user and folder (`heldBy`: its run id and lease end). */
export class RunInProgressError extends Error {
  override readonly name = 'RunInProgressError';
  constructor(
    readonly heldBy: { owner: string; expiresAt: string },
    /**
     * The holder's run has ended: its lease is kept until `heldBy.expiresAt` because writes it
     * sent may still land (RunEnd.keepMs: it was stopped mid-write), or its release was lost. The
     * user is told when the next sync can start, not that one is running (brief cancelkeep).
     */
    readonly settling = false,
  ) {
    super('runInProgress');
  }

  /** The refusal as data: the holder, and when its lease runs out. */
  refusal(): RunRefusal {
    const { owner: runId, expiresAt: until } = this.heldBy;
    return { kind: this.settling ? 'folderSettling' : 'folderBusy', runId, until };
  }
}

export interface RunDeps {
  readonly bc: BcContacts;
  readonly mailbox: Mailbox;
  readonly store: SyncStateStore;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Renews the lease every LEASE_HEARTBEAT_MS while the run works (absent: only between chunks). */
  readonly ticker?: Ticker;
  /** The process holding the run's lease (see SyncStateStore.acquireLease; absent: the store's default). */
  readonly holder?: LeaseHolder | null;
  /**
   * lease.ts writeSettleMs at this host's write timeouts: how long the run's lease is kept past an
   * end whose writes may still land (RunEnd.keepMs). Absent: DEFAULT_WRITE_SETTLE_MS.
   */
  readonly writeSettleMs?: number;
  /**
   * The run's waits, the same the host handed its adapters (run-waits.ts): the run carries the one
   * open now on its progress events. Absent: the run reports none (its adapters' waits unseen).
   */
  readonly waits?: RunWaits;
}

export interface RunRequest {
  readonly runId: string;
  readonly userId: string;
  readonly mode: SyncMode;
  readonly dryRun: boolean;
  readonly trigger: RunTrigger;
  /** Whose permissions the run's adapters carry, as its host wired them (kept in the record). */
  readonly access?: RunAccess;
  /** The user confirmed the deletes of a run the mass-delete guard held. */
  readonly confirmMassDelete?: boolean;
}

export interface RunHooks {
  readonly onProgress?: (event: ProgressEvent) => void;
  /**
   * Awaited between the planner's steps: a server's turn of its event loop, so planning a company
   * (seconds of CPU at 26,000 contacts) does not hold every other request of the process (F89).
   */
  readonly yieldTurn?: () => Promise<void>;
  readonly cancel?: CancelToken;
  /** Called with the record whenever it changes (start, after planning, at the end). */
  readonly onRecord?: (record: RunRecord) => void;
  /**
   * Called once, when the run's record is first in the store (its first save answered; at once for
   * a dry run, which stores none): from then on every process that shares the store finds the run
   * by its id (its record, events and cancel, docs/deploy.md §6). A host that answers the run's id
   * to a client waits for this, not for the first `onRecord` (review V9). Not called for a run that
   * ends before its first save (its end stores its record; the run's promise settles then).
   */
  readonly onStored?: () => void;
  /**
   * How a run stopped by `cancel` ends: `cancelled` (the user asked, the default) or `interrupted`
   * (its host is shutting down — nobody chose to stop it, issue 9 §4).
   */
  readonly stoppedAs?: () => 'cancelled' | 'interrupted';
  /**
   * The store refused the run's save of its record because the run's cancel was asked at another
   * place (another process, the sync API for a run of the pane's engine: CancelRequestedError).
   * The run stops by itself (`cancel` reads true from then on); the host aborts its requests in
   * flight here, as its own cancel does.
   */
  readonly onCancelRequested?: () => void;
}

export interface RunOutcome {
  readonly record: RunRecord;
  readonly plan: Plan | null;
}

/**
 * Ends the run (run.ts): its record with `status` and `patch`, stored with `cursor` (a run that
 * ended clean moves it) and the lease's release in one store call (`SyncStateStore.endRun`).
 */
export type RunFinish = (
  status: RunStatus,
  patch: Partial<RunRecord>,
  cursor?: RunEnd['cursor'],
) => Promise<RunRecord>;
