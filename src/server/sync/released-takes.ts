import type { TurnHoldRecords } from '../../core/turn-hold-records.js';

/**
 * The takes let go through the lease routes' release, remembered for a while so that the take's
 * own acquire, landing after it, is refused (brief leasegaps item 4, crash-hosts soak seed 99): a
 * pane asks for its lease and closes at once; its `pagehide` release, sent last, reached the
 * facade first, let go of nothing, and the acquire then gave the dead pane a fresh lease — the
 * folder refused to the user's next sync for LEASE_TTL_MS, a company's create turn kept from
 * colleagues for CREATE_TURN_MS. Landing on a lease kept while the pane's writes may land, the
 * acquire (its own owner's) cut the keep short to its TTL.
 *
 * Remembered: the takes a release with writes in flight lets go (`inFlight`: the pane's
 * `pagehide`, its page going away — leave-on-close.ts names every take it asked for, answered or
 * not), and a live engine's create turn let go while a create it sent may still land (its group's
 * take: core create-turn-hold.ts withCreateTurn; its next group asks under a take of its own).
 * Either way no later acquire of that take is its holder's live one. Not any other
 * release: a live holder's release may come before its own take (one whose answer was lost, let
 * go), and its owner may take the key again (the contract: a release by a non-owner does nothing).
 *
 * Kept in the store's records beside the turn's holds (TurnHoldRecords), so every facade process
 * on one store refuses alike; forgotten after `horizonMs` — an acquire sent before its release
 * lands within its own timeout of its send (the pane's state call), which the write settle covers.
 */
export class ReleasedTakes {
  constructor(
    private readonly records: TurnHoldRecords,
    private readonly horizonMs: number,
  ) {}

  /** Notes the take let go (before it is let go: an acquire read after that finds it). */
  async remember(key: string, owner: string, take: string | undefined, userId: string, nowMs: number) {
    const id = releasedId(key, owner, take);
    const { record, rev } = await this.records.read(id);
    if (record !== null && record.forgetMs > nowMs) return;
    const forgetMs = nowMs + this.horizonMs;
    // Lost to another write in between: that one remembered it (the same release sent again).
    await this.records.write(
      id,
      rev,
      { userId, owner, sinceMs: nowMs, untilMs: null, barredMs: null, forgetMs },
      nowMs,
    );
  }

  /** True when this take was let go (within the horizon): its acquire is refused. */
  async released(key: string, owner: string, take: string | undefined, nowMs: number): Promise<boolean> {
    const id = releasedId(key, owner, take);
    const { record } = await this.records.read(id);
    return record !== null && record.forgetMs > nowMs;
  }
}

/** The record's id: the key, the owner and the take as the release named them. */
function releasedId(key: string, owner: string, take: string | undefined): string {
  return `released:${JSON.stringify([key, owner, take ?? null])}`;
}
