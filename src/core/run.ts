import { UpdatesCountedAhead } from './updates-ahead.js';
import { EntriesAhead, planSettingsOf } from './entries-ahead.js';
import type { BcChangesSeen } from './entries-ahead.js';
import { CancelRequestedError, LeaseLostError, runErrorOf } from './run-errors.js';
import { withRunErrors } from './run-error-list.js';
import { RunCancelledError } from './executor-support.js';
import { withFencedWrites } from './lease-fence.js';
import { lastFolderIdIn } from './folder.js';
import { onSide } from './sided-port.js';
import { readStoredFolderOf, runStartOf, startUnderLease } from './run-start.js';
import type { ReadAhead, RunStart } from './run-start.js';
import { answersWithCountry, countryTableOnce, withTenantCountries } from './tenant-countries.js';
import { TurnAhead, turnOwnerOf, turnTakeOf } from './turn-ahead.js';
import { markInterrupted, stopped } from './run-interrupted.js';
import { runLeased } from './run-leased.js';
import { runMoving } from './run-moving.js';
import { giveBackOpening, heldRefusal, releaseRunLeases, takeRunLease } from './run-lease-takes.js';
import {
  RECENT_RUNS,
  carriedOrigin,
  companyChangedError,
  companyNamed,
  readRecentRuns,
} from './state-origin.js';
import { SettingsError } from './run-types.js';
import type { RunDeps, RunFinish, RunHooks, RunOutcome, RunRequest } from './run-types.js';
import type { RecordCommit, RunEnd, SyncCursor, SyncScope } from './ports.js';
import { HeldEndLinks } from './end-links.js';
import { echoFreeSince } from './echo-free.js';
import type { LinkChanges } from './executor-support.js';
import { compileFilter } from './filter/index.js';
import type { CompiledFilter } from './filter/index.js';
import {
  DEFAULT_WRITE_SETTLE_MS,
  IN_TURN_FRESH_MS,
  LEASE_HEARTBEAT_MS,
  LEASE_TTL_MS,
  createTurnKey,
  leaseKeyOf,
} from './lease.js';
import { BEATING_READS, beatingAfterReads, heldPorts, leaseKeeper } from './lease-keeper.js';
import { DEFAULT_SETTINGS, startingRecord, zeroCounts } from './records.js';
import { uncertainTotal, withUncertain } from './uncertain-writes.js';
import type { RunPhaseProgress, RunRecord, SyncSettings } from './records.js';
import { progressWithWaits } from './run-wait-progress.js';

export { LEASE_TTL_MS } from './lease.js';
export { RunInProgressError, SettingsError } from './run-types.js';
export type { RunDeps, RunHooks, RunOutcome, RunRequest } from './run-types.js';
export { interruptedRecord, markInterrupted } from './run-interrupted.js';

function compileSettingsFilter(settings: SyncSettings): CompiledFilter {
  const compiled = compileFilter(settings.filter);
  if (compiled.ok) return compiled.filter;
  throw new SettingsError(compiled.errors);
}

/** A run's record as it ends by losing its lease (its last error `leaseLost`). */
function endedByLeaseLoss(record: RunRecord, runId: string): RunRecord {
  if (record.status === 'failed' && record.errors.at(-1)?.code === 'leaseLost') return record;
  const lost = runErrorOf(new LeaseLostError('leaseLost'), runId);
  return withRunErrors({ ...record, status: 'failed' }, [lost]);
}

/**
 * A run's first reads, and its lease when the store took it with them (SyncStateStore.openRun):
 * the settings (compiled: a filter that does not compile throws SettingsError, and a lease taken
 * with the reads is let go first), the recent runs (null when their read failed) and, from
 * openRun, the cursors of the folders they name. A lease the store took under another key than
 * the settings' (leaseKeyOf: a name it keys otherwise) is let go, and `held` is false.
 */
async function openRun(
  store: RunDeps['store'],
  req: RunRequest,
  holder: RunDeps['holder'],
  now: string,
): Promise<{
  settings: SyncSettings;
  filter: CompiledFilter;
  seen: RunRecord[] | null;
  cursors: ReadonlyMap<string, SyncCursor> | null;
  leaseKey: string;
  held: boolean;
  /** The records and cursors were read as good as under the lease (RunOpening.readUnderLease). */
  readUnderLease: boolean;
}> {
  if (store.openRun) {
    const defaultKey = leaseKeyOf(req.userId, DEFAULT_SETTINGS.folderName);
    const opening = await store
      .openRun({
        userId: req.userId,
        runs: RECENT_RUNS,
        owner: req.runId,
        now,
        ttlMs: LEASE_TTL_MS,
        ...(holder !== undefined ? { holder } : {}),
        defaultKey,
      })
      .catch(async (e: unknown) => {
        await giveBackOpening(store, req, defaultKey);
        throw e;
      });
    const settings = opening.settings ?? DEFAULT_SETTINGS;
    const leaseKey = leaseKeyOf(req.userId, settings.folderName);
    const taken = opening.leaseKey;
    const compiled = compileFilter(settings.filter);
    if (taken !== null && (taken !== leaseKey || !compiled.ok)) await store.releaseLease(taken, req.runId);
    if (!compiled.ok) throw new SettingsError(compiled.errors);
    return {
      settings,
      filter: compiled.filter,
      seen: opening.runs,
      cursors: opening.cursors,
      leaseKey,
      held: taken === leaseKey,
      readUnderLease: taken === leaseKey && opening.readUnderLease,
    };
  }
  const [settingsRead, earlyRuns] = await Promise.allSettled([
    store.getSettings(req.userId),
    readRecentRuns(store, req.userId),
  ]);
  if (settingsRead.status === 'rejected') throw settingsRead.reason;
  const settings = settingsRead.value ?? DEFAULT_SETTINGS;
  const filter = compileSettingsFilter(settings);
  return {
    settings,
    filter,
    seen: earlyRuns.status === 'fulfilled' ? earlyRuns.value : null,
    cursors: null,
    // rule runs.lease: one run at a time per user and folder.
    leaseKey: leaseKeyOf(req.userId, settings.folderName),
    held: false,
    readUnderLease: false,
  };
}

/**
 * One sync run for one user, end to end: lease, folder, recovery of lost creates, reading both
 * sides, planning, the mass-delete guard, executing, and the cursor and run record.
 *
 * Per-item write failures do not throw: they end in the record (`errors`, status `failed`) and the
 * skipped list. A cancelled run resolves with status `cancelled` (also when Cancel aborted a request
 * in flight and the port threw); a held run with status `held`.
 *
 * @throws SettingsError the saved filter does not compile (before any lease or record).
 * @throws RunInProgressError another run holds the lease of this user and folder (nothing written).
 * @throws PortFailure a read or folder operation of a port failed (`kind` says why).
 * @throws StateStoreRefusal the state store refused a value (see state-refusal.ts).
 * @throws LeaseLostError the run lost its lease to another run (run-errors.ts; recorded as `leaseLost`).
 * A cancel asked at any process (the store refuses the run's next save of its `running` record:
 * CancelRequestedError) stops the run as `hooks.cancel` does: it ends `cancelled`.
 * Anything thrown after the lease is taken is recorded first (status `failed`, the message in
 * `errors`) and the lease is released; the cursor is not moved, so the next run reads the same changes.
 */
export async function runSync(given: RunDeps, req: RunRequest, asked: RunHooks = {}): Promise<RunOutcome> {
  // The run's cancel: its host's (the pane's Cancel, a cancel at the process running it), or one
  // asked at any other place, which the store makes known by refusing the run's next save of its
  // record (`cancelRequested` below). Every step asks this one token.
  let cancelRequested = false;
  const hooks: RunHooks = {
    ...asked,
    cancel: { isCancelled: () => cancelRequested || (asked.cancel?.isCancelled() ?? false) },
  };
  const requestedCancel = (e: unknown): void => {
    if (!(e instanceof CancelRequestedError) || cancelRequested) return;
    cancelRequested = true;
    // The host stops the run as its own cancel does (the requests in flight are aborted).
    asked.onCancelRequested?.();
  };
  // A failed port call says which side and method failed (F51), whichever step of the run made it.
  let deps: RunDeps = {
    ...given,
    bc: onSide(given.bc, 'bc', { id: given.bc.companyId, name: given.bc.companyName }),
    mailbox: onSide(given.mailbox, 'outlook'),
  };
  const { store, clock } = deps;
  const settleMs = deps.writeSettleMs ?? DEFAULT_WRITE_SETTLE_MS;
  // The recent runs read beside the settings name the folder the runs before synced: its cursor is
  // asked for beside the lease (issue 12 §2: settings, lease, recent runs and cursor were four
  // round trips one after another before the first read). A guess only: every decision is made on
  // the runs and the cursor read under the lease (run-start.ts startUnderLease). A store that opens
  // a run in one step (openRun) reads them all and takes the lease in one round trip, and says
  // when those reads are as good as under the lease (then not read again).
  const takenAtMs = clock.monotonicMs();
  const opened = await openRun(store, req, deps.holder, clock.now());
  const { settings, filter, seen, leaseKey } = opened;
  const guessedId = seen === null ? null : lastFolderIdIn(seen, req.userId, settings.folderName);
  const cursorSeen =
    guessedId === null
      ? null
      : opened.cursors
        ? Promise.resolve(opened.cursors.get(guessedId) ?? null)
        : store.getCursor({ userId: req.userId, folderId: guessedId });
  cursorSeen?.catch(() => undefined);
  const lease = opened.held
    ? ({ ok: true } as const)
    : await takeRunLease(store, leaseKey, req.runId, clock.now(), deps.holder).catch(async (e: unknown) => {
        await cursorSeen?.catch(() => undefined);
        throw e;
      });
  if (!lease.ok) {
    await cursorSeen?.catch(() => undefined);
    throw await heldRefusal(store, req.userId, lease.heldBy);
  }
  // Every state write of the run from here on lands only while it holds the lease (lease-fence.ts):
  // a run whose renewals were lost but which goes on writing is refused at the store.
  // A dry run writes nothing: its store stays as given (a test sees any write it would make).
  const fenced = req.dryRun
    ? store
    : // Each save announcing a write call keeps the lease until that call can no longer land
      // (store/announced-keep.ts): a holder that dies with it out holds every other host off till then.
      withFencedWrites(store, store.fenced({ key: leaseKey, owner: req.runId, settleMs }));
  // Where the run's record is saved: through the fence, a dry run's too (review V3: a dry run stores
  // its record, flagged `dryRun`, so every process answers its GET, events and cancel; the store's
  // listRuns skips it, so no reader of "the user's runs" sees it). Its one write.
  let records = req.dryRun ? store.fenced({ key: leaseKey, owner: req.runId }) : fenced;
  // One keeper renews every lease the run holds and saves how far the run got (F11: a run whose
  // holder dies during a long read or between the executor's checkpoints is marked interrupted
  // with it): the run beats it between pages, after every read and between planning steps; the
  // host's ticker, where there is one, renews on its own schedule too. The keeper and the record
  // use the store as given (their own calls do not beat). Kept from the lease on: the reads that
  // start with it beat it; the record's checkpoint joins once the record exists (below).
  const heldKeys = [leaseKey];
  let checkpointNow = async (): Promise<void> => undefined;
  const keeper = leaseKeeper({
    store,
    clock,
    owner: req.runId,
    keys: heldKeys,
    checkpoint: () => checkpointNow(),
    takenAtMs,
  });
  const beat = keeper.beat;
  // A lease the store took with the opening may reach its disk only with the run's next write that
  // waits for it (SyncStateStore.openRun): the first save of the record, fenced on the lease's row.
  // No BC or Graph write goes out before that save answered, so none goes out on a lease a crash
  // of the database could forget; the reads do not wait. A failed first save shuts the gate for
  // good: the run stops there anyway (runLeased awaits that save once it has planned, before it
  // writes or records anything of the plan).
  let onDisk = (): void => undefined;
  let notOnDisk = (_e: unknown): void => undefined;
  const leaseOnDisk =
    opened.held && !req.dryRun
      ? new Promise<void>((resolve, reject) => {
          onDisk = resolve;
          notOnDisk = reject;
        })
      : Promise.resolve();
  leaseOnDisk.catch(() => undefined);
  const held = async (): Promise<void> => {
    await leaseOnDisk;
    // A cancel the store made known, or the host's own: no write goes out after it (one whose
    // step did not ask the token itself: the folder's creation, a send again after a wait).
    if (cancelRequested) throw new CancelRequestedError();
    if (asked.cancel?.isCancelled()) throw new RunCancelledError('cancelled');
    await keeper.confirm();
  };
  // Before a write no save announced right before it (the folder's creation and rename) and a send
  // again after a wait: the record saved now, so a cancel marked at any process since the run's
  // last save is seen (the store refuses the save: review V10). Nothing before the record exists:
  // a run not stored yet cannot be cancelled elsewhere (its id is answered once stored, V9).
  const fresh = async (): Promise<void> => {
    await checkpointNow();
    await held();
  };
  // When the record's last save that the store took was sent (`clock.monotonicMs()`): a cancel
  // marked before then was refused by it. Any save counts, a checkpoint's and a renewal's too.
  let savedAtMs = -Infinity;
  // Before a send in its turn (Graph asks before every envelope): a save only once a while
  // (IN_TURN_FRESH_MS), not one per envelope inside the mailbox's turn.
  const inTurn = (): Promise<void> =>
    clock.monotonicMs() - savedAtMs >= IN_TURN_FRESH_MS ? fresh() : held();
  // The ports as the run reads and writes them: each read beats the lease, and each write goes out
  // only while the lease is known held (lease-keeper.ts), whichever step makes it: the executor's
  // groups, the folder's creation, a folder move's rename and removal of the old copies.
  const leasedPorts = (bc: RunDeps['bc']) => {
    const ports = heldPorts(
      {
        bc: beatingAfterReads(bc, BEATING_READS.bc, beat),
        mailbox: beatingAfterReads(deps.mailbox, BEATING_READS.mailbox, beat),
        store: beatingAfterReads(fenced, BEATING_READS.store, beat),
      },
      held,
      fresh,
      inTurn,
    );
    return { ...ports, countries: countryTableOnce(ports.bc) };
  };
  // The user's recent run records, read once under the lease (issue 12: the host's company pick,
  // the state's origin, leftover `running` records and the folder id each read them): a record
  // still `running` under it is one whose holder died. A delta run's reads start before (run-start.ts).
  let start: RunStart;
  let ahead: ReadAhead<ReturnType<typeof leasedPorts> & { turnAhead: TurnAhead | null }> | null = null;
  let cursorAhead: Promise<SyncCursor | null> | null;
  // The save of the record of the run's start, once sent (the entries ahead wait for it).
  let recordStarted: Promise<void> | null = null;
  // A run that stops before its work starts (below, up to the `try`) keeps nothing it took (runSync's
  // contract): its reads ahead are let finish and what they took let go (the create turn), and every
  // lease it holds is released. One way out for every step, not one per step.
  const letGo = async (): Promise<void> => {
    await ahead?.read.catch(() => undefined);
    await ahead?.drop();
    await releaseRunLeases(store, heldKeys, req.runId, deps.logger);
  };
  try {
    ({
      start,
      ahead,
      cursor: cursorAhead,
    } = await startUnderLease(
      store,
      req,
      { runs: seen, folderId: guessedId, cursor: cursorSeen, underLease: opened.readUnderLease },
      (runs) => runStartOf(store, { given: given.bc, sided: deps.bc }, req.userId, settings.folderName, runs),
      (seenStart, folderId) => {
        const ports = leasedPorts(seenStart.bc);
        const mailbox = withTenantCountries(ports.mailbox, ports.countries);
        // The records the reads start on say whether the delta can report an echo (echo-free.ts);
        // reads kept only if the records read under the lease are the same (startUnderLease).
        const counted = new UpdatesCountedAhead();
        const entries = req.dryRun
          ? null
          : new EntriesAhead(ports.store, planSettingsOf(settings, filter, req), () => recordStarted);
        const stored = {
          folderId,
          cursor: cursorSeen ?? undefined,
          echoFree: echoFreeSince(seenStart.runs, folderId),
          onBcLinked: (outlookIds: readonly string[]) => counted.tell(outlookIds),
          // Outlook answers the updates of BC's changes with the contact, read through the tenant's
          // table: asked now, while Graph still reads, not between the plan and the first write
          // (issue 12, delta-bc-1pct: its request and its answer's work went on the PATCH's path).
          ...(entries
            ? {
                onBcChanges: (seen: BcChangesSeen) => {
                  if (entries.plan(seen).some(answersWithCountry)) ports.countries.soon();
                },
              }
            : {}),
        };
        // The company's create turn the delta's new contacts may take, as runLeased's (turn-ahead.ts).
        const turnAhead = req.dryRun ? null : new TurnAhead({ store: ports.store, clock, bc: ports.bc });
        const owner = turnOwnerOf({ userId: req.userId, folderId });
        const onNew = (emails: readonly string[], reads: number) =>
          turnAhead?.start(owner, emails, reads, turnTakeOf(req.runId, 'ahead')) ?? null;
        const read = readStoredFolderOf({ ...ports, mailbox }, req, settings, stored, beat, onNew);
        const drop = async () => {
          await entries?.settled();
          await turnAhead?.release().catch(() => undefined);
        };
        return { ports: { ...ports, turnAhead }, read, counted, entries, drop };
      },
    ));
  } catch (e) {
    await letGo();
    throw e;
  }
  const { moving, known, changed } = start;
  const recent = start.runs;
  deps = { ...deps, bc: start.bc };
  // A folder move is due when the state belongs to another folder than the settings name (F73). A
  // real run then holds the old folder's lease too: a run still going there (started before the
  // settings changed) must end before its state moves.
  // A change of case only keys the same lease (leaseKeyOf case-folds): held already.
  const movingKey = moving && !req.dryRun ? leaseKeyOf(req.userId, moving.folderName) : null;
  const oldKey = movingKey === leaseKey ? null : movingKey;
  if (oldKey !== null) {
    const old = await takeRunLease(store, oldKey, req.runId, clock.now(), deps.holder).catch(
      async (e: unknown) => {
        await letGo();
        throw e;
      },
    );
    if (!old.ok) {
      await letGo();
      throw await heldRefusal(store, req.userId, old.heldBy);
    }
    heldKeys.push(oldKey);
  }
  // Holding the lease proves that no other run of this folder is alive: records still `running`
  // belong to holders that died (SIGKILL, a closed pane, a crash) — they were interrupted. Under
  // every key held: a run that died while moving the folder left its record naming the old folder
  // (crash-hosts model combinations seed 8008), which no run under the new name marked, for ever
  // `running` (the sync API marks under each key a lease is taken for: HttpSyncStateStore).
  if (!req.dryRun && !store.marksInterruptedOnLease)
    for (const key of heldKeys)
      await markInterrupted(fenced, req.userId, req.runId, key, clock.now(), recent).catch(
        async (e: unknown) => {
          await letGo();
          throw e;
        },
      );
  const started = clock.monotonicMs();
  // rule runs.record: every run keeps a record, saved as it goes and once more when it ends.
  let record: RunRecord = startingRecord(
    { ...req, id: req.runId, folderName: settings.folderName },
    clock.now(),
  );
  // The record's saves go out one after another (a heartbeat's checkpoint and the run's own
  // saves may overlap; over HTTP, overlapping PUTs may land in any order).
  // The first save is flushed: it makes the lease of the run's opening durable (`leaseOnDisk`).
  let saved: Promise<void> = Promise.resolve();
  let stopHeartbeat = (): void => undefined;
  const save = (r: RunRecord, commit: RecordCommit = 'flushed'): Promise<void> =>
    (saved = saved
      .catch(() => undefined)
      .then(() => {
        const at = clock.monotonicMs();
        return records.saveRun(r, commit).then(() => {
          savedAtMs = Math.max(savedAtMs, at);
        });
      })
      .then(
        () => {
          if (commit === 'flushed') onDisk();
        },
        (e: unknown) => {
          // Refused for a cancel asked elsewhere (the write this save announced does not go out).
          requestedCancel(e);
          notOnDisk(e);
          throw e;
        },
      ));
  // The run's end goes after them too: its cursor, its record and the release of its lease in one
  // store call (issue 12 §2: three round trips one after another after the last write), fenced.
  let released = false;
  // The links of the run's last writes, stored with its end (end-links.ts), whichever way it ends.
  const endLinks = new HeldEndLinks();
  // The ends sent (an end whose answer was lost may have landed: `finish` finds it stored).
  const sentEnds: RunRecord[] = [];
  const end = (r: RunRecord, cursor: RunEnd['cursor']): Promise<void> =>
    (saved = saved
      .catch(() => undefined)
      .then(async () => {
        // No renewal after the release: a late one would find the lease gone and warn of its loss.
        stopHeartbeat();
        // The entries stored ahead that no write took go too (a dry run stores none).
        await ahead?.entries?.settled();
        const spare = ahead?.entries?.unused();
        if (spare) endLinks.clearToo(spare.scope, spare.keys);
        // Taken: an end the store refused (a refusal of the links) is retried without them, as
        // a run whose upsert was refused ended without those links.
        const links = endLinks.take();
        sentEnds.push(r);
        return store.endRun({
          fence: { key: leaseKey, owner: req.runId },
          run: r,
          cursor,
          ...(links ? { links } : {}),
          // Writes sent without an answer may still land (brief cancelkeep: a Sync right after a
          // Cancel made the contact whose aborted create landed later again): the folder is kept.
          ...(uncertainTotal(r.uncertain) > 0 ? { keepMs: settleMs } : {}),
        });
      })
      .then(() => {
        released = true;
      }));
  const finish: RunFinish = async (status, patch, cursor) => {
    const stats = deps.mailbox.stats?.() ?? null;
    // A record lists what one state request takes (RUN_ERRORS_KEPT), however many items failed.
    // However it ended (cancelled, failed, lease lost, succeeded with lost answers), F114; and
    // none once every write answered, whatever a checkpoint saved while they were out (F126).
    const ending = withUncertain(record, uncertain);
    record = withRunErrors({
      ...ending,
      // The progress of the run's end, not of its last checkpoint (F55: an ended run said "outlook
      // 1400/1500" after writing all 1,500): every host that reads the record shows the same.
      ...(progress.size > 0 ? { progress: [...progress.values()] } : {}),
      ...patch,
      // A run that synced names its company (F95: one held or failed does not claim the state).
      ...(status === 'succeeded' ? companyNamed(deps.bc) : {}),
      status,
      finishedAt: clock.now(),
      durationMs: wholeMs(clock.monotonicMs() - started),
      graph: stats,
    });
    // An end sent before that threw may have landed all the same: its answer lost, or only its
    // last part failed (the pane's end over HTTP: the record landed, then the release failed, the
    // lease still held). Found stored, it is the run's end and stays; the lease goes as the run
    // settles (releaseRunLeases). Sent again, a failed end was stored over the run's succeeded or
    // cancelled one (leaks item 3; e3cd58d below covers an end the fence refuses).
    const storedEnd = !released && sentEnds.length > 0 ? await endStoredOf(store, req, sentEnds) : null;
    if (storedEnd) record = storedEnd;
    // An end already stored stays (a hook that threw after it): the lease is another run's now.
    // A dry run's end is its record and the release of its lease (no cursor, no links): one step.
    if (!released && !storedEnd)
      await end(record, req.dryRun ? undefined : cursor).catch(async (e: unknown) => {
        if (!(e instanceof LeaseLostError)) throw e;
        // An end sent before whose answer was lost may have landed, the lease going with it: the
        // fence refuses this one then. That stored end is the run's truth and stays (leaks RV8: a
        // run that synced, or was cancelled, was stored over as failed by a lost lease). Only one
        // of its own: a record another run marked interrupted is the loss below.
        const stored = sentEnds.length > 1 ? await store.getRun(req.userId, req.runId) : null;
        if (stored && sentEnds.slice(0, -1).some((r) => sameEnd(r, stored))) {
          record = stored;
          return;
        }
        // The fence refused it: the run lost the folder. Its own end is still its truth, and a
        // failed record claims no state (F95): saved outside the fence as ended by the loss.
        record = endedByLeaseLoss(record, req.runId);
        await store.saveRun(record);
      });
    hooks.onRecord?.(record);
    return record;
  };
  // The latest event of each phase, saved with the record while the run works (checkpoint).
  const progress = new Map<RunPhaseProgress['phase'], RunPhaseProgress>();
  // Each event carries the wait open now (run-waits.ts), and a wait's start and end send the latest again.
  const withWaits = progressWithWaits(hooks.onProgress, deps.waits);
  const tracked: RunHooks = {
    ...hooks,
    onProgress: (event) => {
      progress.set(event.phase, { phase: event.phase, done: event.done, total: event.total });
      withWaits.onProgress(event);
    },
  };
  // Filled by the executor as each write succeeds: what a run that fails half-way records.
  const written = zeroCounts();
  // Writes sent and not (or not knowably) answered: they may have landed (F114). Every record of
  // the run carries them — a checkpoint's (what an interrupted run keeps) and its end's.
  const uncertain = zeroCounts();
  const checkpoint = async (): Promise<void> => {
    // An ended run's record is saved by `finish` only (a late heartbeat must not undo it).
    if (record.status !== 'running') return;
    // The writes so far and the time so far go with it: a run whose holder dies is marked
    // interrupted with them (F56: it said 0 writes in 0 ms after ~500 updates).
    record = withUncertain(
      {
        ...record,
        progress: [...progress.values()],
        counts: { bc: { ...written.bc }, outlook: { ...written.outlook } },
        durationMs: wholeMs(clock.monotonicMs() - started),
      },
      uncertain,
    );
    // Unflushed (RecordCommit; issue 12: the flush was most of the store round trip between a
    // delta's plan and its first write). What a checkpoint carries is for the user and outlives the
    // run's process and host: how far it got, what it wrote, the writes sent without an answer
    // (F114), the folder. No step of the next run reads it to find a write again: an Outlook create
    // is found by its pending-create record (flushed before the create goes out, executor-outlook.ts),
    // every other write through the changes read again from the cursor this run has not moved, the
    // folder by its name. A crash of the database server before the log's flush (wal_writer_delay,
    // or any later flushed commit of any session) loses only what the record says.
    // A dry run's too: how far it got, for a process that follows its events from the store (V3).
    await save(record, 'unflushed');
  };
  checkpointNow = checkpoint;
  stopHeartbeat =
    deps.ticker?.(LEASE_HEARTBEAT_MS, () =>
      keeper.renew().then(
        (ok) => {
          if (!ok) deps.logger.warn({ runId: req.runId }, 'run.leaseLost');
        },
        (e: unknown) => deps.logger.warn({ runId: req.runId, err: String(e) }, 'run.heartbeatFailed'),
      ),
    ) ?? (() => undefined);
  const { countries, turnAhead, ...ports } = ahead?.ports ?? {
    ...leasedPorts(deps.bc),
    turnAhead: undefined,
  };
  const leasedDeps: RunDeps = { ...deps, ...ports };
  // The first progress goes into the first record: a run that dies while reading says so.
  tracked.onProgress?.({ phase: 'reading', done: 0, total: 2 });
  record = { ...record, progress: [...progress.values()] };
  // The folder the sync API answers for (issue 9 §2): saved with the record's next save (before
  // the first write, or at the end) — no request of its own for the pane's engine.
  const useFolder = (folderId: string): void => {
    record = { ...record, folderId };
    // The company's create turn this folder's BC creates go out under (executor-bc.ts): each save
    // announcing them keeps it as far as the lease (LeaseFence.turn), in the same store step, so a
    // holder that dies with them out holds every colleague's creator off until they can no longer
    // land, at no store round of its own.
    if (!req.dryRun) {
      const turn = {
        key: createTurnKey(leasedDeps.bc.companyId),
        owner: turnOwnerOf({ userId: req.userId, folderId }),
      };
      records = withFencedWrites(store, store.fenced({ key: leaseKey, owner: req.runId, settleMs, turn }));
    }
  };
  try {
    if (changed !== null) {
      // The refused run carries the state over, as every run carries its folder: its record names
      // the state's company and folder, not its own company (F95: it claims nothing). Else 20 such
      // records (RECENT_RUNS) hid both, and the next run for the other company synced against the
      // old one's links (review R2: its copies deleted).
      const folder =
        moving ??
        (start.storedFolderId === null
          ? null
          : { folderId: start.storedFolderId, folderName: settings.folderName });
      record = {
        ...record,
        ...carriedOrigin({ folder, companyId: changed.from, companyName: changed.fromName ?? null }),
      };
      return {
        record: await finish('failed', { errors: [companyChangedError(req.runId, changed)] }),
        plan: null,
      };
    }
    // Named only now: a run the check stopped must not make the new company the state's; with no
    // known company, only a run that succeeds names it (finish).
    if (known !== null) record = { ...record, ...companyNamed(deps.bc) };
    const leased = {
      finish,
      checkpoint,
      useFolder,
      written,
      uncertain,
      beat,
      confirm: held,
      inTurn,
      // Not in a dry run: it writes nothing, and its end stores nothing.
      ...(req.dryRun ? {} : { endLinks: (scope: SyncScope, c: LinkChanges) => endLinks.add(scope, c) }),
    };
    if (moving) {
      // Until the move is done the record names the old folder, under its old name: a run that
      // stops half-way leaves the state where it was, and the next run moves again.
      record = { ...record, folderName: moving.folderName, folderId: moving.folderId };
      await save(record);
      hooks.onRecord?.(record);
      hooks.onStored?.();
      return await runMoving(
        leasedDeps,
        req,
        tracked,
        { settings, filter, from: moving },
        {
          ...leased,
          rename: (folderName) => {
            record = { ...record, folderName };
          },
          save: async () => {
            if (!req.dryRun) await save(record);
          },
        },
      );
    }
    const { storedFolderId } = start;
    if (storedFolderId !== null) record = { ...record, folderId: storedFolderId };
    const storedCursor = storedFolderId !== null && storedFolderId === guessedId ? cursorAhead : null;
    // Saved while the sides are read (a round trip less before the first read, issue 12 §2):
    // the run awaits it once it has planned, so nothing is written before the record of its start.
    const started = (recordStarted = save(record));
    // The reads go on beside the save; a host answering the run's id waits for it (V9).
    started.then(
      () => hooks.onStored?.(),
      () => undefined,
    );
    hooks.onRecord?.(record);
    return await runLeased(leasedDeps, req, tracked, settings, filter, {
      ...leased,
      started,
      storedFolderId,
      countries,
      ...(turnAhead !== undefined ? { turnAhead } : {}),
      ...(storedCursor ? { storedCursor } : {}),
      ...(ahead ? { lastRead: ahead.read, countedAhead: ahead.counted } : {}),
      ...(ahead?.entries ? { entriesAhead: ahead.entries } : {}),
    });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const error = runErrorOf(e, req.runId);
    // Cancel aborts the requests in flight (issue 9 §3): whatever they threw, the run was cancelled.
    if (hooks.cancel?.isCancelled()) {
      deps.logger.info({ runId: req.runId, err: message }, 'run.cancelled');
      return { record: await finish(...stopped(hooks, req.runId, { counts: written })), plan: null };
    }
    deps.logger.error({ runId: req.runId, err: message, code: error.code }, 'run.failed');
    await finish('failed', { counts: written, errors: [...record.errors, error] });
    throw e;
  } finally {
    // Asked before the run knew whether it would use them: settled, so no read outlives the run.
    await Promise.allSettled([cursorSeen, cursorAhead, ahead?.read]);
    // Let go by runLeased when it ran; else (a failure before it) here.
    await ahead?.drop();
    stopHeartbeat();
    withWaits.stop();
    // The new name's released with the record (`end`) unless the run ended otherwise (a dry run,
    // an end refused or not stored). Never thrown: the run's ending or its error is what it says.
    const left = [...(oldKey !== null ? [oldKey] : []), ...(released ? [] : [leaseKey])];
    const mayLand = uncertainTotal(uncertain) > 0 ? { now: clock.now(), ms: settleMs } : undefined;
    await releaseRunLeases(store, left, req.runId, deps.logger, mayLand);
  }
}

/** The run's stored record when it is one of the ends it sent (null when not, or unread). */
async function endStoredOf(
  store: RunDeps['store'],
  req: RunRequest,
  sent: readonly RunRecord[],
): Promise<RunRecord | null> {
  const stored = await store.getRun(req.userId, req.runId).catch(() => null);
  return stored && sent.some((r) => sameEnd(r, stored)) ? stored : null;
}

/** Whether `stored` is the end `sent` (its status and the time it ended). */
const sameEnd = (sent: RunRecord, stored: RunRecord): boolean =>
  sent.status === stored.status && sent.finishedAt === stored.finishedAt;

/** A record's duration in whole milliseconds (a monotonic clock's fractions are no figure a user reads: newuser F6). */
const wholeMs = (ms: number): number => Math.round(ms);
