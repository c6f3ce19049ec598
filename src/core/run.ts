import { executePlan } from './executor.js';
import { LeaseLostError, cancelledError, heldError, interruptedError, runErrorOf } from './run-errors.js';
import { completeDeltaViews } from './delta-reads.js';
import { lastFolderId, syncFolder } from './folder.js';
import { countryTableOnce, withTenantCountries } from './tenant-countries.js';
import {
  outcomeCounts,
  previewPlan,
  recordOutcome,
  recordPlannedConflicts,
  recoverPendingCreates,
} from './run-steps.js';
import { RunLinks } from './run-links.js';
import { onSide } from './sided-port.js';
import { isInScope } from './scope.js';
import type { BcContact } from './model.js';
import type { CancelToken, ProgressEvent } from './executor.js';
import { compileFilter } from './filter/index.js';
import type { CompiledFilter, FilterSyntaxError } from './filter/index.js';
import type { Plan, PlanGuard, PlanInput } from './plan.js';
import type { BcView, OutlookView } from './plan.js';
import { LEASE_HEARTBEAT_MS, LEASE_TTL_MS, leaseKeyOf } from './lease.js';
import type { Ticker } from './lease.js';
import { planSync } from './planner.js';
import type {
  BcContacts,
  Clock,
  KnownVersions,
  LeaseHolder,
  Logger,
  Mailbox,
  SyncCursor,
  SyncScope,
  SyncStateStore,
} from './ports.js';
import { DEFAULT_SETTINGS, zeroCounts } from './records.js';
import type {
  RunPhaseProgress,
  SideCounts,
  RunRecord,
  RunStatus,
  RunAccess,
  RunTrigger,
  SyncMode,
  SyncSettings,
} from './records.js';

export { LEASE_TTL_MS } from './lease.js';

/** The saved filter does not compile: each field with the parser's error (the edge words it). */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
  constructor(readonly fields: readonly { field: string; error: FilterSyntaxError }[]) {
    super('invalidSettings');
  }
}

/** Another run holds the lease for this user and folder (`heldBy`: its run id and lease end). */
export class RunInProgressError extends Error {
  override readonly name = 'RunInProgressError';
  constructor(readonly heldBy: { owner: string; expiresAt: string }) {
    super('runInProgress');
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
  readonly cancel?: CancelToken;
  /** Called with the record whenever it changes (start, after planning, at the end). */
  readonly onRecord?: (record: RunRecord) => void;
  /**
   * How a run stopped by `cancel` ends: `cancelled` (the user asked, the default) or `interrupted`
   * (its host is shutting down — nobody chose to stop it, issue 9 §4).
   */
  readonly stoppedAs?: () => 'cancelled' | 'interrupted';
}

export interface RunOutcome {
  readonly record: RunRecord;
  readonly plan: Plan | null;
}

function compileSettingsFilter(settings: SyncSettings): CompiledFilter {
  const compiled = compileFilter(settings.filter);
  if (compiled.ok) return compiled.filter;
  throw new SettingsError(compiled.errors);
}

/** A stable fingerprint of the filter: a changed filter forces a full read of BC. */
function filterKey(filter: Readonly<Record<string, string>>): string {
  const entries = Object.entries(filter)
    .filter(([, v]) => v.trim() !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(entries);
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
 * @throws Error the run lost its lease to another run between chunks.
 * Anything thrown after the lease is taken is recorded first (status `failed`, the message in
 * `errors`) and the lease is released; the cursor is not moved, so the next run reads the same changes.
 */
export async function runSync(given: RunDeps, req: RunRequest, hooks: RunHooks = {}): Promise<RunOutcome> {
  // A failed port call says which side and method failed (F51), whichever step of the run made it.
  const deps: RunDeps = { ...given, bc: onSide(given.bc, 'bc'), mailbox: onSide(given.mailbox, 'outlook') };
  const { store, clock } = deps;
  const settings = (await store.getSettings(req.userId)) ?? DEFAULT_SETTINGS;
  const filter = compileSettingsFilter(settings);
  const leaseKey = leaseKeyOf(req.userId, settings.folderName);
  const lease = await store.acquireLease(leaseKey, req.runId, clock.now(), LEASE_TTL_MS, deps.holder);
  if (!lease.ok) throw new RunInProgressError(lease.heldBy);
  // Holding the lease proves that no other run of this folder is alive: records still `running`
  // belong to holders that died (SIGKILL, a closed pane, a crash) — they were interrupted.
  if (!req.dryRun && !store.marksInterruptedOnLease)
    await markInterrupted(store, req.userId, req.runId, leaseKey, clock.now());
  const started = clock.monotonicMs();
  let record: RunRecord = {
    id: req.runId,
    userId: req.userId,
    folderName: settings.folderName,
    mode: req.mode,
    dryRun: req.dryRun,
    trigger: req.trigger,
    ...(req.access ? { access: req.access } : {}),
    status: 'running',
    startedAt: clock.now(),
    finishedAt: null,
    durationMs: 0,
    counts: zeroCounts(),
    skipped: 0,
    conflicts: 0,
    errors: [],
    held: null,
    graph: null,
  };
  // The record's saves go out one after another (a heartbeat's checkpoint and the run's own
  // saves may overlap; over HTTP, overlapping PUTs may land in any order).
  let saved: Promise<void> = Promise.resolve();
  const save = (r: RunRecord): Promise<void> =>
    (saved = saved.catch(() => undefined).then(() => store.saveRun(r)));
  const finish = async (status: RunStatus, patch: Partial<RunRecord>): Promise<RunRecord> => {
    const stats = deps.mailbox.stats?.() ?? null;
    record = {
      ...record,
      ...patch,
      status,
      finishedAt: clock.now(),
      durationMs: clock.monotonicMs() - started,
      graph: stats,
    };
    if (!req.dryRun) await save(record);
    hooks.onRecord?.(record);
    return record;
  };
  // The latest event of each phase, saved with the record while the run works (checkpoint).
  const progress = new Map<RunPhaseProgress['phase'], RunPhaseProgress>();
  const tracked: RunHooks = {
    ...hooks,
    onProgress: (event) => {
      progress.set(event.phase, { phase: event.phase, done: event.done, total: event.total });
      hooks.onProgress?.(event);
    },
  };
  // Filled by the executor as each write succeeds: what a run that fails half-way records.
  const written = zeroCounts();
  const checkpoint = async (): Promise<void> => {
    // An ended run's record is saved by `finish` only (a late heartbeat must not undo it).
    if (record.status !== 'running') return;
    // The writes so far and the time so far go with it: a run whose holder dies is marked
    // interrupted with them (F56: it said 0 writes in 0 ms after ~500 updates).
    record = {
      ...record,
      progress: [...progress.values()],
      counts: { bc: { ...written.bc }, outlook: { ...written.outlook } },
      durationMs: clock.monotonicMs() - started,
    };
    if (!req.dryRun) await save(record);
  };
  // Each heartbeat renews the lease and saves how far the run got (F11: a run whose holder dies
  // during a long read or between the executor's checkpoints is marked interrupted with it).
  const stopHeartbeat =
    deps.ticker?.(LEASE_HEARTBEAT_MS, () =>
      Promise.all([store.renewLease(leaseKey, req.runId, clock.now(), LEASE_TTL_MS), checkpoint()]).then(
        ([ok]) => {
          if (!ok) deps.logger.warn({ runId: req.runId }, 'run.leaseLost');
        },
        (e: unknown) => deps.logger.warn({ runId: req.runId, err: String(e) }, 'run.heartbeatFailed'),
      ),
    ) ?? (() => undefined);
  // The first progress goes into the first record: a run that dies while reading says so.
  tracked.onProgress?.({ phase: 'reading', done: 0, total: 2 });
  record = { ...record, progress: [...progress.values()] };
  // The folder the sync API answers for (issue 9 §2): saved with the record's next save (before
  // the first write, or at the end) — no request of its own for the pane's engine.
  const useFolder = (folderId: string): void => {
    record = { ...record, folderId };
  };
  try {
    const storedFolderId = await lastFolderId(store, req.userId, settings.folderName);
    if (storedFolderId !== null) record = { ...record, folderId: storedFolderId };
    if (!req.dryRun) await save(record);
    hooks.onRecord?.(record);
    return await runLeased(deps, req, tracked, settings, filter, leaseKey, {
      finish,
      checkpoint,
      storedFolderId,
      useFolder,
      written,
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
    stopHeartbeat();
    await store.releaseLease(leaseKey, req.runId);
  }
}

/**
 * The end of a run `cancel` stopped: cancelled by the user, or interrupted by a shutdown; either
 * way the last error says which (issue 9: every run that did not sync says why as a code).
 */
function stopped(hooks: RunHooks, runId: string, patch: Partial<RunRecord>): [RunStatus, Partial<RunRecord>] {
  const by = hooks.stoppedAs?.() === 'interrupted' ? 'interrupted' : 'cancelled';
  const end = by === 'interrupted' ? interruptedError(runId, 'shutdown') : cancelledError(runId);
  return [by, { ...patch, errors: [...(patch.errors ?? []), end] }];
}

/** How many recent runs are checked for interrupted ones when a run takes the lease. */
const INTERRUPTED_SCAN = 20;

/**
 * Marks the user's runs under this lease key that are still `running` (other than `runId`) as
 * `interrupted`: when it became known (`now`), with the counts they had saved. Call it only while
 * holding the lease: then no other run of that folder is alive. A store that grants leases over
 * HTTP does this on its side (`marksInterruptedOnLease`), saving the pane a request per run.
 */
export async function markInterrupted(
  store: SyncStateStore,
  userId: string,
  runId: string,
  leaseKey: string,
  now: string,
): Promise<void> {
  const runs = await store.listRuns(userId, INTERRUPTED_SCAN);
  for (const r of runs) {
    if (r.status !== 'running' || r.id === runId || leaseKeyOf(r.userId, r.folderName) !== leaseKey) continue;
    await store.saveRun(interruptedRecord(r, now));
  }
}

/**
 * A `running` record whose holder died, as `interrupted`: `now` is when that became known; the
 * counts and progress it had saved (how far it got) are kept (issue 9 §4).
 */
export function interruptedRecord(r: RunRecord, now: string): RunRecord {
  return {
    ...r,
    status: 'interrupted',
    finishedAt: now,
    errors: [...r.errors, interruptedError(r.id, 'processStopped')],
  };
}

async function runLeased(
  deps: RunDeps,
  req: RunRequest,
  hooks: RunHooks,
  settings: SyncSettings,
  filter: CompiledFilter,
  leaseKey: string,
  recorder: {
    finish: (status: RunStatus, patch: Partial<RunRecord>) => Promise<RunRecord>;
    /** Saves the running record with its progress so far. */
    checkpoint: () => Promise<void>;
    /** The folder id the runs before recorded (null: none yet). */
    storedFolderId: string | null;
    /** Records the folder this run syncs (saved with the record's next save). */
    useFolder: (folderId: string) => void;
    /** The counts the executor fills as writes succeed. */
    written: { bc: SideCounts; outlook: SideCounts };
  },
): Promise<RunOutcome> {
  const { finish } = recorder;
  const { bc, store, clock } = deps;
  // The tenant's Country/Region table, read once and only when a read brings a country (F41): the
  // run reads Outlook through it, so a country named as the tenant names it is that row's code.
  const countries = countryTableOnce(bc);
  const mailbox = withTenantCountries(deps.mailbox, countries);
  // The lease was taken just before this runs.
  let renewedAt = clock.monotonicMs();
  // A dry run writes nothing on any port: it finds the folder, and plans against an empty one
  // when it does not exist yet (the real run creates it). The stored id comes first: a folder the
  // user renamed in Outlook is still the sync folder (issue 9 §2).
  const folder = await syncFolder(mailbox, recorder.storedFolderId, settings.folderName, !req.dryRun);
  if (folder) recorder.useFolder(folder.id);
  const scope: SyncScope = { userId: req.userId, folderId: folder?.id ?? '' };
  // A folder that does not exist yet holds no sync state: nothing is asked of the store for it (the
  // sync API refuses an empty folder id, so the pane's preview before its first sync failed).
  const state = folder ? store : stateOfMissingFolder(store);
  const cursor = await state.getCursor(scope);
  const key = filterKey(settings.filter);
  // BC is read unfiltered on purpose: a contact that left the filter must be seen to be removed,
  // and e-mail matching must see every BC contact to avoid importing duplicates. A full run, a
  // changed filter or no link reads every contact (with change tracking, for the next link).
  const bcLink = req.mode === 'full' || cursor?.filterKey !== key ? null : (cursor?.bcDeltaLink ?? null);
  const bcRead = await bc.readChanges(bcLink);
  let bcView: BcView =
    bcRead.kind === 'snapshot'
      ? { kind: 'snapshot', contacts: bcRead.contacts }
      : { kind: 'changes', changed: bcRead.changed, deletedIds: bcRead.deletedIds };
  hooks.onProgress?.({ phase: 'reading', done: 1, total: 2 });
  // A delta run looks up only the links of what the views report (issue 12 §2: an idle delta
  // reads no links); the mailbox asks first which reported contacts are our own writes echoed
  // back (the changeKey a link holds), so those are not read again.
  const partial = RunLinks.partial(state, scope);
  const known: KnownVersions = async (reported) => {
    await partial.lookUp(
      [],
      reported.map((r) => r.id),
    );
    const held = reported.filter(
      (r) => r.changeKey !== '' && partial.outlookLink(r.id)?.outlookChangeKey === r.changeKey,
    );
    return new Set(held.map((r) => r.id));
  };
  const { view, deltaLink } = !folder
    ? { view: { kind: 'snapshot' as const, contacts: [] }, deltaLink: '' }
    : req.mode === 'full'
      ? await readFolderInFull(mailbox, folder.id, cursor?.deltaLink ?? null)
      : await readFolderChanges(mailbox, folder.id, cursor?.deltaLink ?? null, known);
  let outlookView: OutlookView = view;
  // A side read in full is compared with every link.
  const links =
    bcView.kind === 'snapshot' || outlookView.kind === 'snapshot'
      ? await RunLinks.all(state, scope)
      : partial;
  await recoverPendingCreates({ ...deps, mailbox, store: state }, scope, links, req.dryRun);
  // rule delta.bothWays: read what the changes point at on the other side (by id or e-mail).
  const inScope = (c: BcContact) => isInScope(c, filter);
  ({ bc: bcView, outlook: outlookView } = await completeDeltaViews(
    { bc, mailbox, inScope },
    scope,
    { bc: bcView, outlook: outlookView },
    links,
  ));
  hooks.onProgress?.({ phase: 'reading', done: 2, total: 2 });

  // A plan that reads a side in part carries the skipped entries it does not look at (the whole
  // list after the run is what the record counts); a complete one replaces the list.
  const readInPart = bcView.kind !== 'snapshot' || outlookView.kind !== 'snapshot';
  const [recorded, recordedSkipped] = await Promise.all([
    state.listConflicts(scope),
    readInPart ? state.listSkipped(scope) : [],
  ]);
  // The tenant's Country/Region table: an Outlook country that is not one of its codes is skipped
  // with the reason before anything is written (issue 8 §6), not refused by BC half-way. Only
  // values read from Outlook go through it: a run that read no Outlook contact (an idle delta)
  // does not ask BC for it (issue 12 §2: an idle delta costs 1 BC request); a stale write re-read
  // later asks then (ExecuteContext.loadCountryCodes).
  const readsOutlook =
    outlookView.kind === 'snapshot' ? outlookView.contacts.length > 0 : outlookView.changed.length > 0;
  const countryCodes = readsOutlook ? (await countries()).codes : null;
  const input: PlanInput = {
    mode: req.mode,
    policy: settings.conflictPolicy,
    filter,
    massDeleteShare: settings.massDeleteShare,
    confirmMassDelete: req.confirmMassDelete ?? false,
    links: links.list(),
    recorded,
    recordedSkipped,
    bc: bcView,
    outlook: outlookView,
    countryCodes,
  };
  let plan = planSync(input);
  // The mass-delete guard compares with the whole folder, which a partial set of links is not.
  if (!links.complete && plan.items.some((i) => i.kind === 'deleteInOutlook'))
    plan = planSync({ ...input, linkCount: await state.countLinks(scope) });
  hooks.onProgress?.({ phase: 'planning', done: 1, total: 1 });
  const planned = { recorded, now: clock.now() };
  const tallies = outcomeCounts(plan, { conflicts: [], failed: [] }, planned);
  // A dry run's record says what a real run would be held for (F37): every host shows it.
  if (req.dryRun) {
    const held = plan.guard ? heldOf(plan.guard) : null;
    return { record: await finish('succeeded', { ...tallies, held }), plan: previewPlan(plan, planned) };
  }
  if (plan.guard) {
    // The hold is a run error too: a scheduled run has no prompt, and every host words the code.
    const held = heldOf(plan.guard);
    return { record: await finish('held', { ...tallies, held, errors: [heldError(req.runId, held)] }), plan };
  }

  // How far the run got is in its record before its first write: a run whose process dies is
  // marked interrupted with that progress (issue 9 §4), and again at every lease renewal.
  if (plan.items.length > 0) await recorder.checkpoint();
  const early = await recordPlannedConflicts(store, scope, plan, planned);
  plan = early.plan;
  const result = await executePlan(plan, {
    bc,
    mailbox,
    store,
    scope,
    mode: req.mode,
    policy: settings.conflictPolicy,
    filter,
    countryCodes,
    loadCountryCodes: async () => (await countries()).codes,
    clock,
    onProgress: hooks.onProgress,
    cancel: hooks.cancel,
    counts: recorder.written,
    beforeChunk: async () => {
      // Renewed once a quarter of its time has passed, not before every group (a request each
      // for the pane's engine); a lease that was taken over stops the run at the next renewal.
      if (clock.monotonicMs() - renewedAt < LEASE_TTL_MS / 4) return;
      // The record is saved with the progress so far alongside (issue 9 §4).
      const [ok] = await Promise.all([
        store.renewLease(leaseKey, req.runId, clock.now(), LEASE_TTL_MS),
        recorder.checkpoint(),
      ]);
      if (!ok) throw new LeaseLostError('leaseLost');
      renewedAt = clock.monotonicMs();
    },
  });
  const at = { recorded: early.recorded, now: clock.now() };
  await recordOutcome(store, scope, plan, result, at, recordedSkipped);
  const clean = result.errors.length === 0 && !result.cancelled;
  if (clean) {
    const next: SyncCursor = {
      bcDeltaLink: bcRead.deltaLink === '' ? null : bcRead.deltaLink,
      deltaLink,
      filterKey: key,
    };
    await store.putCursor(scope, next);
  }
  const patch = {
    counts: result.counts,
    errors: result.errors,
    ...outcomeCounts(plan, result, at),
  };
  const record = result.cancelled
    ? await finish(...stopped(hooks, req.runId, patch))
    : await finish(clean ? 'succeeded' : 'failed', patch);
  return { record, plan };
}

/**
 * A full read of the folder that also leaves a fresh delta link, so the next delta starts here
 * (issue 12 §2). With a stored link, one round from it yields the fresh link at the cost of the
 * changes since (nothing is read by id: every reported contact is "known", the list below has
 * them all); without one (or a forgotten one) the mailbox's first round does. The round comes
 * before the list: anything changed in between is also reported by the next round.
 */
async function readFolderInFull(
  mailbox: Mailbox,
  folderId: string,
  stored: string | null,
): Promise<{ view: OutlookView; deltaLink: string }> {
  const all: KnownVersions = async (reported) => new Set(reported.map((r) => r.id));
  const round = await mailbox.readChanges(folderId, stored, all);
  if (round.kind === 'snapshot')
    return { view: { kind: 'snapshot', contacts: round.contacts }, deltaLink: round.deltaLink };
  return {
    view: { kind: 'snapshot', contacts: await mailbox.listContacts(folderId) },
    deltaLink: round.deltaLink,
  };
}

/** The folder's changes since the stored link (a snapshot when there is none or it was forgotten). */
async function readFolderChanges(
  mailbox: Mailbox,
  folderId: string,
  stored: string | null,
  known: KnownVersions,
): Promise<{ view: OutlookView; deltaLink: string }> {
  const changes = await mailbox.readChanges(folderId, stored, known);
  return {
    view:
      changes.kind === 'snapshot'
        ? { kind: 'snapshot', contacts: changes.contacts }
        : { kind: 'changes', changed: changes.changed, removedIds: changes.removedIds },
    deltaLink: changes.deltaLink,
  };
}

function heldOf(guard: PlanGuard): NonNullable<RunRecord['held']> {
  return guard.kind === 'massDelete'
    ? { kind: 'massDelete', deletes: guard.deletes, folderSize: guard.folderSize, share: guard.share }
    : { kind: 'bcEmpty', deletes: guard.folderSize, folderSize: guard.folderSize, share: 1 };
}

/**
 * The store as a dry run sees a folder that does not exist yet: no cursor, links, pending creates,
 * conflicts or skipped contacts. Only reads are answered here; a dry run writes nothing, and a real run creates the
 * folder first, so it never gets this view.
 */
function stateOfMissingFolder(store: SyncStateStore): SyncStateStore {
  const none: Partial<SyncStateStore> = {
    getCursor: async () => null,
    listLinks: async () => [],
    findLinks: async () => [],
    countLinks: async () => 0,
    listPendingCreates: async () => [],
    listConflicts: async () => [],
    listSkipped: async () => [],
  };
  return Object.assign(Object.create(store) as SyncStateStore, none);
}
