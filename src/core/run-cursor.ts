import type { ExecutionResult } from './executor-support.js';
import type { Plan } from './plan.js';
import type { BcRead, PageBeat, SyncCursor, SyncScope } from './ports.js';
import { linkPastOwnWrites } from './run-folder-reads.js';
import type { OwnLinkKeys } from './own-link-keys.js';
import type { RunDeps } from './run-types.js';

// The run's cursor: which filter it was read under, and where the next run reads on from.

/**
 * A stable fingerprint of the filter (`SyncCursor.filterKey`): a changed filter forces a full read
 * of BC and of the folder (rule delta.filterChange). Blank values do not count; keys in order.
 */
export function filterKey(filter: Readonly<Record<string, string>>): string {
  const entries = Object.entries(filter)
    .filter(([, v]) => v.trim() !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(entries);
}

/**
 * Saves the cursor of a run that ended clean: BC's delta link as read (`null` for none), and the
 * folder's delta link `deltaLink` — moved past the run's own Outlook writes when they fill a delta
 * page (a first full sync: the next run would page through them all), else the next delta reads
 * their echoes. `confirm` first makes sure the lease is still held: a run that lost it must not move
 * the cursor past changes another run now owns (F105). `beat`: the lease heartbeat between pages.
 */
export async function saveCursor(
  deps: Pick<RunDeps, 'mailbox' | 'store' | 'logger'>,
  scope: SyncScope,
  run: {
    plan: Plan;
    result: ExecutionResult;
    bcRead: BcRead;
    deltaLink: string;
    filterKey: string;
    /** The links the run's writes stored (own-link-keys.ts), if noted. */
    ownKeys?: OwnLinkKeys;
  },
  lease: { beat: PageBeat; confirm: () => Promise<void> },
): Promise<void> {
  const written = run.result.counts.outlook;
  const past = await linkPastOwnWrites(
    deps,
    scope,
    run.deltaLink,
    written.created + written.updated + written.deleted,
    new Set(run.plan.items.flatMap((i) => (i.kind === 'deleteInOutlook' ? [i.outlookId] : []))),
    lease.beat,
    run.ownKeys,
  );
  await lease.confirm();
  const next: SyncCursor = {
    bcDeltaLink: run.bcRead.deltaLink === '' ? null : run.bcRead.deltaLink,
    deltaLink: past,
    filterKey: run.filterKey,
  };
  await deps.store.putCursor(scope, next);
}
