import { heldConflictBcIds } from './conflict-held.js';
import { UpdatesCountedAhead } from './updates-ahead.js';
import { planSettingsOf } from './entries-ahead.js';
import type { EntriesAhead } from './entries-ahead.js';
import { executePlan } from './executor.js';
import type { ExecutionResult } from './executor.js';
import type { LinkChanges } from './executor-support.js';
import { heldError } from './run-errors.js';
import { completeDeltaViews } from './delta-reads.js';
import { syncFolder } from './folder.js';
import { makeRunFolder } from './run-folder-made.js';
import { answersWithCountry, countryTableOnce, withTenantCountries } from './tenant-countries.js';
import type { CountryTableSource } from './tenant-countries.js';
import { cursorUse, readStoredFolderOf } from './run-start.js';
import type { StoredFolderRead } from './run-start.js';
import {
  deferredCounts,
  heldOf,
  outcomeCounts,
  previewPlan,
  recordOutcome,
  recordPlannedConflicts,
  recoverPendingCreates,
} from './run-steps.js';
import { RunLinks } from './run-links.js';
import { bcLookAhead } from './bc-look-ahead.js';
import { TurnAhead, turnOwnerOf, turnTakeOf } from './turn-ahead.js';
import { OwnLinkKeys } from './own-link-keys.js';
import { isInScope } from './scope.js';
import {
  knownBy,
  readFolderChanges,
  readFolderInFull,
  readStoredLists,
  stateOfMissingFolder,
  viewOf,
} from './run-folder-reads.js';
import { stopped } from './run-interrupted.js';
import { inTurn } from './in-turn.js';
import { EchoRound, filterKey, nextCursor } from './run-cursor.js';
import type { RunDeps, RunFinish, RunHooks, RunOutcome, RunRequest } from './run-types.js';
import type { BcContact } from './model.js';
import type { CompiledFilter } from './filter/index.js';
import { phaseOf } from './plan.js';
import type { BcView, OutlookView, Plan, PlanInput } from './plan.js';
import { pauseOn } from './lease.js';
import { planInSteps } from './planner.js';
import { CreatedIdsEarly } from './created-ids-early.js';
import type { RunEnd, SyncCursor, SyncScope } from './ports.js';
import type { SideCounts, SyncSettings } from './records.js';

/**
 * Contacts a delta reports changed past which their imports' ids are not asked early: a larger
 * delta is asked group by group as its creates go (the early ask is one request, its gain one
 * round trip).
 */
const EARLY_IDS_MAX = 200;

/* The part of a sync run that holds the lease (runSync in run.ts takes and releases it): folder,
   reads of both sides, planning, the mass-delete guard, executing, and the cursor. */

/**
 * runLeased's work (leasedRun), with the company's create turn a delta may take while Graph reads
 * its reported contacts by id (turn-ahead.ts): let go however the run ends, unless the run's
 * first group of creates claimed it (that group lets it go).
 */
export async function runLeased(
  deps: RunDeps,
  req: RunRequest,
  hooks: RunHooks,
  settings: SyncSettings,
  filter: CompiledFilter,
  recorder: LeasedRecorder,
): Promise<RunOutcome> {
  const { store, clock, bc } = deps;
  const turnAhead =
    recorder.turnAhead !== undefined
      ? recorder.turnAhead
      : req.dryRun
        ? null
        : new TurnAhead({ store, clock, bc });
  // The Outlook updates of BC's changes, counted and saved while Graph reads (updates-ahead.ts).
  const counted = recorder.countedAhead ?? new UpdatesCountedAhead();
  if (!req.dryRun) counted.start({ uncertain: recorder.uncertain }, recorder.checkpoint);
  const finish: RunFinish = (...end) => {
    // A run that writes nothing more: no update counted ahead is left in its record's end.
    counted.release();
    return recorder.finish(...end);
  };
  try {
    return await leasedRun(
      deps,
      req,
      hooks,
      settings,
      filter,
      { ...recorder, finish, countedAhead: counted },
      turnAhead,
    );
  } finally {
    counted.release();
    // A failed release leaves the turn to end by itself (CREATE_TURN_MS), as a group's would.
    await turnAhead
      ?.release()
      .catch((e: unknown) => deps.logger.warn({ runId: req.runId, err: String(e) }, 'run.turnAheadRelease'));
  }
}

type LeasedRecorder = Parameters<typeof leasedRun>[5];

async function leasedRun(
  deps: RunDeps,
  req: RunRequest,
  hooks: RunHooks,
  settings: SyncSettings,
  filter: CompiledFilter,
  recorder: {
    finish: RunFinish;
    /** Saves the running record with its progress so far. */
    checkpoint: () => Promise<void>;
    /** The save of the record of the run's start, when still on its way (awaited once planned, before any write). */
    started?: Promise<void>;
    /** The folder id the runs before recorded (null: none yet). */
    storedFolderId: string | null;
    /** The Outlook updates of BC's changes the reads started already tell (updates-ahead.ts). */
    countedAhead?: UpdatesCountedAhead;
    /** Their pending entries, stored while Graph read (entries-ahead.ts). */
    entriesAhead?: EntriesAhead;
    /**
     * A step of the run made once both sides were read and the plan made, before anything is
     * written (not in a dry run): a folder's rename (run-moving.ts).
     */
    beforeWrites?: () => Promise<void>;
    /** That folder's cursor, when asked for already (run.ts: beside the recent runs, under the lease). */
    storedCursor?: Promise<SyncCursor | null>;
    /**
     * A delta run's reads of that folder, started as the lease was taken on what was read just
     * before it and found the same under it (run.ts): used instead of reading it here.
     */
    lastRead?: StoredFolderRead;
    /** The tenant's Country/Region table the reads started already go through (read once a run). */
    countries?: CountryTableSource;
    /** The create turn the reads started already may take (let go with the run's end here). */
    turnAhead?: TurnAhead | null;
    /** Records the folder this run syncs (saved with the record's next save). */
    useFolder: (folderId: string) => void;
    /** The counts the executor fills as writes succeed. */
    written: { bc: SideCounts; outlook: SideCounts };
    /** The writes whose outcome the executor does not know (uncertain-writes.ts). */
    uncertain: { bc: SideCounts; outlook: SideCounts };
    /**
     * The lease heartbeat (lease-keeper.ts): awaited between the pages of every read and the
     * planner's steps (the ports this run was given beat after each read themselves).
     * @throws LeaseLostError the lease was taken over.
     */
    beat: () => Promise<void>;
    /** The lease is known held before the cursor is saved (lease-keeper.ts `confirm`, F105). */
    confirm: () => Promise<void>;
    /** A save only once IN_TURN_FRESH_MS passed since the last, then `confirm` (ExecuteContext.recheck). */
    inTurn?: () => Promise<void>;
    /**
     * Holds link changes for the store call of the run's end (`finish`; end-links.ts). Absent: the
     * executor stores every group's links itself (a folder move's first sync, whose end is not the run's).
     */
    endLinks?: (scope: SyncScope, changes: LinkChanges) => void;
  },
  turnAhead: TurnAhead | null,
): Promise<RunOutcome> {
  const { finish, beat } = recorder;
  const { bc, store, clock } = deps;
  /** Starts the create turn for the new contacts a delta of `folderId` reports (turn-ahead.ts). */
  const aheadFor =
    (folderId: string) =>
    (emails: readonly string[], reads: number): Promise<BcContact[]> | null =>
      turnAhead?.start(
        turnOwnerOf({ userId: req.userId, folderId }),
        emails,
        reads,
        turnTakeOf(req.runId, 'ahead'),
      ) ?? null;
  // The tenant's Country/Region table, read once and only when a read brings a country (F41): the
  // run reads Outlook through it, so a country named as the tenant names it is that row's code.
  const countries = recorder.countries ?? countryTableOnce(bc);
  const mailbox = withTenantCountries(deps.mailbox, countries);
  // A dry run writes nothing on any port: it finds the folder, and plans against an empty one
  // when it does not exist yet (the real run creates it). The stored id comes first: a folder the
  // user renamed in Outlook is still the sync folder (issue 9 §2). A delta run reads that folder
  // and its changes at once (issue 12 §2: an idle delta costs 1 Graph request); gone (deleted: it
  // sits in Deleted Items, where its delta still answers), it is found or made by name.
  const storedId = recorder.storedFolderId;
  const key = filterKey(settings.filter);
  // rule delta.filterChange: a filter other than the cursor's reads all of BC and all of the folder:
  // an Outlook contact kept out by the old filter is unchanged, so a delta read would not bring it
  // back, and the skip whose hint says "change the sync filter" would stay (issue 14).
  // BC is read unfiltered on purpose: a contact that left the filter must be seen to be removed,
  // and e-mail matching must see every BC contact to avoid importing duplicates. A full run, a
  // changed filter or no link reads every contact (with change tracking, for the next link).
  // rule full.everyContact: a full run reads both sides whole, whatever delta links are stored.
  const { readsAll, bcLinkOf } = cursorUse(req.mode, settings);
  const lastRead = recorder.lastRead
    ? await recorder.lastRead
    : req.mode === 'delta' && storedId !== null
      ? await readStoredFolderOf(
          { store, bc, mailbox },
          req,
          settings,
          {
            folderId: storedId,
            cursor: recorder.storedCursor,
            ...(recorder.countedAhead
              ? { onBcLinked: recorder.countedAhead.tell.bind(recorder.countedAhead) }
              : {}),
          },
          beat,
          aheadFor(storedId),
        )
      : null;
  const fresh = lastRead?.read ?? null;
  // BC read whole with a link stored: the adapter may renew the link from it and read the list
  // apart (HttpBcContacts: on lanes), as the folder is read (readFolderInFull).
  const readBcWhole = (link: string | null) =>
    bc.readInFull ? bc.readInFull(link, beat) : bc.readChanges(null, beat);
  // A full run reads BC whole whichever folder it syncs (the stored link only lets the adapter read
  // on lanes): it starts before the folder is looked up or made (issue 12 §2: a first full sync
  // read BC only after the folder's lookup and creation), from the cursor of the folder the runs
  // before synced. Observed at once: a failure of the folder's step is the one reported.
  const storedCursor =
    req.mode === 'full' && storedId !== null
      ? (recorder.storedCursor ?? store.getCursor({ userId: req.userId, folderId: storedId }))
      : null;
  const bcEarly =
    req.mode === 'full'
      ? (storedCursor ?? Promise.resolve(null)).then((c) => readBcWhole(c?.bcDeltaLink ?? null))
      : null;
  bcEarly?.catch(() => undefined);
  // A folder that does not exist yet is read and planned as empty, and made only once the run may
  // write (makeRunFolder, after the access is known): a run refused for the company makes none.
  const folder =
    fresh?.folder ?? (await syncFolder(mailbox, lastRead ? null : storedId, settings.folderName));
  if (folder) recorder.useFolder(folder.id);
  let scope: SyncScope = { userId: req.userId, folderId: folder?.id ?? '' };
  // A folder the run has just made (it says so by its start link) holds nothing: no contact to
  // read, and no state of its new id to ask the store for.
  let made = folder?.startLink !== undefined;
  // A folder that does not exist yet holds no sync state: nothing is asked of the store for it (the
  // sync API refuses an empty folder id, so the pane's preview before its first sync failed). Nor
  // for one made now: its links and lists were 3 store reads between its creation and the plan.
  const state = folder && !made ? store : stateOfMissingFolder(store);
  const cursor = fresh
    ? fresh.cursor
    : made
      ? null
      : storedCursor !== null && folder?.id === storedId
        ? await storedCursor
        : await state.getCursor(scope);
  const readAll = readsAll(cursor);
  // The sides are read at once, not one after the other (issue 12 §2: a full sync with nothing
  // changed at 50,000 read 50 BC pages, then 50 Graph pages, then every link): each read waits on a
  // service of its own. A failure is reported as the reads in turn would have: BC's first.
  const bcWhole = bcEarly ?? (readAll ? readBcWhole(cursor?.bcDeltaLink ?? null) : null);
  const bcReading = (
    fresh?.bc ? Promise.resolve(fresh.bc) : (bcWhole ?? bc.readChanges(bcLinkOf(cursor), beat))
  ).then((read) => {
    hooks.onProgress?.({ phase: 'reading', done: 1, total: 2 });
    return read;
  });
  // A delta run looks up only the links of what the views report (issue 12 §2: an idle delta
  // reads no links); the mailbox asks first which reported contacts are our own writes echoed
  // back (the changeKey a link holds), so those are not read again.
  const partial = fresh ? fresh.links : RunLinks.partial(state, scope);
  // BC's reads for the Outlook contacts the delta reports, asked while Graph reads them by id.
  const ahead = bcLookAhead(bc, partial, aheadFor(scope.folderId));
  // A delta run's changes were read with the folder (lastRead); a changed filter reads it again, whole.
  // Made now: read as empty without a request (issue 12 §2: its first delta page was a round trip
  // before the first write), its start link followed past the run's writes instead (EchoRound).
  const outlookReading = !folder
    ? Promise.resolve({ view: { kind: 'snapshot' as const, contacts: [] }, deltaLink: '' })
    : made
      ? Promise.resolve({
          view: { kind: 'snapshot' as const, contacts: [] },
          deltaLink: folder.startLink ?? '',
        })
      : readAll
        ? readFolderInFull(mailbox, folder.id, cursor?.deltaLink ?? null, beat)
        : fresh
          ? Promise.resolve(viewOf(fresh.changes))
          : readFolderChanges(
              mailbox,
              folder.id,
              cursor?.deltaLink ?? null,
              ahead.known(knownBy(partial)),
              beat,
            );
  // Reading all of both sides compares them with every link: read alongside, and the stored lists
  // too (the skipped list only where a side is read in part: a complete plan replaces it).
  const allLinks = readAll ? RunLinks.all(state, scope) : null;
  const listsReading = fresh ? Promise.resolve(fresh.lists) : readStoredLists(state, scope, !readAll);
  listsReading.catch(() => undefined);
  const [bcRead, { view, deltaLink: readLink }, linksRead] = await inTurn(
    bcReading,
    outlookReading,
    allLinks,
  );
  let deltaLink = readLink;
  let bcView: BcView =
    bcRead.kind === 'snapshot'
      ? { kind: 'snapshot', contacts: bcRead.contacts }
      : { kind: 'changes', changed: bcRead.changed, deletedIds: bcRead.deletedIds };
  let outlookView: OutlookView = view;
  // A side read in full is compared with every link.
  const links =
    linksRead ??
    (bcView.kind === 'snapshot' || outlookView.kind === 'snapshot'
      ? await RunLinks.all(state, scope)
      : partial);
  // The ids BC would give the imports of the new contacts Graph read, asked now, beside the reads
  // and the plan still to come, not once the creates begin (created-ids-early.ts).
  const createdIdsEarly = new CreatedIdsEarly(bc);
  if (outlookView.kind === 'changes' && outlookView.changed.length <= EARLY_IDS_MAX)
    createdIdsEarly.ask(outlookView.changed.filter((o) => o.bcId === '' && !links.outlookLink(o.id)));
  // A plan that reads a side in part carries the skipped entries it does not look at (the whole
  // list after the run is what the record counts); a complete one replaces the list.
  const readInPart = bcView.kind !== 'snapshot' || outlookView.kind !== 'snapshot';
  const lists = await listsReading;
  const seen = {
    bc: bcView.kind === 'snapshot' ? bcView.contacts : bcView.changed,
    outlook: outlookView.kind === 'snapshot' ? outlookView.contacts : outlookView.changed,
  };
  await recoverPendingCreates(
    { ...deps, mailbox, store: state },
    scope,
    links,
    req.dryRun,
    lists.pending,
    seen,
  );
  const recorded = lists.conflicts;
  const skippedRead = fresh !== null || !readAll;
  const recordedSkipped = !readInPart ? [] : skippedRead ? lists.skipped : await state.listSkipped(scope);
  // rule delta.bothWays: read what the changes point at on the other side (by id or e-mail).
  const inScope = (c: BcContact) => isInScope(c, filter);
  // The addresses open deletedInBc conflicts hold are their links' (conflict-held.ts): known to a
  // delta that reads neither copy nor link (a new Outlook contact of the address, attack fault 3).
  const holding = heldConflictBcIds(recorded);
  if (readInPart) await links.lookUp(holding, []);
  ({ bc: bcView, outlook: outlookView } = await completeDeltaViews(
    { bc: fresh?.bcReads ?? ahead.reads, mailbox, inScope },
    scope,
    { bc: bcView, outlook: outlookView },
    links,
    recordedSkipped,
    holding,
  ));
  hooks.onProgress?.({ phase: 'reading', done: 2, total: 2 });
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
    ...planSettingsOf(settings, filter, req),
    links: links.list(),
    recorded,
    recordedSkipped,
    bc: bcView,
    outlook: outlookView,
    countryCodes,
  };
  // Planning 100,000 contacts takes seconds of CPU: the lease beats between its steps.
  const planOf = (i: PlanInput) =>
    planInSteps(i, async (step) => {
      hooks.onProgress?.({ phase: 'planning', done: step.done, total: step.total });
      await hooks.yieldTurn?.();
      await beat();
    });
  let plan = await planOf(input);
  // The mass-delete guard compares with the whole folder, which a partial set of links is not.
  if (!links.complete && plan.items.some((i) => i.kind === 'deleteInOutlook' && i.reason !== 'ourCopy'))
    plan = await planOf({ ...input, linkCount: await state.countLinks(scope) });
  // The record of the run's start, saved while the sides were read (run.ts), is known saved before
  // anything the plan says is written or recorded, held or ended: awaited once the plan is made,
  // not before (issue 12, delta-bc-1pct at 1,000: the reads had answered and the planner waited for
  // that flushed save, 18-27 ms under load, on the run's critical path).
  await recorder.started;
  const planned = { recorded, now: clock.now() };
  const tallies = outcomeCounts(plan, { conflicts: [], failed: [] }, planned);
  // rule preview.dryRun: the plan is returned and nothing is written. The record says what a real
  // run would be held for (F37): every host shows it.
  if (req.dryRun) {
    const held = plan.guard ? heldOf(plan.guard) : null;
    return { record: await finish('succeeded', { ...tallies, held }), plan: previewPlan(plan, planned) };
  }
  if (plan.guard) {
    // The hold is a run error too: a scheduled run has no prompt, and every host words the code.
    const held = heldOf(plan.guard);
    return { record: await finish('held', { ...tallies, held, errors: [heldError(req.runId, held)] }), plan };
  }
  // A held run writes nothing (design.md: it "stops before writing"), a folder's rename included
  // (soak: the rename went before the guard's hold); the confirmed run renames it.
  await recorder.beforeWrites?.();
  if (!folder) {
    // The first write: the company's access is asked first where its reads do not tell (F74).
    await bc.checkAccess?.();
    const madeNow = await makeRunFolder(mailbox, settings.folderName, beat);
    recorder.useFolder(madeNow.folder.id);
    scope = { userId: req.userId, folderId: madeNow.folder.id };
    ({ deltaLink, fromStart: made } = madeNow);
  }

  // How far the run got is in its record before its first write: a run whose process dies is
  // marked interrupted with that progress (issue 9 §4), and again at every lease renewal.
  // Outlook answers a write with the contact, read through the tenant's table: a run that read no
  // Outlook contact asks for it while its first writes go out, not after their answers.
  if (countryCodes === null && plan.items.some(answersWithCountry)) countries.soon();
  // A create turn taken ahead that no create needs is let go now, and awaited as the run ends.
  if (!plan.items.some((i) => i.kind === 'createInBc')) turnAhead?.release().catch(() => undefined);
  // Both before the first write, neither waits for the other.
  const [, early] = await Promise.all([
    plan.items.length > 0 && !announcesFirst(plan) ? recorder.checkpoint() : undefined,
    recordPlannedConflicts(store, scope, plan, planned),
  ]);
  plan = early.plan;
  // The links the writes store, noted as they land: the cursor's echo round tells the run's own
  // writes from them (run-cursor.ts) without reading them back.
  const ownKeys = new OwnLinkKeys();
  let executed: () => void = () => undefined;
  const stored = new Promise<void>((resolve) => (executed = resolve));
  const echo = new EchoRound(
    deps,
    scope,
    { plan, written: recorder.written.outlook, deltaLink, fromStart: made, ownKeys, stored },
    beat,
  );
  // Their count's save answered before the first write goes out (F114).
  const updatesAhead = await recorder.countedAhead?.ready();
  recorder.entriesAhead?.close();
  let result: ExecutionResult;
  try {
    result = await executePlan(plan, {
      bc,
      mailbox,
      store: ownKeys.noting(store),
      scope,
      mode: req.mode,
      policy: settings.conflictPolicy,
      filter,
      countryCodes,
      loadCountryCodes: async () => (await countries()).codes,
      clock,
      // Our Outlook creates carry the run's id: a copy a lost or late create left is known ours.
      createMark: req.runId,
      ...(deps.ticker ? { pause: pauseOn(deps.ticker), ticker: deps.ticker } : {}),
      ...(deps.waits ? { waits: deps.waits } : {}),
      ...(deps.writeSettleMs !== undefined ? { writeSettleMs: deps.writeSettleMs } : {}),
      ...(turnAhead ? { turnAhead } : {}),
      createdIdsEarly,
      onProgress: hooks.onProgress,
      cancel: hooks.cancel,
      counts: recorder.written,
      uncertain: recorder.uncertain,
      ...(updatesAhead ? { updatesAhead } : {}),
      ...(recorder.entriesAhead ? { entriesAhead: recorder.entriesAhead } : {}),
      // Each write call's items are in the record before it goes out (F114): an interrupted run says
      // how many writes may have landed.
      beforeSend: recorder.checkpoint,
      held: recorder.confirm,
      ...(recorder.inTurn ? { recheck: recorder.inTurn } : {}),
      beforeChunk: async () => {
        // Every group of writes, on either side, first asks whether the user may still use the
        // company (F74): a revoked access stops the run before BC data reaches the mailbox.
        await bc.checkAccess?.();
        // Renewed once a quarter of its time has passed, not before every group (a request each
        // for the pane's engine), with the record's progress so far (issue 9 §4); a lease that was
        // taken over stops the run here.
        await beat();
      },
      onOutlookAnswered: echo.answered,
      onOutlookLeft: echo.tail,
      ...(recorder.endLinks
        ? { endLinks: heldFor(recorder.endLinks, scope, ownKeys), endReadsAfter: () => echo.catchUp }
        : {}),
    });
  } catch (e) {
    executed();
    await echo.drop();
    throw e;
  }
  executed();
  const at = { recorded: early.recorded, now: clock.now() };
  const clean = result.errors.length === 0 && !result.cancelled;
  let moved: RunEnd['cursor'];
  try {
    // Stored before the cursor moves past the changes that made them (the cursor goes with the
    // record, finish): a run that stops between leaves the cursor where it was.
    await recordOutcome(store, scope, plan, result, { ...at, folderMade: made }, recordedSkipped);
    // Deferred creates (F69) are read again by the next sync: the cursor stays where it was.
    if (clean && result.deferred.length === 0) {
      // The cursor stays where it was when the run lost its lease (F105): nextCursor confirms it first.
      const next = await nextCursor(
        deps,
        scope,
        { plan, result, bcRead, deltaLink, filterKey: key, ownKeys, echo },
        { beat, confirm: recorder.confirm },
      );
      moved = { scope, next };
    }
  } finally {
    // A round started whose link is not stored ends with the run, not after it.
    await echo.drop();
  }
  const patch = {
    counts: result.counts,
    errors: result.errors,
    ...outcomeCounts(plan, result, at),
    ...deferredCounts(result.deferred),
  };
  const record = result.cancelled
    ? await finish(...stopped(hooks, req.runId, patch))
    : await finish(clean ? 'succeeded' : 'failed', patch, moved);
  return { record, plan };
}

/**
 * Whether the plan's first write is a BC or Outlook write call, which saves the record before it
 * goes out (`beforeSend`, F114) with the progress so far: a checkpoint of its own just before is
 * the same save one round trip earlier (issue 12 §2: two saves in a row before a delta's writes).
 * A plan that first changes links in the store (crossed or repaired links, link-only items) keeps it.
 */
function announcesFirst(plan: Plan): boolean {
  return (
    plan.untrustedLinks.length === 0 &&
    plan.repairedLinks.length === 0 &&
    plan.items.some((i) => phaseOf(i) !== 'links')
  );
}

/** ExecuteContext.endLinks for the run's end: noted as the run's own links (the echo round reads them). */
function heldFor(
  hold: (scope: SyncScope, changes: LinkChanges) => void,
  scope: SyncScope,
  ownKeys: OwnLinkKeys,
): (changes: LinkChanges) => void {
  return (changes) => {
    ownKeys.note(changes.upserts, changes.deletes);
    hold(scope, changes);
  };
}
