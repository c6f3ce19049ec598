import type { ProgressEvent } from '../../core/executor.js';
import type { Plan, PlanSummary } from '../../core/plan.js';
import type { BcContacts, Clock, Logger, Mailbox, SyncStateStore } from '../../core/ports.js';
import type { RunAccess, RunRecord, RunTrigger, SyncMode } from '../../core/records.js';
import type { Ticker } from '../../core/lease.js';
import type { RunOutcome } from '../../core/run.js';
import type { RunRefusal } from '../../core/run-types.js';
import type { RunWait, WaitReporter } from '../../core/run-waits.js';
import { describeRunRefusal } from '../../messages/english.js';
import type { RunCancelMarks } from '../../core/run-cancel-marks.js';

/* What the run manager (run-manager.ts) takes and shows: its environment and options, a start
   request, the views and events of a run, and the in-memory entry it keeps per run. */

/** What a run hands the adapters it gets: its signal, aborted by Cancel (issue 9 §3). */
export interface RunIo {
  readonly signal: AbortSignal;
  /** Hears the adapters' deliberate waits (a 429's Retry-After…): the run's (core/run-waits.ts). */
  readonly waits?: WaitReporter;
}

/** How the facade reaches one user's two sides; the process entry wires real adapters, tests fakes. */
export interface SyncEnvironment {
  /**
   * May look up what the run needs (the user's company) before the run starts. Rejects with
   * `RunEnvironmentError` when the user may use no company or the facade cannot reach one.
   * `onBehalfOf`: the signed-in user's token when they asked (pane, API) — upstream BC calls then
   * carry their own permissions; absent for scheduled and CLI runs (app-only). `forRun`: for a run,
   * which reads the user's run records itself once it holds its lease (issue 12: one read per run)
   * and picks its state's company (core stateCompanyAdapter): the adapter need not read them.
   */
  bcContacts(
    userId: string,
    io?: RunIo,
    onBehalfOf?: string,
    forRun?: boolean,
  ): BcContacts | Promise<BcContacts>;
  mailboxFor(userId: string, io?: RunIo): Mailbox;
  /** Whose permissions runs wired this way carry (the run record keeps it); absent/undefined: not said. */
  access?(onBehalfOf?: string): RunAccess | undefined;
}

export interface RunManagerOptions {
  readonly store: SyncStateStore;
  readonly env: SyncEnvironment;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly newRunId?: () => string;
  /** Lease heartbeat timer (the process entry passes the real one; tests drive it or leave it out). */
  readonly ticker?: Ticker;
  /** Finished runs kept in memory (their progress, and the plan of dry runs). */
  readonly keepFinished?: number;
  /**
   * Cancel requests shared by the processes on one store (review R3); with a ticker, each active
   * run here polls its mark. Absent: a cancel reaches only runs of this process.
   */
  readonly cancelMarks?: RunCancelMarks;
  /**
   * core/lease.ts writeSettleMs at this process's Graph and BC timeouts: a run stopped while its
   * writes may land keeps its folder this long past its end (RunEnd.keepMs). Absent: the default.
   */
  readonly writeSettleMs?: number;
}

export interface StartRequest {
  readonly mode: SyncMode;
  readonly dryRun?: boolean;
  readonly confirmMassDelete?: boolean;
  readonly trigger: RunTrigger;
  /** The signed-in user's token when they started the run (see SyncEnvironment.bcContacts). */
  readonly onBehalfOf?: string;
  /**
   * The run's id, chosen by the caller (the CLI) so a start sent again after a lost answer finds
   * the run the first one started instead of starting another; absent: the manager picks one.
   */
  readonly runId?: string;
}

type PhaseProgress = Partial<Record<ProgressEvent['phase'], ProgressEvent>>;

/** A run as the API shows it: the record and the latest progress per phase. */
export interface RunView {
  readonly record: RunRecord;
  readonly progress: PhaseProgress;
  /** What the run waits for now, on purpose (core/run-waits.ts); null while it works or once ended. */
  readonly waiting: RunWait | null;
  readonly active: boolean;
  readonly cancelRequested: boolean;
}

export type RunEvent =
  | { readonly type: 'progress'; readonly runId: string; readonly event: ProgressEvent }
  | { readonly type: 'record'; readonly runId: string; readonly record: RunRecord }
  | { readonly type: 'end'; readonly runId: string; readonly record: RunRecord };

export type RunListener = (event: RunEvent) => void;

/**
 * A second run for the same user and folder; `active` is the run in the way (null when unknown).
 * Why, as data (`refusal`): the HTTP body carries it beside the English message (refusalReason),
 * and the CLI words it in the user's time zone.
 */
export class RunAlreadyActiveError extends Error {
  override readonly name = 'RunAlreadyActiveError';
  constructor(
    readonly active: RunView | null,
    readonly refusal: RunRefusal,
  ) {
    super(describeRunRefusal(refusal));
  }

  /**
   * The holder ended, its lease kept until then while writes it sent may land (core
   * RunInProgressError.settling): when the next sync can start. Null: a run holds the folder.
   */
  get settlingUntil(): string | null {
    return this.refusal.kind === 'folderSettling' ? this.refusal.until : null;
  }
}

/**
 * A refusal as the 409 RunInProgress body's `reason`: the holder's `runId`, `until` when its lease
 * runs out (a pane that closed mid-sync frees the folder then), `settling` when it ended mid-write,
 * `refusal` the kind.
 */
export function refusalReason(refusal: RunRefusal) {
  return {
    kind: 'RunInProgress',
    refusal: refusal.kind,
    runId: refusal.runId,
    ...('until' in refusal && refusal.until !== undefined ? { until: refusal.until } : {}),
    ...(refusal.kind === 'folderSettling' ? { settling: true } : {}),
  } as const;
}

/** One run in this process (run-manager.ts): its record, progress, listeners and end. */
export interface Entry {
  readonly userId: string;
  readonly key: string;
  record: RunRecord;
  /** Each phase's latest event, without its wait: that is `waiting`, the run's one wait now. */
  progress: PhaseProgress;
  waiting: RunWait | null;
  active: boolean;
  cancelled: boolean;
  /** Aborted by Cancel: requests in flight end at once, the run ends as `cancelled`. */
  readonly abort: AbortController;
  /** Stopped by a shutdown (close), not by the user: the run ends as `interrupted`. */
  shutdown: boolean;
  plan: Plan | null;
  /** What the run planned, in numbers, once it ended (the CLI prints it; dry or not). */
  summary: PlanSummary | null;
  readonly listeners: Set<RunListener>;
  done: Promise<RunOutcome | null>;
  /**
   * The entry ended with the end the manager made when the run's promise rejected before its own
   * end was stored (review RV8), and that end is not known stored: a reader asks the store first.
   */
  endUnstored: boolean;
  /**
   * Until when (clock.monotonicMs) the run's ended lease is kept because writes it sent may still
   * land (RunEnd.keepMs): not dead to the reaper (`endedHere`) nor let go by the next start.
   */
  keptUntilMs: number;
}
