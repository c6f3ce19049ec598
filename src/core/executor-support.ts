import type { CompiledFilter } from './filter/index.js';
import { makeLink } from './link.js';
import type { Link } from './link.js';
import { nextBase } from './merge.js';
import type { ConflictPolicy } from './merge.js';
import type { SyncFields } from './model.js';
import type { PlanItem } from './plan.js';
import { skipKey } from './pair.js';
import type {
  BcContacts,
  Clock,
  ConflictEntry,
  Mailbox,
  PortError,
  SkipEntry,
  SyncScope,
  SyncStateStore,
  WriteOutcome,
} from './ports.js';
import type { Ticker } from './lease.js';
import type { RunError, SideCounts, SyncMode } from './records.js';
import { portParams, writeError } from './run-errors.js';
import type { UpdatesAhead, UncertainLedger } from './uncertain-writes.js';
import type { TurnAhead } from './turn-ahead.js';
import type { EntriesAhead } from './entries-ahead.js';
import type { CreatedIdsEarly } from './created-ids-early.js';
import type { RunWait, WaitReporter } from './run-waits.js';

export type ExecutionPhase = 'bc' | 'outlook' | 'links';

export interface ProgressEvent {
  readonly phase: ExecutionPhase | 'reading' | 'planning';
  readonly done: number;
  readonly total: number;
  /**
   * The wait the run is in now, on purpose (run-waits.ts): absent while it works. The run sends
   * its latest event again as a wait begins and as it ends (core/run.ts), so the last event a
   * listener got always says whether the run waits.
   */
  readonly waiting?: RunWait;
}

export interface CancelToken {
  isCancelled(): boolean;
}

/** Thrown between chunks once the run was cancelled; the run ends `cancelled` (run-errors.ts). */
export class RunCancelledError extends Error {
  override readonly name = 'RunCancelledError';
  runFailure(): { code: 'cancelled' } {
    return { code: 'cancelled' };
  }
}

export interface ExecuteContext {
  readonly bc: BcContacts;
  readonly mailbox: Mailbox;
  readonly store: SyncStateStore;
  readonly scope: SyncScope;
  readonly mode: SyncMode;
  readonly policy: ConflictPolicy;
  readonly filter: CompiledFilter;
  /** BC's Country/Region codes, as the plan was made with (null: the plan read no Outlook value). */
  readonly countryCodes?: ReadonlySet<string> | null;
  /** Reads them when `countryCodes` is null and a stale write's re-read brings Outlook values. */
  readonly loadCountryCodes?: () => Promise<ReadonlySet<string>>;
  readonly onProgress?: (event: ProgressEvent) => void;
  readonly cancel?: CancelToken;
  /** Called before every chunk (the run renews its lease here); throwing stops the run. */
  readonly beforeChunk?: () => Promise<void>;
  /**
   * Called before every write call, once its items count as uncertain: the run saves its record
   * with that count (F114), so a process that dies while the call is out leaves it said. Throwing
   * stops the run before the call is sent.
   */
  readonly beforeSend?: () => Promise<void>;
  /** Just before every write call goes out: the run's lease is known held (UncertainLedger.held). */
  readonly held?: () => Promise<void>;
  /** The cancel's check of a call counted before a wait (UncertainLedger.recheck); absent: `beforeSend`. */
  readonly recheck?: () => Promise<void>;
  /**
   * The mark our Outlook creates carry (OutlookContact.createdBy): the run's id. Absent: creates
   * carry none, and no contact they make counts as ours (our-copies.ts).
   */
  readonly createMark?: string;
  /** Time for the company's create turn (executor-bc.ts); absent: no turn is taken. */
  readonly clock?: Clock;
  /** Where the run's deliberate waits are reported (the create turn's wait in line). */
  readonly waits?: WaitReporter;
  /**
   * Waits `ms` (the host's timer): a run waits for a create turn another creator holds with it;
   * absent, a held turn defers the creates at once.
   */
  readonly pause?: (ms: number) => Promise<void>;
  /** The host's ticker: renews the create turn while a group's creates are in flight. */
  readonly ticker?: Ticker;
  /**
   * The host's write settle (lease.ts writeSettleMs; RunDeps.writeSettleMs): how long a create turn
   * whose holder went away with creates out is kept, so how long a group waits in line for it
   * (lease.ts createTurnWaitMs). Absent: DEFAULT_WRITE_SETTLE_MS.
   */
  readonly writeSettleMs?: number;
  /** The create turn taken while the run read (turn-ahead.ts), for its first group of creates. */
  readonly turnAhead?: Pick<TurnAhead, 'claim'>;
  /** The ids of the imports asked as Graph answered (created-ids-early.ts), for the creates' entries. */
  readonly createdIdsEarly?: Pick<CreatedIdsEarly, 'answerFor'>;
  /**
   * The counts to fill as writes succeed (default: fresh ones). The run passes its own, so a run
   * that fails half-way still records the writes it did (tester F20: a failed run that had
   * written to Outlook recorded 0 updates).
   */
  readonly counts?: { bc: SideCounts; outlook: SideCounts };
  /** The writes whose outcome is not known (uncertain-writes.ts), filled likewise (default: fresh). */
  readonly uncertain?: { bc: SideCounts; outlook: SideCounts };
  /**
   * Outlook updates already counted on `uncertain` in a saved record (updates-ahead.ts: those of
   * BC's changes, counted while Graph read the folder). The executor counts its stamps on it too,
   * and whatever no call took stops counting as its writes end. Absent: a fresh one.
   */
  readonly updatesAhead?: UpdatesAhead;
  /** Pending entries of updates stored while Graph read (entries-ahead.ts): not stored again. */
  readonly entriesAhead?: EntriesAhead;
  /**
   * Called once every group of the Outlook phase has had its write calls answered, while the last
   * groups' links are still being stored (the run starts its echo round then, run-cursor.ts); not
   * called when the phase has nothing to write or a group failed.
   */
  readonly onOutlookAnswered?: () => void;
  /**
   * Told as each group of the Outlook phase answers, when the run writes no BC id stamps: how many
   * of the phase's writes have not answered yet, and how many have (the run may start its echo
   * round before the last of them answered, run-cursor.ts EchoRound.tail).
   */
  readonly onOutlookLeft?: (left: number, answered: number) => void;
  /**
   * Takes the link changes of the run's last group of Outlook writes, once nothing else of the run
   * writes (end-links.ts): the run stores them with its end, in the same store call (issue 12 §2).
   * Absent: every group stores its own.
   */
  readonly endLinks?: (changes: LinkChanges) => void;
  /**
   * Whether the run's end reads Outlook after the last write answered (the echo round's catch-up
   * page, run-cursor.ts): the last group's links are then stored beside that read (end-links.ts).
   */
  readonly endReadsAfter?: () => boolean;
}

/** A group's link changes after its writes answered (as RunEndLinks, without the scope). */
export interface LinkChanges {
  readonly upserts: readonly Link[];
  readonly deletes: readonly string[];
  readonly clearPending: readonly string[];
}

export interface ExecutionResult {
  readonly counts: { bc: SideCounts; outlook: SideCounts };
  readonly uncertain: { bc: SideCounts; outlook: SideCounts };
  readonly errors: RunError[];
  /** Items that could not be written, for the skipped list. */
  readonly failed: SkipEntry[];
  /** Conflicts found while re-planning after a stale write. */
  readonly conflicts: ConflictEntry[];
  readonly cancelled: boolean;
  /**
   * Outlook ids of BC creates left for the next sync — not failures (tester F69): the company's
   * create turn stayed with another creator, or BC gained a contact with the draft's E-Mail since
   * this run read BC (the next sync matches the two). The run keeps its cursor, so the next sync
   * reads them again.
   */
  readonly deferred: DeferredCreate[];
}

/**
 * A BC create left for the next sync, and why: the company's create turn did not come within
 * its wait (lease.ts createTurnWaitMs; `createTurnBusy`: other users' syncs were creating contacts
 * there), or BC
 * gained a contact with the draft's E-Mail since this run read BC (`createdElsewhere`).
 */
export interface DeferredCreate {
  readonly outlookId: string;
  readonly reason: 'createTurnBusy' | 'createdElsewhere';
}

/** Pairs whose BC side was written and whose Outlook side still waits. */
export interface PairState {
  link: Link;
  bcFields: SyncFields;
  item: Extract<PlanItem, { kind: 'update' }> | null;
  /**
   * The BC contact was created from the Outlook one in this run: writing the BC id onto the Outlook
   * contact is part of that create, not an Outlook update (the preview lists it under BC's creates).
   */
  createdInBc: boolean;
}

/**
 * What the phase writers share within one run: the ports, the result being filled, the pairs
 * whose BC side is written, and the executor's failure and re-planning steps.
 */
export interface WriteSession {
  readonly ctx: ExecuteContext;
  readonly res: ExecutionResult;
  readonly pairs: Map<string, PairState>;
  /** Where write calls count their items while they are out (uncertain-writes.ts `sending`). */
  readonly ledger: UncertainLedger;
  /** Outlook updates counted ahead: BC id stamps with their creates' announce, BC's changes (UpdatesAhead). */
  readonly updatesAhead: UpdatesAhead;
  /**
   * Store work that follows BC writes which answered (their links, the create turn's release):
   * the Outlook writes of those pairs go out meanwhile, not a round trip later (issue 12 §2). The
   * Outlook side stores its links only after it (a pair's newer link must land last), and the
   * run's writes end with it.
   */
  follow(work: Promise<void>): void;
  /** Awaits what `follow` was given so far; throws the first failure. */
  followed(): Promise<void>;
  /**
   * Writes nothing in the phases waits for (BC updates whose pair needs no Outlook write, sent
   * once their group's creates answered: executor-bc.ts): awaited when the phases have ended, before
   * the run's writes end. Never part of `followed`: such a write answered stale re-plans its pair,
   * and the re-plan's Outlook write awaits `followed` (ebffddd: awaiting itself, the run hung).
   * The links `work` answers are stored as `storeLinks` stores a group's: with the run's end when
   * nothing of the run writes after them.
   */
  behind(work: Promise<readonly Link[]>): void;
  /**
   * Writes the BC id stamps of creates that answered (stampAfterBcCreate items) as soon as they
   * answered, while BC makes the group's other contacts (issue 12, delta-outlook-1pct): in groups,
   * as the Outlook phase would, each after `beforeChunk`, none waited for by the phases (`behind`).
   */
  stamp(items: readonly PlanItem[]): void;
  fail(side: 'bc' | 'outlook', item: PlanItem, error: PortError): void;
  /**
   * Stores an Outlook group's link changes after its writes answered — or leaves them to the run's
   * end when nothing of the run writes after them (end-links.ts).
   */
  storeLinks(changes: LinkChanges): Promise<void>;
  /**
   * Stale writes of one group: read both sides of all of them again (one read per side, not one
   * per contact) and apply the pairs' new decisions at once.
   */
  replan(items: readonly Replannable[]): Promise<void>;
}

/** The error a port gives for an item it returned no result for. */
export const NO_RESULT: PortError = { kind: 'unknownOutcome', message: 'no result' };

/**
 * Most batches (of the port's `maxBatch`) one group of a phase carries: a group's store
 * bookkeeping (pending creates, links, lease) is one call per kind, so 10,000 creates cost ~200
 * store calls instead of ~2,000.
 */
const BATCHES_PER_GROUP = 10;

/** Groups a phase is cut into at least, while they hold more than one batch (progress steps). */
const MIN_GROUPS = 2;

/**
 * Items per group for a phase of `total` items written `batch` at a time: at least two groups
 * while a group holds more than one batch (progress moves, two groups can be in flight), at most
 * BATCHES_PER_GROUP batches a group.
 */
export function groupSize(total: number, batch: number): number {
  const size = Math.max(1, batch);
  const batches = Math.ceil(total / size);
  return size * Math.min(BATCHES_PER_GROUP, Math.max(1, Math.floor(batches / MIN_GROUPS)));
}

/** Groups of a phase in flight at once: one being written while the next waits to be sent. */
export const GROUPS_IN_FLIGHT = 2;

/**
 * Runs `task` over `list` with at most `width` at once, in list order. After a failure no new
 * task starts; the ones running are awaited, then the first failure is thrown.
 */
export async function inPool<T>(
  list: readonly T[],
  width: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async (): Promise<void> => {
    while (failure === null && next < list.length) {
      const item = list[next++] as T;
      try {
        await task(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(width, list.length)) }, worker));
  if (failure !== null) throw (failure as { error: unknown }).error;
}

/** The items a stale write sends back to the planner (WriteSession.replan). */
type Replannable = Extract<PlanItem, { kind: 'update' | 'deleteInOutlook' }>;

/**
 * A write batch's answers, item by item: `written` is told of each one written, with its value, and
 * `gone` (when given) of each the side no longer has; the stale ones are read and decided again
 * together (one replan per batch); any other answer, or none, fails the item on `side`.
 */
export async function settleWrites<I extends Replannable, V>(
  session: WriteSession,
  side: 'bc' | 'outlook',
  items: readonly I[],
  answers: readonly (WriteOutcome<V> | undefined)[],
  written: (item: I, value: V) => void,
  gone?: (item: I) => void,
): Promise<void> {
  const stale: I[] = [];
  for (const [n, item] of items.entries()) {
    const r = answers[n];
    if (r?.ok) written(item, r.value);
    else if (gone && r?.error.kind === 'notFound') gone(item);
    else if (r?.error.kind === 'stale') stale.push(item);
    else session.fail(side, item, r?.error ?? NO_RESULT);
  }
  if (stale.length > 0) await session.replan(stale);
}

/** Awaits every promise (none is left running unobserved), then throws the first failure. */
export async function settleAll(work: readonly Promise<void>[]): Promise<void> {
  const results = await Promise.allSettled(work);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

export function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += Math.max(1, size)) out.push(list.slice(i, i + Math.max(1, size)));
  return out;
}

/** The error and the skipped entry a failed write leaves. */
export function failureOf(
  side: 'bc' | 'outlook',
  item: PlanItem,
  error: PortError,
): { error: RunError; failed: SkipEntry } {
  const bcId = 'bcId' in item ? item.bcId : '';
  const outlookId = 'outlookId' in item ? item.outlookId : '';
  const id = side === 'bc' ? bcId || outlookId : outlookId || bcId;
  const name =
    'fields' in item ? item.fields.displayName : item.kind === 'update' ? item.bc.target.displayName : '';
  return {
    error: writeError(side, id, error),
    failed: {
      // Keyed like the planner's entries, so the next successful run clears it.
      key: outlookId ? skipKey('outlook', outlookId) : skipKey('bc', bcId),
      record: {
        side,
        bcId,
        // A plan item carries BC's synced fields, not its No.
        bcNumber: '',
        outlookId,
        displayName: name,
        reason: { kind: 'writeFailed', ...portParams(error) },
      },
    },
  };
}

/** After an Outlook contact became a BC contact: write BC's id (and name) onto the Outlook contact. */
export function stampAfterBcCreate(
  link: Link,
  created: Extract<PlanItem, { kind: 'createInBc' }>,
  bcFields: SyncFields,
): Extract<PlanItem, { kind: 'update' }> {
  return {
    kind: 'update',
    bcId: link.bcId,
    outlookId: created.outlookId,
    base: link.base,
    bc: { stamp: link.bcEtag, current: bcFields, target: bcFields },
    outlook: { stamp: created.changeKey, current: created.fields, target: bcFields },
    existing: null,
    outlookOwn: link.outlookOwn,
    stampBcId: true,
  };
}

/** Links stored by items that write nothing: new matches, refreshed stamps, pairs gone on both sides. */
export function linkChanges(chunk: readonly PlanItem[]): { upserts: Link[]; drops: string[] } {
  const upserts: Link[] = [];
  const drops: string[] = [];
  for (const item of chunk) {
    if (item.kind === 'link') upserts.push(item.link);
    else if (item.kind === 'unlink') drops.push(item.bcId);
    else if (item.kind === 'update') {
      const base = nextBase(item.base, item.bc.target, item.outlook.target);
      const stamps = { bcEtag: item.bc.stamp, outlookChangeKey: item.outlook.stamp };
      upserts.push(makeLink(item, base, stamps, item.outlookOwn));
    }
  }
  return { upserts, drops };
}
