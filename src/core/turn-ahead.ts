import { takeCreateTurn } from './create-turn.js';
import { CREATE_TURN_MS, createTurnKey } from './lease.js';
import { normalizeEmail } from './model.js';
import type { BcContact } from './model.js';
import type { BcContacts, Clock, SyncScope, SyncStateStore } from './ports.js';

/**
 * Reads by id past which a delta does not take the turn ahead: the turn would be held while they
 * are read (20 to a $batch, 4 at a time: 200 reads are 50 round trips, about 2 s at 40 ms).
 */
const AHEAD_READS_MAX = 200;

/**
 * How long a turn taken ahead may wait for the run's first group of creates; older, it is let go
 * and taken again in line. A third of the turn's length: it is not renewed until claimed, and the
 * first renewal (LEASE_HEARTBEAT_MS after the claim) still comes before it ends.
 */
const AHEAD_HOLD_MS = CREATE_TURN_MS / 3;

/** The create turn's owner for a run's creates in `scope` (executor-bc.ts renews and lets go under it). */
export const turnOwnerOf = (scope: SyncScope): string =>
  JSON.stringify(['run', scope.userId, scope.folderId]);

/**
 * The id of a run's `n`th take of the create turn (SyncStateStore.acquireLease `take`). The turn's
 * owner is the scope's, the same for every run of the folder on every host, and each group takes
 * the turn anew: a release names its take, so one sent again or landing late leaves the next take
 * held (review RV11). `runId`: the run's, unique to it; `n`: its takes in order.
 */
export const turnTakeOf = (runId: string, n: number | 'ahead'): string => JSON.stringify([runId, n]);

/** A turn taken ahead and claimed by the run's first group of creates. */
export interface AheadTurn {
  /**
   * The e-mails (normalized) looked up in BC once the turn was held, and BC's contacts holding
   * them; null when that look-up failed (the group looks its e-mails up itself, under the turn).
   */
  readonly looked: { readonly emails: ReadonlySet<string>; readonly found: readonly BcContact[] } | null;
  /** When the turn was asked for (`clock.monotonicMs()`): its time counts from about then. */
  readonly askedAtMs: number;
  /** The take's id the turn was taken under (turnTakeOf): the group holds and lets go of it so. */
  readonly take: string | undefined;
}

/**
 * The company's create turn, taken while Graph reads a delta's reported contacts by id (issue 12,
 * delta-outlook-1pct: after those reads the turn's walk and the look-up of the new contacts'
 * e-mails under it stood between Graph's answer and BC's creates; BC's creates and the BC id stamps
 * after them are the run's path, while the reads by id leave the store and BC idle). The look-up
 * under the turn is the run's look-ahead of those e-mails (one BC read, not two).
 *
 * Fairness (F72): the turn is taken through the company's line as every creator takes it
 * (takeCreateTurn), without waiting: a place on the way that another holds — a creator waiting or
 * creating — ends the attempt at once and lets go of every place taken, so nobody is overtaken and
 * no place is kept; the run's creates then wait in line as before. Its hold is bounded: only a
 * delta with at most AHEAD_READS_MAX reads by id takes it, the run's first group claims it within
 * AHEAD_HOLD_MS or it is let go, and the run lets go one it does not claim once it plans (no
 * creates) or ends.
 *
 * Under the turn the new contacts' e-mails (from the delta page) are looked up in BC: a creator
 * that makes a contact takes the turn first, so until the group's creates that answer is as good
 * as one asked right before them (F61); an e-mail the read by id changed is looked up then.
 */
export class TurnAhead {
  private taking: Promise<{
    held: boolean;
    at: number;
    askedAt: number;
    looked: AheadTurn['looked'];
  }> | null = null;
  private owner = '';
  private take: string | undefined;
  /** Claimed or let go: nothing more to do. */
  private done = false;
  private ending: Promise<void> | null = null;

  constructor(
    private readonly deps: {
      readonly store: SyncStateStore;
      readonly clock: Clock;
      readonly bc: Pick<BcContacts, 'findByEmails' | 'companyId'>;
    },
  ) {}

  /**
   * Tries the turn for `owner` (turnOwnerOf the run's scope), once, for the new contacts a delta
   * reports (`emails`: their first e-mails) while `reads` contacts are read by id; then looks the
   * e-mails up in BC: the answer (the run's look-ahead, bc-look-ahead.ts, takes it as its own) is
   * under the turn when the turn came. Null when no turn is tried (the look-ahead asks BC itself).
   */
  start(owner: string, emails: readonly string[], reads: number, take?: string): Promise<BcContact[]> | null {
    if (this.taking !== null || this.done || reads > AHEAD_READS_MAX) return null;
    const { store, clock, bc } = this.deps;
    this.owner = owner;
    this.take = take;
    const wanted = [...new Set(emails.map(normalizeEmail))].filter((e) => e !== '');
    // No `pause`: a held place ends the attempt at once (nothing left held). A store that failed
    // on the way leaves it to the group's own turn.
    const askedAt = clock.monotonicMs();
    const turn = takeCreateTurn({ store, clock }, bc.companyId, owner, 0, take).then(
      (held) => ({ held, at: clock.monotonicMs() }),
      () => ({ held: false, at: 0 }),
    );
    const found = turn.then(() => (wanted.length === 0 ? [] : bc.findByEmails(wanted)));
    found.catch(() => undefined);
    this.taking = turn.then(async (t) => ({
      ...t,
      askedAt,
      looked: await found.then(
        (list) => ({ emails: new Set(wanted), found: list }),
        () => null,
      ),
    }));
    return found;
  }

  /**
   * The turn for the run's first group of creates (`owner`: its own): held, looked up, and not
   * older than AHEAD_HOLD_MS. Null when none was taken, it is claimed already, or it is let go
   * here (too old, another owner); the group then takes the turn in line.
   */
  async claim(owner: string): Promise<AheadTurn | null> {
    if (this.taking === null || this.done) return null;
    this.done = true;
    const got = await this.taking;
    if (!got.held) return null;
    if (owner !== this.owner || this.deps.clock.monotonicMs() - got.at >= AHEAD_HOLD_MS) {
      await this.letGo();
      return null;
    }
    return { looked: got.looked, askedAtMs: got.askedAt, take: this.take };
  }

  /**
   * Lets go of a turn no group claimed (the plan has no creates, the run ends); the same promise
   * however often it is asked, so the run's end waits for a release started earlier.
   */
  release(): Promise<void> {
    if (this.ending !== null) return this.ending;
    if (this.taking === null || this.done) return Promise.resolve();
    this.done = true;
    const taking = this.taking;
    this.ending = (async () => {
      if ((await taking).held) await this.letGo();
    })();
    return this.ending;
  }

  private async letGo(): Promise<void> {
    await this.deps.store.releaseLease(createTurnKey(this.deps.bc.companyId), this.owner, this.take);
  }
}
