import type { ExecutionResult } from './executor-support.js';
import type { Plan } from './plan.js';
import type { BcRead, PageBeat, SyncCursor, SyncScope } from './ports.js';
import type { SideCounts } from './records.js';
import { ECHO_PAGE, linkPastOwnWrites } from './run-folder-reads.js';
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
 * The cursor of a run that ended clean, to store with its record (`SyncStateStore.endRun`): BC's
 * delta link as read (`null` for none), and the folder's delta link `deltaLink` — moved past the
 * run's own Outlook writes when they fill a delta page (a first full sync: the next run would page
 * through them all), else the next delta reads their echoes. `confirm` first makes sure the lease
 * is still held: a run that lost it must not move the cursor past changes another run now owns
 * (F105; the store's fence refuses it too). `beat`: the lease heartbeat between pages.
 */
export async function nextCursor(
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
    /** The echo round, when the run started it as its writes answered. */
    echo?: EchoRound;
  },
  lease: { beat: PageBeat; confirm: () => Promise<void> },
): Promise<SyncCursor> {
  const written = run.result.counts.outlook;
  const past = run.echo
    ? await run.echo.past()
    : await linkPastOwnWrites(
        deps,
        scope,
        run.deltaLink,
        written.created + written.updated + written.deleted,
        deletedIn(run.plan),
        lease.beat,
        run.ownKeys,
      );
  await lease.confirm();
  return {
    bcDeltaLink: run.bcRead.deltaLink === '' ? null : run.bcRead.deltaLink,
    deltaLink: past,
    filterKey: run.filterKey,
  };
}

/** The Outlook ids the plan deletes: the echo round reports them removed, as the run's own. */
function deletedIn(plan: Plan): Set<string> {
  return new Set(plan.items.flatMap((i) => (i.kind === 'deleteInOutlook' ? [i.outlookId] : [])));
}

/**
 * The echo round before the cursor (linkPastOwnWrites), started as soon as the run's Outlook writes
 * have all answered (ExecuteContext.onOutlookAnswered, `answered`), while the executor stores their
 * links and the run its outcome (issue 12 §2: a first full sync's tail waited for both before the
 * round's first page). It tells the run's own writes once `stored` settles — every link of the run
 * is noted by then — so what it reports before they land is not taken for someone else's change.
 * Started late (no answer came: nothing written, a group failed), it is the round as it was.
 *
 * Started earlier (`tail`, ExecuteContext.onOutlookLeft): once the writes still out fit one delta
 * page, at least half a page of them, and a page is behind. Its pages then go beside the last
 * write envelopes (the Graph adapter sends the last one waiting as 3 sequential envelopes, one of
 * the mailbox's 4 slots each, and the page takes the fourth: ConcurrencyLimiter, batch-lanes.ts)
 * instead of after them, one after another (issue 12 §2: 5 pages after a first full sync's 1,000
 * writes). Once every write answered, its link is followed once more (a catch-up page: the writes
 * that landed after the round passed them). Started after them, the round passes every write.
 */
export class EchoRound {
  private round: Promise<string> | null = null;
  /** Started before every write answered: its link is followed once more after them. */
  private early = false;
  private allAnswered: () => void = () => undefined;
  private readonly answeredAll = new Promise<void>((resolve) => (this.allAnswered = resolve));

  constructor(
    private readonly deps: Pick<RunDeps, 'mailbox' | 'store' | 'logger'>,
    private readonly scope: SyncScope,
    private readonly run: {
      plan: Plan;
      /** The executor's counts as they fill (the writes so far when the round starts). */
      written: SideCounts;
      deltaLink: string;
      /** `deltaLink` is the start link of a folder the run made (linkPastOwnWrites `fromStart`). */
      fromStart?: boolean;
      ownKeys: OwnLinkKeys;
      /** Settles when the executor ended: every link the run stores is stored. */
      stored: Promise<void>;
    },
    private readonly beat: PageBeat,
  ) {}

  /** Started before every write answered: its catch-up page follows the last answer. */
  get catchUp(): boolean {
    return this.early;
  }

  /** Every Outlook write answered (ExecuteContext.onOutlookAnswered): the round starts if it has not. */
  readonly answered = (): void => {
    this.allAnswered();
    this.start();
  };

  /** `left` of the Outlook writes are still out, `answered` answered (ExecuteContext.onOutlookLeft). */
  readonly tail = (left: number, answered: number): void => {
    if (this.round !== null) return;
    if (left > ECHO_PAGE || left * 2 < ECHO_PAGE || answered < ECHO_PAGE) return;
    this.early = true;
    this.start();
  };

  /** Starts the round (once); its failure is seen where the link is asked for (`past`). */
  readonly start = (): void => {
    if (this.round !== null) return;
    const { written: w } = this.run;
    // The lease beats between the round's pages without holding the next page back (a renewal
    // with its checkpoint save stood 20-70 ms between two pages of a first full sync's tail):
    // every beat is awaited before the link is given, so a lost lease still fails the round.
    const beats: Promise<void>[] = [];
    const aside: PageBeat = async () => {
      const beat = this.beat();
      beat.catch(() => undefined);
      beats.push(beat);
    };
    this.round = linkPastOwnWrites(
      this.deps,
      this.scope,
      this.run.deltaLink,
      w.created + w.updated + w.deleted,
      deletedIn(this.run.plan),
      aside,
      this.run.ownKeys,
      this.run.stored,
      // The live counts: read once every link is stored, they are the run's.
      this.run.fromStart ? w : null,
      // Every write answered, or the executor ended (a group failed: no answer comes).
      this.early ? Promise.race([this.answeredAll, this.run.stored]) : null,
    ).then(async (link) => {
      await Promise.all(beats);
      return link;
    });
    this.round.catch(() => undefined);
  };

  /** The link past the run's own writes (the round started now if it was not). */
  past(): Promise<string> {
    this.start();
    return this.round as Promise<string>;
  }

  /** A round started whose link the run will not store: awaited, so none of its reads outlives the run. */
  async drop(): Promise<void> {
    await this.round?.catch(() => undefined);
  }
}
