import { randomUUID } from 'node:crypto';
import { RunWaits } from '../../core/run-waits.js';
import type { CancelToken } from '../../core/executor.js';
import { summarizePlan } from '../../core/plan.js';
import type { Plan, PlanSummary } from '../../core/plan.js';
import { DEFAULT_SETTINGS } from '../../core/records.js';
import type { RunRecord } from '../../core/records.js';
import { DEFAULT_WRITE_SETTLE_MS, leaseKeyOf } from '../../core/lease.js';
import type { Ticker } from '../../core/lease.js';
import { runErrorOf } from '../../core/run-errors.js';
import { runSync } from '../../core/run.js';
import { uncertainTotal } from '../../core/uncertain-writes.js';
import type { RunOutcome } from '../../core/run.js';
import { RunEnvironmentError } from './run-refusals.js';
import { RunAlreadyActiveError } from './run-manager-types.js';
import type {
  Entry,
  RunIo,
  RunListener,
  RunManagerOptions,
  RunView,
  StartRequest,
} from './run-manager-types.js';
import {
  emitTo,
  endOfRejected,
  logFinished,
  placeholderRecord,
  preferStoredEnd,
  retryEndSave,
  storeEndOnce,
  storedView,
  viewOf,
} from './run-manager-records.js';
import { newEntry, refusalBeforeRecord, runSides } from './run-manager-launch.js';
import { nextTurn } from '../../platform/loop-turns.js';
import { StoredRunFollowers } from './stored-run-follow.js';
import { watchCancelMark } from './run-cancel-watch.js';
import type { CancelMarkAnswer } from '../../core/run-cancel-marks.js';

export * from './run-manager-types.js';

/**
 * Runs `runSync` in the background per user: one active run per user and folder in this process
 * (the store's lease guards across processes), progress and events for the API, cancel, and the
 * plans of dry runs, which are never stored.
 */
export class RunManager {
  private readonly runs = new Map<string, Entry>();
  private readonly activeByKey = new Map<string, Entry>();
  private readonly newRunId: () => string;
  private readonly keepFinished: number;
  /** How long a run's lease is kept past an end whose writes may land (RunManagerOptions). */
  private readonly settleMs: number;
  private closing = false;
  /** The stops of the end saves tried again (retryEnd). */
  private readonly endRetries = new Set<() => void>();
  /** Runs of other processes followed for their events (made at the first). */
  private followers: StoredRunFollowers | null = null;

  constructor(private readonly options: RunManagerOptions) {
    this.newRunId = options.newRunId ?? (() => randomUUID());
    this.keepFinished = options.keepFinished ?? 200;
    this.settleMs = options.writeSettleMs ?? DEFAULT_WRITE_SETTLE_MS;
  }

  /**
   * Starts a run and resolves once it holds its lease and its first record is stored (every process
   * sharing the store finds it then, review V9), so a refusal is an error here, not a failed run. Throws `RunAlreadyActiveError` or the engine's `SettingsError`.
   */
  async start(userId: string, request: StartRequest): Promise<RunView> {
    const again = request.runId ? await this.known(userId, request.runId) : null;
    if (again) return again;
    try {
      const { entry, firstRecord } = await this.launchFreeing(userId, request);
      await firstRecord;
      this.options.logger.info(
        {
          runId: entry.record.id,
          mode: request.mode,
          trigger: request.trigger,
          dryRun: request.dryRun ?? false,
        },
        'sync run started',
      );
      return viewOf(entry);
    } catch (e) {
      // A start sent again (its first answer was lost) that meets its own run answers that run.
      const own =
        e instanceof RunAlreadyActiveError && request.runId && e.active?.record.id === request.runId;
      if (own) return this.get(userId, request.runId!) ?? e.active!;
      throw e;
    }
  }

  /**
   * A run of this user by id: from memory (live progress), else its stored record; null when
   * unknown. An entry whose end is not known stored answers the stored end once there is one
   * (review RV8: the reaper's later `interrupted` shows here as at every other process).
   */
  async known(userId: string, runId: string): Promise<RunView | null> {
    const e = this.runs.get(runId);
    const live = e && e.userId === userId ? viewOf(e) : null;
    if (live && !e?.endUnstored) return live;
    const record = await this.options.store.getRun(userId, runId);
    if (live) return preferStoredEnd(live, record);
    return record ? storedView(record) : null;
  }

  /**
   * Starts a run and waits for its end (CLI and scheduler). Refusals throw as in `start`; a run that
   * started and then failed resolves with its `failed` record (the reason in `errors`), as it is stored.
   * `onProgress` gets the run's progress per phase and its wait on each of its progress events (the CLI's lines
   * when it runs the product itself, as the server's answers give them when it goes through one).
   */
  async runNow(
    userId: string,
    request: StartRequest,
    onProgress?: (progress: RunView['progress'], waiting: RunView['waiting']) => void,
  ): Promise<RunOutcome> {
    const { entry, firstRecord } = await this.launchFreeing(userId, request);
    if (onProgress) {
      entry.listeners.add((event) => {
        if (event.type === 'progress') onProgress(entry.progress, entry.waiting);
      });
      // What the run reported before this listener was added (launch's last turns), at once.
      onProgress(entry.progress, entry.waiting);
    }
    await firstRecord;
    const outcome = await entry.done;
    return outcome ?? { record: entry.record, plan: null };
  }

  /**
   * Whether this manager ran the run and it is over: nothing of this process runs it any more, so
   * a lease it still holds (its release failed) is dead (the reaper lets it go at its next sweep).
   */
  endedHere(runId: string): boolean {
    const e = this.runs.get(runId);
    return e !== undefined && this.over(e);
  }

  /**
   * Ended, and no write it sent can land any more: a run stopped mid-write (Cancel, shutdown) keeps
   * its lease until then (brief cancelkeep: freed at once, the next sync made its create again).
   */
  private over(e: Entry): boolean {
    return !e.active && this.options.clock.monotonicMs() >= e.keptUntilMs;
  }

  get(userId: string, runId: string): RunView | null {
    const e = this.runs.get(runId);
    return e && e.userId === userId ? viewOf(e) : null;
  }

  /** Runs of the user still in memory (active ones and recently finished ones), newest first. */
  listRecent(userId: string): RunView[] {
    return [...this.runs.values()]
      .filter((e) => e.userId === userId)
      .map((e) => viewOf(e))
      .reverse();
  }

  /** The active run of the user for a folder name, if any. */
  activeFor(userId: string, folderName: string): RunView | null {
    const e = this.activeByKey.get(leaseKeyOf(userId, folderName));
    return e ? viewOf(e) : null;
  }

  plan(userId: string, runId: string): Plan | null {
    const e = this.runs.get(runId);
    return e && e.userId === userId ? e.plan : null;
  }

  /** What an ended run planned, in numbers (every run, while it is in memory); null before its end. */
  planSummary(userId: string, runId: string): PlanSummary | null {
    const e = this.runs.get(runId);
    return e && e.userId === userId ? e.summary : null;
  }

  /**
   * Stops the run: requests in flight are aborted and no further chunk is written; the run ends as
   * `cancelled` and releases its lease. Null for unknown runs; a finished run is left as it is.
   */
  cancel(userId: string, runId: string): RunView | null {
    const e = this.runs.get(runId);
    if (!e || e.userId !== userId) return null;
    if (e.active) {
      e.cancelled = true;
      e.abort.abort();
    }
    return viewOf(e);
  }

  /**
   * Asks a run this process does not run to stop (review R3: behind a proxy a cancel may reach
   * any process): marks it in the store, where the process running it polls (`watchCancelMark`)
   * and then cancels it as `cancel` does. Null when this manager has no marks (one process only).
   */
  async cancelElsewhere(userId: string, runId: string): Promise<CancelMarkAnswer | null> {
    return (await this.options.cancelMarks?.request(userId, runId)) ?? null;
  }

  /** Events of one run; an ended run gets its record and `end` at once. Returns the unsubscribe. */
  subscribe(userId: string, runId: string, listener: RunListener): (() => void) | null {
    const e = this.runs.get(runId);
    if (!e || e.userId !== userId) return null;
    if (!e.active) {
      listener({ type: 'record', runId, record: e.record });
      listener({ type: 'end', runId, record: e.record });
      return () => undefined;
    }
    e.listeners.add(listener);
    return () => e.listeners.delete(listener);
  }

  /**
   * Events of a run this process does not hold, `record` as just read from the store: followed by
   * its stored record (stored-run-follow.ts) when this manager has a ticker; null without one (the
   * caller then ends the stream with the record as it is). Returns the stop.
   */
  followStored(userId: string, record: RunRecord, listener: RunListener): (() => void) | null {
    const ticker = this.options.ticker;
    if (!ticker) return null;
    this.followers ??= new StoredRunFollowers(this.options.store, ticker);
    return this.followers.follow(userId, record, listener);
  }

  /**
   * Process shutdown (SIGINT/SIGTERM, tests): refuses new runs, stops every active one — requests in
   * flight are aborted — and waits until each has recorded itself `interrupted` (issue 9 §4: never
   * left `running`). Call it before the store closes.
   */
  async close(): Promise<void> {
    this.closing = true;
    const active = [...this.runs.values()].filter((e) => e.active);
    for (const e of active) {
      e.shutdown = true;
      e.cancelled = true;
      e.abort.abort();
    }
    await Promise.all(active.map((e) => e.done));
    for (const stop of this.endRetries) stop();
    this.endRetries.clear();
  }

  /**
   * `launch`, once more when the lease was refused for a run of this manager that is over (its
   * release failed): that lease is let go and the user's sync starts now, not after the reaper's
   * next sweep (a live run's lease is never let go: `endedHere` is false while it runs).
   */
  private async launchFreeing(
    userId: string,
    request: StartRequest,
  ): Promise<{ entry: Entry; firstRecord: Promise<void> }> {
    const first = await this.launch(userId, request);
    const left = await first.firstRecord.then(
      () => null,
      (e: unknown) => this.endedHolderOf(e),
    );
    if (left === null) return first;
    // Its own refusal's entry is gone first (the key free in this manager again).
    await first.entry.done;
    const owner = left.record.id;
    try {
      await this.options.store.releaseLease(left.key, owner);
    } catch {
      return first;
    }
    this.options.logger.warn({ runId: owner }, 'sync run lease let go: its run had ended here');
    return this.launch(userId, request);
  }

  /** The entry of the run named by a lease refusal when it is this manager's and over; else null. */
  private endedHolderOf(e: unknown): Entry | null {
    const id = e instanceof RunAlreadyActiveError ? e.active?.record.id : undefined;
    const left = id === undefined ? undefined : this.runs.get(id);
    return left && this.over(left) ? left : null;
  }

  private async launch(
    userId: string,
    request: StartRequest,
  ): Promise<{ entry: Entry; firstRecord: Promise<void> }> {
    const { store, clock, logger, env } = this.options;
    const settings = (await store.getSettings(userId)) ?? DEFAULT_SETTINGS;
    const key = leaseKeyOf(userId, settings.folderName);
    // Made before the reservation below, so a failing environment cannot leave the key taken.
    const abort = new AbortController();
    // The run's deliberate waits, heard from its adapters: its progress carries the one open now.
    const waits = new RunWaits(clock);
    const io: RunIo = { signal: abort.signal, waits };
    const sides = await runSides(this.options, userId, settings.folderName, request, io, this.newRunId);
    const deps = {
      ...sides,
      store,
      clock,
      logger,
      writeSettleMs: this.settleMs,
      waits,
      ...(this.options.ticker ? { ticker: this.options.ticker } : {}),
    };
    if (this.closing)
      throw new RunEnvironmentError(
        'shuttingDown',
        'The server is shutting down; run again once it is back.',
      );
    // No await between this check and the reservation below: two requests cannot both pass.
    const busy = this.activeByKey.get(key);
    if (busy) throw new RunAlreadyActiveError(viewOf(busy), { kind: 'folderBusy', runId: busy.record.id });
    const runId = request.runId ?? this.newRunId();
    const taken = this.runs.get(runId);
    if (taken)
      throw new RunAlreadyActiveError(taken.userId === userId ? viewOf(taken) : null, {
        kind: 'runIdTaken',
        runId,
      });
    const entry = newEntry(
      userId,
      key,
      placeholderRecord(runId, userId, settings.folderName, request, clock.now()),
      abort,
    );
    this.activeByKey.set(key, entry);
    this.runs.set(runId, entry);
    let started: () => void = () => undefined;
    let hadRecord = false;
    const firstRecord = new Promise<void>((resolve) => (started = resolve));
    const cancel: CancelToken = { isCancelled: () => entry.cancelled };
    const access = env.access?.(request.onBehalfOf);
    const run = runSync(
      deps,
      {
        runId,
        userId,
        mode: request.mode,
        dryRun: request.dryRun ?? false,
        trigger: request.trigger,
        ...(access ? { access } : {}),
        confirmMassDelete: request.confirmMassDelete ?? false,
      },
      {
        cancel,
        stoppedAs: () => (entry.shutdown ? 'interrupted' : 'cancelled'),
        // The store refused its save for a cancel asked at another process: stopped as `cancel` does.
        onCancelRequested: () => void this.cancel(userId, runId),
        yieldTurn: nextTurn,
        onProgress: (event) => {
          // The wait is the run's, not the phase's: kept once (RunView.waiting), cleared by the
          // event without one that core sends as it ends (core/run-wait-progress.ts).
          const { waiting, ...phase } = event;
          entry.progress = { ...entry.progress, [event.phase]: phase };
          entry.waiting = waiting ?? null;
          emitTo(this.options.logger, entry, { type: 'progress', runId, event });
        },
        onRecord: (record) => {
          entry.record = record;
          hadRecord = true;
          emitTo(this.options.logger, entry, { type: 'record', runId, record });
        },
        // The run's id is answered (POST /runs' 202) once its record is stored, so a client's next
        // request of it (events, cancel, GET) finds it at any process (review V9), not before.
        onStored: () => started(),
      },
    );
    const refused = run.then(
      () => null,
      (e: unknown) => e,
    );
    entry.done = run.then(
      (outcome) => {
        entry.plan = outcome.record.dryRun ? outcome.plan : null;
        entry.summary = outcome.plan ? summarizePlan(outcome.plan) : null;
        this.finish(entry, outcome.record);
        return outcome;
      },
      async (e: unknown) => {
        // The code (and its parameters) the run's record ends with (runErrorOf, as core/run.ts
        // records it), so a log reader filters runs by why they ended without parsing messages.
        const { code, params } = runErrorOf(e, runId);
        logger.warn(
          { runId, code, ...(params ? { params } : {}), err: e instanceof Error ? e.message : String(e) },
          'sync run ended with an error',
        );
        // An end the run stored stays; one it could not store (its record still `running`, RV8)
        // is made here, never left `running`, and stored once if the run's start was.
        if (entry.record.status !== 'running') return this.finish(entry, entry.record);
        const by = entry.shutdown ? 'interrupted' : entry.cancelled ? 'cancelled' : 'failed';
        const end = endOfRejected(entry.record, e, by, clock.now());
        entry.endUnstored = hadRecord;
        this.finish(entry, end);
        if (!hadRecord) return null;
        const once = await storeEndOnce(store, logger, end);
        if (once !== 'failed') entry.endUnstored = false;
        else if (this.options.ticker) this.retryEnd(entry, end, this.options.ticker);
        return null;
      },
    );
    // A cancel sent to another process reaches this run through its mark in the store (R3).
    const { cancelMarks, ticker } = this.options;
    if (cancelMarks && ticker) {
      const stopWatch = watchCancelMark(cancelMarks, ticker, userId, runId, () => this.cancel(userId, runId));
      void entry.done.finally(stopWatch);
    }
    // A run refused before its first record (lease held elsewhere, bad settings) is not a run at all.
    const first = Promise.race([firstRecord.then(() => null), refused]).then(async (err) => {
      if (err === null || hadRecord) return;
      this.runs.delete(runId);
      await refusalBeforeRecord(err, userId, (id) => this.get(userId, id)?.record, this.options);
    });
    return { entry, firstRecord: first };
  }

  /**
   * The end the store did not take, tried again at the next heartbeats (bounded, retryEndSave);
   * stopped at `close` (the store closes after it).
   */
  private retryEnd(entry: Entry, end: RunRecord, ticker: Ticker): void {
    const stop = retryEndSave(this.options.store, this.options.logger, end, ticker, (stored) => {
      this.endRetries.delete(stop);
      if (stored) entry.endUnstored = false;
    });
    this.endRetries.add(stop);
  }

  private finish(entry: Entry, record: RunRecord): null {
    logFinished(this.options.logger, record);
    entry.record = record;
    entry.active = false;
    entry.waiting = null;
    // Its writes may land still: the end kept the lease as long (core run.ts, RunEnd.keepMs).
    if (uncertainTotal(record.uncertain) > 0)
      entry.keptUntilMs = this.options.clock.monotonicMs() + this.settleMs;
    if (this.activeByKey.get(entry.key) === entry) this.activeByKey.delete(entry.key);
    emitTo(this.options.logger, entry, { type: 'end', runId: record.id, record });
    entry.listeners.clear();
    this.trim();
    return null;
  }

  private trim(): void {
    const finished = [...this.runs.values()].filter((e) => !e.active);
    for (const e of finished.slice(0, Math.max(0, finished.length - this.keepFinished)))
      this.runs.delete(e.record.id);
  }
}

/** The engine's lease key, from its one home (core/lease.ts). */
export { leaseKeyOf } from '../../core/lease.js';
