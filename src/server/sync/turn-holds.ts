import { CREATE_TURN_MAX_HOLD_MS, createTurnCompany, createTurnKey } from '../../core/lease.js';

/** Why a renewal of a company's create turn was refused, as data beside `ok: false`. */
interface HoldLimitRefusal {
  readonly kind: 'createTurnHoldLimit';
  /** How long one acquisition may keep the turn (CREATE_TURN_MAX_HOLD_MS). */
  readonly maxHoldMs: number;
}

/**
 * When each holder took a company's create turn through the lease routes (tester F72 rest: a
 * holder that kept renewing by hand held the turn for as long as it liked, and a colleague's
 * "This sender" answered 409 after its 15 s wait). One acquisition keeps the turn at most
 * CREATE_TURN_MAX_HOLD_MS: a renewal never extends it past that, and one asked after it is
 * refused with `createTurnHoldLimit`, so the line moves. Only the turn itself (slot 0) is bounded:
 * a place in the line is held for as long as its creator waits (CREATE_TURN_WAIT_MS).
 *
 * Kept in this process (the facade is one process per store; after a restart the first renewal
 * of a holder counts as its acquisition, which only ever shortens a hold). Entries go on release
 * and once their hold is over, so the map holds at most the turns taken in the last hold time.
 */
export class TurnHolds {
  private readonly since = new Map<string, number>();

  constructor(private readonly maxHoldMs = CREATE_TURN_MAX_HOLD_MS) {}

  /** The length to take the turn for at `now`, for a fresh acquisition (not one still held). */
  acquired(key: string, owner: string, nowMs: number, ttlMs: number): number {
    if (!isTurn(key)) return ttlMs;
    this.prune(nowMs);
    const id = holdId(key, owner);
    // Acquiring again what one still holds does not start a new hold; one whose hold is over
    // (its lease ran out with it) does.
    const held = this.since.get(id);
    const from = held !== undefined && held + this.maxHoldMs > nowMs ? held : nowMs;
    this.since.set(id, from);
    return Math.min(ttlMs, from + this.maxHoldMs - nowMs);
  }

  /** The length to renew the turn for at `now`; a refusal once this acquisition's hold is over. */
  renewal(key: string, owner: string, nowMs: number, ttlMs: number): number | HoldLimitRefusal {
    if (!isTurn(key)) return ttlMs;
    this.prune(nowMs);
    const id = holdId(key, owner);
    const from = this.since.get(id) ?? nowMs;
    this.since.set(id, from);
    const left = from + this.maxHoldMs - nowMs;
    return left > 0 ? Math.min(ttlMs, left) : { kind: 'createTurnHoldLimit', maxHoldMs: this.maxHoldMs };
  }

  released(key: string, owner: string): void {
    this.since.delete(holdId(key, owner));
  }

  /**
   * Holds over for another whole hold time are forgotten. Until then a renewal is refused; after,
   * the lease ran out long ago, and a renewal succeeds only if nobody wanted the turn meanwhile
   * (the store keeps an expired lease its holder's until another takes it): no one waits then.
   */
  private prune(nowMs: number): void {
    for (const [id, from] of this.since) if (from + 2 * this.maxHoldMs <= nowMs) this.since.delete(id);
  }
}

const holdId = (key: string, owner: string): string => JSON.stringify([key, owner]);

/** The turn itself (slot 0 of its line), not a place in the line. */
function isTurn(key: string): boolean {
  const company = createTurnCompany(key);
  return typeof company === 'string' && createTurnKey(company, 0) === key;
}
