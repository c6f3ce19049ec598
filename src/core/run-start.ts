import type { UpdatesCountedAhead } from './updates-ahead.js';
import type { BcChangesSeen, EntriesAhead } from './entries-ahead.js';
import { onSide } from './sided-port.js';
import { moveDue } from './folder-move.js';
import { lastFolderIdIn } from './folder.js';
import { filterKey } from './run-cursor.js';
import { readStoredFolder } from './run-folder-reads.js';
import {
  companyChange,
  readRecentRuns,
  stateCompany,
  stateCompanyAdapter,
  stateCompanyName,
  stateOriginIn,
} from './state-origin.js';
import type { CompanyChange, StateFolder } from './state-origin.js';
import type { BcContacts, Mailbox, PageBeat, SyncCursor, SyncStateStore } from './ports.js';
import type { RunRecord, SyncSettings } from './records.js';
import type { RunRequest } from './run-types.js';

/* What a run takes from the user's recent run records before it reads (run.ts), and the delta
   read it may start as soon as it holds the lease, on records and a cursor read just before. */

/** What the recent run records say about a run of the settings' folder. */
export interface RunStart {
  /** The records it was worked out from (newest first). */
  readonly runs: readonly RunRecord[];
  /** The state's folder when it is another than the settings name (a move is due, F73). */
  readonly moving: StateFolder | null;
  /** The BC company the state belongs to (F86); null when no run named one yet. */
  readonly known: string | null;
  /** The BC port of that company (the one given when it is that company or cannot say). */
  readonly bc: BcContacts;
  /** The change when the run would sync another company than the state's (it then stops). */
  readonly changed: CompanyChange | null;
  /** The folder id the runs before recorded for the settings' folder (null: none yet). */
  readonly storedFolderId: string | null;
}

/**
 * The run's start as `runs` say it. `given` is the host's BC port, `sided` the same as the run
 * marks its failures (onSide); a port of another company is marked so here.
 */
export async function runStartOf(
  store: SyncStateStore,
  ports: { readonly given: BcContacts; readonly sided: BcContacts },
  userId: string,
  folderName: string,
  runs: readonly RunRecord[],
): Promise<RunStart> {
  const origin = stateOriginIn(runs);
  const moving = moveDue(origin.folder, folderName);
  // F86: the state belongs to one company; a run for another stops before it reads anything.
  const known = await stateCompany(store, userId, origin, ports.given);
  const own = stateCompanyAdapter(ports.given, known);
  const bc = own ? onSide(own, 'bc', { id: own.companyId, name: own.companyName }) : ports.sided;
  const changed = companyChange(known, bc.companyId, {
    // A record from before records named the company (F104): the host's company list names it.
    from: stateCompanyName(origin, known) ?? (known === null ? null : ports.given.nameOf?.(known)),
    to: bc.companyName,
  });
  return { runs, moving, known, bc, changed, storedFolderId: lastFolderIdIn(runs, userId, folderName) };
}

/**
 * Whether the records read under the lease are those the run's start was worked out from: no run
 * started, saved progress, ended or was marked since (each saves its record), so everything taken
 * from them holds. Records are plain JSON as stored: the same text is the same record.
 */
function sameRuns(before: readonly RunRecord[], now: readonly RunRecord[]): boolean {
  return JSON.stringify(before) === JSON.stringify(now);
}

/** Whether two reads of a folder's cursor found the same one (both none included). */
function sameCursor(a: SyncCursor | null, b: SyncCursor | null): boolean {
  if (a === null || b === null) return a === b;
  return a.deltaLink === b.deltaLink && a.bcDeltaLink === b.bcDeltaLink && a.filterKey === b.filterKey;
}

/** How a run's mode and filter use a stored cursor. */
export function cursorUse(
  mode: RunRequest['mode'],
  settings: Pick<SyncSettings, 'filter'>,
): {
  /** rule delta.filterChange, full.everyContact: both sides are read whole. */
  readonly readsAll: (cursor: SyncCursor | null) => boolean;
  /** BC's delta link to read changes from; null: BC is read whole. */
  readonly bcLinkOf: (cursor: SyncCursor | null) => string | null;
} {
  const key = filterKey(settings.filter);
  const readsAll = (cursor: SyncCursor | null): boolean => mode === 'full' || cursor?.filterKey !== key;
  return { readsAll, bcLinkOf: (cursor) => (readsAll(cursor) ? null : (cursor?.bcDeltaLink ?? null)) };
}

/** A delta run's reads of the folder the runs before synced (run-folder-reads.ts readStoredFolder). */
export type StoredFolderRead = ReturnType<typeof readStoredFolder>;

/** readStoredFolder of `folderId` with the run's cursor use. */
export function readStoredFolderOf(
  deps: { readonly store: SyncStateStore; readonly bc: BcContacts; readonly mailbox: Mailbox },
  req: Pick<RunRequest, 'mode' | 'userId'>,
  settings: Pick<SyncSettings, 'filter'>,
  stored: {
    readonly folderId: string;
    readonly cursor?: Promise<SyncCursor | null> | undefined;
    readonly echoFree?: boolean;
    readonly onBcLinked?: (outlookIds: readonly string[]) => void;
    readonly onBcChanges?: (seen: BcChangesSeen) => void;
  },
  beat: PageBeat,
  onNew?: Parameters<typeof readStoredFolder>[6],
): StoredFolderRead {
  const { readsAll, bcLinkOf } = cursorUse(req.mode, settings);
  return readStoredFolder(
    deps,
    {
      userId: req.userId,
      folderId: stored.folderId,
      cursor: stored.cursor,
      ...(stored.echoFree ? { echoFree: true } : {}),
      ...(stored.onBcLinked ? { onBcLinked: stored.onBcLinked } : {}),
      ...(stored.onBcChanges ? { onBcChanges: stored.onBcChanges } : {}),
    },
    deps.mailbox,
    bcLinkOf,
    readsAll,
    beat,
    onNew,
  );
}

/** Reads a delta run started as it took the lease, on what it read just before (run.ts). */
export interface ReadAhead<P> {
  /** The start worked out from the records read before the lease. */
  readonly start: RunStart;
  /** The ports the reads went through (the run goes on with them). */
  readonly ports: P;
  readonly read: StoredFolderRead;
  /** The Outlook updates of BC's changes the reads tell, for the run to count ahead (updates-ahead.ts). */
  readonly counted: UpdatesCountedAhead;
  /** The pending entries of those updates, stored while Graph reads (entries-ahead.ts); null in a dry run. */
  readonly entries: EntriesAhead | null;
  /** Lets go of what the reads took ahead (the create turn, turn-ahead.ts) when they are dropped. */
  readonly drop: () => Promise<void>;
}

/**
 * The run's start under the lease just taken. `seen` is what was read before it: the recent
 * records, and the cursor of the folder they name. A delta run starts its reads on them at once
 * (`readAhead`: one store round trip less before Graph's first request, issue 12 §2), then reads
 * the records and that cursor again under the lease. The reads are the run's only if both are
 * the same: another run that ran in between (a pane, the scheduler, another process) saved its
 * record, may have moved the cursor or synced another folder. Else they are let finish unused
 * (ports take no signal of their own) and the run reads again on the records read now. Nothing
 * started here is left running when it throws. `cursor`: the cursor read under the lease. Read
 * under it already (`seen.underLease`: the store's opening said so, RunOpening.readUnderLease),
 * the records and the cursor are not read again and the reads are the run's.
 */
export async function startUnderLease<P>(
  store: SyncStateStore,
  req: Pick<RunRequest, 'mode' | 'userId'>,
  seen: {
    readonly runs: readonly RunRecord[] | null;
    readonly folderId: string | null;
    readonly cursor: Promise<SyncCursor | null> | null;
    /** They were read under the lease (RunOpening.readUnderLease): not read again. */
    readonly underLease?: boolean;
  },
  startOf: (runs: readonly RunRecord[]) => Promise<RunStart>,
  readAhead: (start: RunStart, folderId: string) => Omit<ReadAhead<P>, 'start'>,
): Promise<{ start: RunStart; ahead: ReadAhead<P> | null; cursor: Promise<SyncCursor | null> | null }> {
  const { runs, folderId } = seen;
  let ahead: ReadAhead<P> | null = null;
  try {
    if (runs !== null && folderId !== null && seen.cursor !== null && req.mode === 'delta') {
      const start = await startOf(runs);
      if (start.moving === null && start.changed === null) ahead = { start, ...readAhead(start, folderId) };
    }
    ahead?.read.catch(() => undefined);
    // Read under the lease already: the run's start and its first save of the record go on at once
    // (issue 12, delta-bc-1pct at 1,000: these two reads were a store round trip before that save,
    // which the first write waits for).
    const again = seen.underLease !== true || runs === null;
    const cursor =
      folderId === null ? null : again ? store.getCursor({ userId: req.userId, folderId }) : seen.cursor;
    cursor?.catch(() => undefined);
    const recent = again ? await readRecentRuns(store, req.userId) : runs;
    const kept =
      ahead !== null &&
      (!again || (sameRuns(ahead.start.runs, recent) && (await sameCursorRead(seen.cursor, cursor))));
    if (!kept && ahead !== null) {
      await ahead.read.catch(() => undefined);
      await ahead.drop();
      ahead = null;
    }
    return { start: ahead?.start ?? (await startOf(recent)), ahead, cursor };
  } catch (e) {
    await ahead?.read.catch(() => undefined);
    await ahead?.drop();
    throw e;
  }
}

/** Whether two reads of a cursor both answered, and alike (a failed one is found again in the run). */
async function sameCursorRead(
  a: Promise<SyncCursor | null> | null,
  b: Promise<SyncCursor | null> | null,
): Promise<boolean> {
  if (a === null || b === null) return false;
  const [x, y] = await Promise.allSettled([a, b]);
  return x.status === 'fulfilled' && y.status === 'fulfilled' && sameCursor(x.value, y.value);
}
