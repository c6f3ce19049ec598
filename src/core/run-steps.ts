import type { ExecutionResult } from './executor.js';
import type { BcContact, OutlookContact } from './model.js';
import type { Plan, PlanGuard } from './plan.js';
import type { DeferredCreate } from './executor-support.js';
import type { RunDeferred, RunRecord } from './records.js';
import { MAX_SETTLED_CONFLICTS, conflictStatus, openConflictCount } from './merge.js';
import { lastByKey } from './carried-lists.js';
import type {
  BcContacts,
  ConflictEntry,
  Logger,
  Mailbox,
  SkipEntry,
  SyncScope,
  SyncStateStore,
} from './ports.js';
import { pendingCreatesOf } from './pending-creates.js';
import { recoverBcCreates } from './recover-bc-creates.js';
import { recoverSentAhead } from './sent-ahead.js';
import { recoverOutlookCreates } from './recover-outlook-creates.js';
import type { RunLinks } from './run-links.js';
import { storableDeep } from '../pure/storable-text.js';

/** What recovery needs of the run's dependencies. */
export interface RecoveryDeps {
  readonly mailbox: Mailbox;
  readonly bc: Pick<BcContacts, 'findByEmails' | 'getMany'>;
  readonly store: SyncStateStore;
  readonly logger: Logger;
}

/**
 * Creates whose answer was lost (`pending`: the stored list, pending-creates.ts) are found again and
 * linked instead of made twice (rule runs.resume): Outlook creates by the BC id the contact carries
 * (recover-outlook-creates.ts),
 * BC creates by the E-Mail the create sent (the Outlook contact's may have changed since), compared
 * with the contacts the run read (`seen`, its views; Outlook's others read by id). The recovered links
 * join `links` (and the store, unless a dry run); the entries are cleared.
 */
export async function recoverPendingCreates(
  deps: RecoveryDeps,
  scope: SyncScope,
  links: RunLinks,
  dryRun: boolean,
  pending: readonly string[],
  seen: { readonly bc: readonly BcContact[]; readonly outlook: readonly OutlookContact[] },
): Promise<void> {
  if (pending.length === 0) return;
  const kinds = pendingCreatesOf(pending);
  // The Outlook contacts a BC create imported, as the run's view read them; the others by id.
  const outlookOf = async (ids: readonly string[]): Promise<OutlookContact[]> => {
    const byId = new Map(seen.outlook.map((o) => [o.id, o]));
    const missing = ids.filter((id) => !byId.has(id));
    const read = missing.length > 0 ? await deps.mailbox.getMany(scope.folderId, missing) : [];
    return [...ids.flatMap((id) => byId.get(id) ?? []), ...read];
  };
  const bcOf = async (ids: readonly string[]): Promise<BcContact[]> => {
    const byId = new Map(seen.bc.map((c) => [c.id, c]));
    const missing = ids.filter((id) => !byId.has(id));
    const read = missing.length > 0 ? await deps.bc.getMany(missing) : [];
    return [...ids.flatMap((id) => byId.get(id) ?? []), ...read];
  };
  const recovered = [
    ...(await recoverOutlookCreates(
      { mailbox: deps.mailbox, folderId: scope.folderId, bcOf },
      links,
      kinds.outlook,
    )),
    ...(await recoverBcCreates({ bc: deps.bc, bcSeen: seen.bc, outlookOf }, links, kinds.bc)),
    // After the creates: an update may follow a create of the same run (its BC id stamp).
    ...(await recoverSentAhead({ bcOf, outlookOf }, links, kinds.updates)),
  ];
  deps.logger.info(
    { pending: pending.length, bcPending: kinds.bc.length, recovered: recovered.length },
    'run.recoveredCreates',
  );
  if (dryRun) return;
  if (recovered.length > 0) await deps.store.upsertLinks(scope, recovered);
  await deps.store.clearPendingCreates(scope, pending);
}

/**
 * The conflicts and the skipped list as they stand after the run: the plan's (which carries the
 * recorded entries a partial read did not look at) and what the writes added, one per key; settled
 * conflicts beyond MAX_SETTLED_CONFLICTS dropped oldest first (open ones never). The run's record
 * counts these lists, and the store holds exactly them: one source for every count the pane shows.
 */
function outcomeLists(
  plan: Plan,
  result: Pick<ExecutionResult, 'conflicts' | 'failed'>,
  at: { readonly recorded: readonly ConflictEntry[]; readonly now: string },
): { conflicts: ConflictEntry[]; dropped: Set<string>; skipped: SkipEntry[] } {
  const all = stamped(
    lastByKey([...plan.conflicts, ...result.conflicts], (c) => c.bcId),
    at,
  );
  const dropped = settledOverflow(all);
  return {
    conflicts: all.filter((c) => !dropped.has(c.bcId)),
    dropped,
    // A record names the contact as the side holds it; text that cannot be stored is shown with
    // U+FFFD (rule text.unstorable), so one such name never makes the whole run fail.
    skipped: lastByKey([...plan.skipped, ...result.failed], (s) => s.key).map(storableDeep),
  };
}

/**
 * Each entry with its `detectedAt`: a stored record's own, else `at.now`. A carried entry is kept as
 * it is (the same object: the store need not write it again).
 */
function stamped(
  entries: readonly ConflictEntry[],
  at: { readonly recorded: readonly ConflictEntry[]; readonly now: string },
): ConflictEntry[] {
  const before = new Map(at.recorded.map((c) => [c.bcId, c.record.detectedAt]));
  return entries.map((c) =>
    c.record.detectedAt ? c : { ...c, record: { ...c.record, detectedAt: before.get(c.bcId) ?? at.now } },
  );
}

/**
 * Stores the plan's conflicts before its first write (rule conflicts.settledKept). Once the write
 * that settles a conflict is done, the losing value exists only in the conflict record, so a run
 * that stops between that write and `recordOutcome` (process killed, pane closed, lease lost) must
 * already have stored it (F42). Nothing is removed here: removals wait until the writes are done.
 * Returns the plan with its conflicts stamped and the recorded list including what was stored, so
 * `recordOutcome` neither writes them again nor stamps them anew.
 */
export async function recordPlannedConflicts(
  store: SyncStateStore,
  scope: SyncScope,
  plan: Plan,
  at: { readonly recorded: readonly ConflictEntry[]; readonly now: string },
): Promise<{ plan: Plan; recorded: ConflictEntry[] }> {
  const conflicts = stamped(plan.conflicts, at);
  const stored = new Set<object>(at.recorded);
  const upserts = conflicts.filter((c) => !stored.has(c));
  if (upserts.length > 0) await store.putConflicts(scope, upserts, []);
  return { plan: { ...plan, conflicts }, recorded: [...at.recorded, ...upserts] };
}

/**
 * A dry run's plan as the run would leave its lists: the conflicts and skipped contacts of
 * `outcomeLists` (settled conflicts past MAX_SETTLED_CONFLICTS dropped, as the record counts them), so
 * a preview lists and counts exactly what its record and the run after it count (issue 14: above 200
 * settled conflicts the preview counted more than the record).
 */
export function previewPlan(
  plan: Plan,
  at: { readonly recorded: readonly ConflictEntry[]; readonly now: string },
): Plan {
  const lists = outcomeLists(plan, { conflicts: [], failed: [] }, at);
  return { ...plan, conflicts: lists.conflicts, skipped: lists.skipped };
}

/** How many skipped contacts and open conflicts the run leaves (of `outcomeLists`; openConflictCount). */
export function outcomeCounts(
  plan: Plan,
  result: Pick<ExecutionResult, 'conflicts' | 'failed'>,
  at: { readonly recorded: readonly ConflictEntry[]; readonly now: string },
): { skipped: number; conflicts: number } {
  const lists = outcomeLists(plan, result, at);
  return { skipped: lists.skipped.length, conflicts: openConflictCount(lists.conflicts) };
}

/** The record's count of creates left for the next sync (F69); nothing when there are none. */
export function deferredCounts(deferred: readonly DeferredCreate[]): { deferred?: RunDeferred } {
  if (deferred.length === 0) return {};
  const busy = deferred.filter((d) => d.reason === 'createTurnBusy').length;
  return { deferred: { createTurnBusy: busy, createdElsewhere: deferred.length - busy } };
}

/** The record's `held`: what a plan's guard holds the run for (rule guard.bcEmpty, guard.massDelete). */
export function heldOf(guard: PlanGuard): NonNullable<RunRecord['held']> {
  return guard.kind === 'massDelete'
    ? { kind: 'massDelete', deletes: guard.deletes, folderSize: guard.folderSize, share: guard.share }
    : { kind: 'bcEmpty', deletes: guard.folderSize, folderSize: guard.folderSize, share: 1 };
}

/**
 * Stores the run's conflicts and skipped contacts (`outcomeLists`). A new conflict record gets
 * `detectedAt`; a record that was already stored keeps its own. Entries carried unchanged from the
 * store are not written again.
 */
export async function recordOutcome(
  store: SyncStateStore,
  scope: SyncScope,
  plan: Plan,
  result: ExecutionResult,
  at: {
    readonly recorded: readonly ConflictEntry[];
    readonly now: string;
    /** The folder is one the run made: the store holds no entry of its scope. */
    readonly folderMade?: boolean;
  },
  recordedSkipped: readonly SkipEntry[],
): Promise<void> {
  const lists = outcomeLists(plan, result, at);
  const stored = new Set<object>([...at.recorded, ...recordedSkipped]);
  const kept = new Set(lists.conflicts.map((c) => c.bcId));
  const gone = plan.complete ? at.recorded.map((c) => c.bcId) : plan.resolvedConflicts;
  // Only what the store holds is removed: a delta's plan names every pair it decided (issue 12 §2:
  // two calls after every delta's writes that changed nothing).
  const held = new Set(at.recorded.map((c) => c.bcId));
  const removeConflicts = [...new Set([...gone, ...lists.dropped])].filter(
    (id) => !kept.has(id) && held.has(id),
  );
  const upserts = lists.conflicts.filter((c) => !stored.has(c));
  // A call that would change nothing is not made (each is a request for the pane's engine).
  if (upserts.length + removeConflicts.length > 0) await store.putConflicts(scope, upserts, removeConflicts);
  const skipped = plan.complete ? lists.skipped : lists.skipped.filter((s) => !stored.has(s));
  const skippedKeys = new Set(lists.skipped.map((s) => s.key));
  const heldKeys = new Set(recordedSkipped.map((s) => s.key));
  const unskipped = [...new Set(plan.unskipped)].filter((k) => !skippedKeys.has(k) && heldKeys.has(k));
  // A full plan replaces the list; in a folder the run made there is none to replace (issue 12, first
  // full sync: a store round trip after the last write, between it and the end).
  if ((plan.complete && at.folderMade !== true) || skipped.length + unskipped.length > 0)
    await store.putSkipped(scope, skipped, { replace: plan.complete, remove: unskipped });
}

/** The bcIds of the oldest settled conflicts past the bound. */
function settledOverflow(entries: readonly ConflictEntry[]): Set<string> {
  const settled = entries.filter((c) => conflictStatus(c.record) === 'settled');
  if (settled.length <= MAX_SETTLED_CONFLICTS) return new Set();
  const oldestFirst = [...settled].sort((a, b) =>
    (a.record.detectedAt ?? '') < (b.record.detectedAt ?? '') ? -1 : 1,
  );
  return new Set(oldestFirst.slice(0, settled.length - MAX_SETTLED_CONFLICTS).map((c) => c.bcId));
}
