import type { ExecutionResult } from './executor.js';
import { makeLink } from './link.js';
import type { Link } from './link.js';
import { outlookToSyncFields } from './mapping.js';
import { readOwnedValues } from './owned-values.js';
import type { Plan } from './plan.js';
import { MAX_SETTLED_CONFLICTS, conflictStatus } from './merge.js';
import type { ConflictEntry, Logger, Mailbox, SyncScope, SyncStateStore } from './ports.js';
import type { RunLinks } from './run-links.js';

/** What recovery needs of the run's dependencies. */
export interface RecoveryDeps {
  readonly mailbox: Mailbox;
  readonly store: SyncStateStore;
  readonly logger: Logger;
}

/**
 * Outlook creates whose response was lost are found by BC id and linked instead of created twice;
 * the recovered links join `links` (and the store, unless a dry run).
 */
export async function recoverPendingCreates(
  deps: RecoveryDeps,
  scope: SyncScope,
  links: RunLinks,
  dryRun: boolean,
): Promise<void> {
  const pending = await deps.store.listPendingCreates(scope);
  if (pending.length === 0) return;
  const found = await deps.mailbox.findByBcIds(scope.folderId, pending);
  await links.lookUp(
    found.map((o) => o.bcId),
    found.map((o) => o.id),
  );
  const recovered: Link[] = [];
  for (const o of found) {
    if (links.bcLink(o.bcId)?.outlookId === o.id) continue;
    // Empty BC etag: the next comparison reads BC again rather than trusting a stamp we never saw.
    const link = makeLink(
      { bcId: o.bcId, outlookId: o.id },
      outlookToSyncFields(o),
      { bcEtag: '', outlookChangeKey: o.changeKey },
      readOwnedValues(o, null).own,
    );
    recovered.push(link);
    links.put(link);
  }
  deps.logger.info(
    { pending: pending.length, recovered: recovered.length },
    'recovered lost Outlook creates',
  );
  if (dryRun) return;
  if (recovered.length > 0) await deps.store.upsertLinks(scope, recovered);
  await deps.store.clearPendingCreates(scope, pending);
}

/** Later entries win: a re-plan after a stale write knows more than the plan did. */
function lastByKey<T>(list: readonly T[], key: (t: T) => string): T[] {
  return [...new Map(list.map((t) => [key(t), t])).values()];
}

/**
 * Stores the run's conflicts and skipped contacts. A new conflict record gets `detectedAt`; a
 * record that was already stored keeps its own. Settled records beyond MAX_SETTLED_CONFLICTS are
 * dropped oldest first (open ones are never dropped).
 */
export async function recordOutcome(
  store: SyncStateStore,
  scope: SyncScope,
  plan: Plan,
  result: ExecutionResult,
  at: { readonly recorded: readonly ConflictEntry[]; readonly now: string },
): Promise<void> {
  const before = new Map(at.recorded.map((c) => [c.bcId, c.record.detectedAt]));
  const conflicts = lastByKey([...plan.conflicts, ...result.conflicts], (c) => c.bcId).map((c) => ({
    ...c,
    record: { ...c.record, detectedAt: c.record.detectedAt ?? before.get(c.bcId) ?? at.now },
  }));
  const stillConflicting = new Set(conflicts.map((c) => c.bcId));
  const gone = plan.complete ? at.recorded.map((c) => c.bcId) : plan.resolvedConflicts;
  const resolved = [...new Set(gone)].filter((id) => !stillConflicting.has(id));
  const kept = new Map(at.recorded.filter((c) => !resolved.includes(c.bcId)).map((c) => [c.bcId, c]));
  for (const c of conflicts) kept.set(c.bcId, c);
  const overflow = settledOverflow([...kept.values()]);
  const upserts = conflicts.filter((c) => !overflow.has(c.bcId));
  const removeConflicts = [...resolved, ...overflow];
  // A call that would change nothing is not made (each is a request for the pane's engine).
  if (upserts.length + removeConflicts.length > 0) await store.putConflicts(scope, upserts, removeConflicts);
  const skipped = lastByKey([...plan.skipped, ...result.failed], (s) => s.key);
  const skippedKeys = new Set(skipped.map((s) => s.key));
  const unskipped = [...new Set(plan.unskipped)].filter((k) => !skippedKeys.has(k));
  if (plan.complete || skipped.length + unskipped.length > 0)
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
