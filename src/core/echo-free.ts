import type { RunRecord } from './records.js';
import { uncertainTotal } from './uncertain-writes.js';

/*
 * Whether a delta of a folder can report an echo of a run's own writes, told from the user's recent
 * run records alone (issue 12, delta-outlook-1pct: the links of what the delta page reported were a
 * store round trip between Graph's delta page and its reads by id, there only to leave echoes
 * unread). An echo is an Outlook contact a run wrote after the delta link it read: the link the
 * cursor holds was stored by the newest run that moved the cursor, from its own read, so it is past
 * every write of the runs before that one; only that run's own writes and those of the runs after
 * it (failed, cancelled, interrupted, held: they keep the cursor) can come back. When none of them
 * wrote anything, the delta holds no echo of a run, and what it reports is read by id at once.
 *
 * A wrong "no echo" costs reads, never a wrong plan: a contact read by id that was an echo after all
 * (a conflict resolved from the pane writes outside a run) is what the delta reported, read whole,
 * and the planner finds its values equal to its link's base as it does for any unchanged contact.
 */

/** Whether a record says its run wrote or may have written a contact, on either side. */
function wrote(run: RunRecord): boolean {
  const { bc, outlook } = run.counts;
  const done = bc.created + bc.updated + bc.deleted + outlook.created + outlook.updated + outlook.deleted;
  return done > 0 || uncertainTotal(run.uncertain) > 0;
}

/** Whether a record's run stored its cursor: it succeeded and left no create for the next sync. */
function movedCursor(run: RunRecord): boolean {
  const deferred = run.deferred ? run.deferred.createTurnBusy + run.deferred.createdElsewhere : 0;
  return run.status === 'succeeded' && deferred === 0;
}

/**
 * True when `runs` (newest first, as the store lists them) show that no run wrote anything since the
 * delta link of `folderId`'s cursor was read: walking back to the newest run that moved the cursor,
 * every run of the folder, that one included, wrote nothing (BC writes too: a BC create is followed
 * by its BC id stamp on the Outlook contact, which no Outlook count holds). Dry runs write nothing
 * and move no cursor. A record of another folder, or none that moved the cursor: false (it cannot
 * tell).
 */
export function echoFreeSince(runs: readonly RunRecord[], folderId: string): boolean {
  for (const run of runs) {
    if (run.dryRun) continue;
    if (run.folderId !== folderId || wrote(run)) return false;
    if (movedCursor(run)) return true;
  }
  return false;
}
