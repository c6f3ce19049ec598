import type { ConflictPolicy } from './merge.js';

export type SyncMode = 'delta' | 'full';
/**
 * Who started a run: the pane (its own engine, or the facade's on its behalf), the scheduler, the
 * CLI, or another client of the sync API (`POST /sync/v1/runs` without `trigger: 'pane'`).
 */
export type RunTrigger = 'pane' | 'schedule' | 'cli' | 'api';

export interface SyncSettings {
  readonly folderName: string;
  /** Field → BC filter expression (see core/filter). */
  readonly filter: Readonly<Record<string, string>>;
  readonly conflictPolicy: ConflictPolicy;
  /** 0 turns the scheduled sync off. */
  readonly scheduleMinutes: number;
  /** A run that would delete more than this share of the folder is held for confirmation. */
  readonly massDeleteShare: number;
}

const DEFAULT_FOLDER_NAME = 'Business Central';

export const DEFAULT_SETTINGS: SyncSettings = {
  folderName: DEFAULT_FOLDER_NAME,
  filter: {},
  conflictPolicy: 'bcWins',
  // BC's job queue entry for codeunit 6700 runs every 1,440 minutes.
  scheduleMinutes: 1440,
  massDeleteShare: 0.2,
};

export interface SideCounts {
  created: number;
  updated: number;
  deleted: number;
}

/** `interrupted`: the run's holder died (process killed, pane closed) before it ended (issue 9 §4). */
export type RunStatus = 'running' | 'succeeded' | 'failed' | 'cancelled' | 'held' | 'interrupted';

/**
 * Why a run, or one write of it, failed; the edge words it (src/messages/words.ts runErrorText).
 * - writeFailed: one contact's write; params `error` (PortErrorKind), `status`, `serviceCode`.
 * - readFailed: a read or folder operation failed the run; params as writeFailed, and `port`
 *   (`bc` | `outlook`) and `operation` (the port method: `readChanges`, `ensureFolder`…) when known
 *   (records before F51 lack them).
 * - storeRefused: the state store refused a value; param `refusal` (StateRefusalKind), and for
 *   `scopeFull` also `list` (links, skipped, conflicts) and `max` (the scope's cap).
 * - leaseLost: another run took the lease between chunks; the run stopped to avoid writing twice.
 * - accessRevoked: the user's access to BC company `company` (a BC id; '' when the port named
 *   none) was revoked while the run went on (F85); `companyName` its name where the port knew it
 *   (F104); `port` and `operation` as readFailed's.
 * - storeFailed: the sync state (the facade's sync API, for the pane's engine) could not be read
 *   or saved; params `error` (PortErrorKind), `status`, `serviceCode` as readFailed's.
 * - signInFailed: a token for a run's call could not be had; params `status`, `serviceCode`.
 * - held: a guard held the run before it wrote anything; params `kind` (`massDelete` | `bcEmpty`),
 *   `deletes`, `folderSize` and `share` (the user's threshold 0..1; 1 for `bcEmpty`), as `held`.
 * - cancelled: the user cancelled the run; what was written before stays.
 * - folderMoveHeld: the settings name another folder, but `held` synced contacts of the folder the
 *   sync state belongs to (`from`) hold values BC does not have yet (conflicts, skipped or unsynced
 *   changes); the run synced `from` and moved nothing (F73); `to` is the folder the settings name.
 * - companyChanged: the run would sync company `to`, but the sync state (links, conflicts, cursor)
 *   belongs to company `from` (the user's access changed); the run stopped before reading or
 *   writing anything, since every synced copy would look deleted in BC (F86). `from`/`to` are BC
 *   ids; `fromName`/`toName` the companies' names where known (F104: the words use them).
 * - interrupted: param `by`: `shutdown` (its host stopped) or `processStopped` (found dead later).
 * - unexpected: anything else (a bug); param `name`, the error's class (the message goes to the log),
 *   and `bug`, the code of a broken invariant of core (core-bug.ts).
 * - folderNameTaken: the sync folder could not be made or renamed to the name the settings give:
 *   a folder of that name holds no contacts (a mail, calendar or task folder beside the contact
 *   folders; port-errors.ts FOLDER_NAME_TAKEN_SERVICE_CODE). Param `port`: `outlook`.
 * - graphAppMissing, noCompany, noCompanyMembership, shuttingDown: the facade refused to run at all.
 * The list is the state API's too: a run record's error code is one of these (record-schemas.ts).
 */
export const RUN_ERROR_CODES = [
  'writeFailed',
  'readFailed',
  'storeRefused',
  'leaseLost',
  'accessRevoked',
  'storeFailed',
  'signInFailed',
  'held',
  'cancelled',
  'folderMoveHeld',
  'companyChanged',
  'interrupted',
  'folderNameTaken',
  'unexpected',
  'graphAppMissing',
  'noCompany',
  'noCompanyMembership',
  'shuttingDown',
] as const;
/** @internal */
export type RunErrorCode = (typeof RUN_ERROR_CODES)[number];

/**
 * Every run that ended without syncing says why with a code (issue 9): `held`, `cancelled`,
 * `interrupted` or a failure's code is the last entry of `errors`; a `succeeded` run has none of
 * these (a dry run a guard would hold keeps its `held` only).
 */
export interface RunError {
  readonly side: 'bc' | 'outlook' | 'run';
  readonly id: string;
  /** Absent only in records stored before run errors had codes (they hold `message` alone). */
  readonly code?: RunErrorCode;
  readonly params?: Readonly<Record<string, string | number>>;
  /** Default English words, added by the edge (HTTP bodies); core never sets it. */
  readonly message?: string;
}

/**
 * Whose permissions a run's calls carried (issue 10 §2). BC: `delegated` — the user's own (the
 * pane's token, or on-behalf-of the user upstream); `appOnly` — the facade app's client
 * credentials upstream (scheduled and CLI runs); `store` — the facade's own store, through the
 * user's company memberships. Graph: `delegated` (the pane's token) or `appOnly` (the facade's).
 */
export interface RunAccess {
  readonly bc: 'delegated' | 'appOnly' | 'store';
  readonly graph: 'delegated' | 'appOnly';
}

export interface RunRecord {
  readonly id: string;
  readonly userId: string;
  readonly folderName: string;
  /**
   * The Outlook folder the run used: set when it found (or made) the folder, and carried over from
   * the run before until then. The sync API answers for the newest run's folder, and the next run
   * finds a folder the user renamed in Outlook by it (issue 9 §2). Older records lack it.
   */
  readonly folderId?: string;
  /**
   * The BC company the run synced, where its BC adapter knows it: set once the run has passed the
   * company check (F86), so the next run finds the company its state belongs to. Older records,
   * runs stopped by the check and adapters that do not know their company lack it.
   */
  readonly companyId?: string;
  /** The company's name as BC listed it to the run, saved with `companyId` where the adapter knew it (F104). */
  readonly companyName?: string;
  readonly mode: SyncMode;
  readonly dryRun: boolean;
  readonly trigger: RunTrigger;
  /** Whose permissions its calls carried; records of runs before it existed, and of the pane, lack it. */
  readonly access?: RunAccess;
  readonly status: RunStatus;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly durationMs: number;
  readonly counts: { readonly bc: SideCounts; readonly outlook: SideCounts };
  /**
   * Writes sent whose outcome the run does not know (F114, core/uncertain-writes.ts): sent and not
   * answered when the run ended (cancelled, failed, lease lost; for `interrupted`, as of the last
   * checkpoint), or answered with an unknown outcome. They may have landed: `counts` leaves them
   * out, and the next sync checks them. Absent when none (and in older records).
   */
  readonly uncertain?: { readonly bc: SideCounts; readonly outlook: SideCounts };
  readonly skipped: number;
  /** Conflicts the run leaves waiting for a choice; settled ones are not counted (openConflictCount). */
  readonly conflicts: number;
  /**
   * BC creates the run left for the next sync — no failures, the run stays `succeeded` (tester
   * F69): `createTurnBusy`, the company's create turn did not come within its wait
   * (lease.ts createTurnWaitMs)
   * (other users' syncs were creating contacts there); `createdElsewhere`, BC gained a contact
   * with the draft's E-Mail since the run read BC (the next sync links the two). Absent when none,
   * and in records from before it was counted.
   */
  readonly deferred?: RunDeferred;
  /** Every run-level error and the first item errors, as many as RUN_ERRORS_KEPT allows. */
  readonly errors: readonly RunError[];
  /** Item errors the run met beyond those listed (run-error-list.ts); absent when none. */
  readonly errorsOmitted?: number;
  /**
   * Set when a guard stopped the run before writing (on a dry run, which stays `succeeded`: what
   * a real run would be held for). `kind`: `massDelete` (more than `share`, the user's threshold
   * 0..1, of the folder would go) or `bcEmpty` (BC returned nothing in scope, so every synced copy
   * would go; `share` is then 1). Records written before `kind` existed lack it. `folderSize`:
   * how many contacts are synced to the folder (its links; F50: not what else it holds).
   */
  readonly held: {
    readonly kind?: 'massDelete' | 'bcEmpty';
    readonly deletes: number;
    readonly folderSize: number;
    readonly share: number;
  } | null;
  readonly graph: { readonly requests: number; readonly throttled: number } | null;
  /**
   * How far the run got, per phase (the latest progress event of each), saved while it runs: a run
   * whose process died keeps it when it is marked `interrupted` (issue 9 §4). Older records lack it.
   */
  readonly progress?: readonly RunPhaseProgress[];
}

/** How many BC creates a run left for the next sync, by why (RunRecord.deferred). */
export interface RunDeferred {
  readonly createTurnBusy: number;
  readonly createdElsewhere: number;
}

/** One phase's progress as a run record keeps it (the shape of the executor's progress events). */
export interface RunPhaseProgress {
  readonly phase: 'reading' | 'planning' | 'bc' | 'outlook' | 'links';
  readonly done: number;
  readonly total: number;
}

export function zeroCounts(): { bc: SideCounts; outlook: SideCounts } {
  return { bc: { created: 0, updated: 0, deleted: 0 }, outlook: { created: 0, updated: 0, deleted: 0 } };
}

/**
 * A run's record as it starts: `running`, nothing counted yet. The one home of that record: the
 * engine's first save (core/run.ts) and the server's placeholder until then (run-manager-records.ts).
 */
export function startingRecord(
  run: Pick<RunRecord, 'id' | 'userId' | 'folderName' | 'mode' | 'dryRun' | 'trigger' | 'access'>,
  startedAt: string,
): RunRecord {
  return {
    id: run.id,
    userId: run.userId,
    folderName: run.folderName,
    mode: run.mode,
    dryRun: run.dryRun,
    trigger: run.trigger,
    ...(run.access ? { access: run.access } : {}),
    status: 'running',
    startedAt,
    finishedAt: null,
    durationMs: 0,
    counts: zeroCounts(),
    skipped: 0,
    conflicts: 0,
    errors: [],
    held: null,
    graph: null,
  };
}
