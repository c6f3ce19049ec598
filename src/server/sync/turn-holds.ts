import {
  CREATE_TURN_BARRED_MS,
  CREATE_TURN_MAX_HOLD_MS,
  CREATE_TURN_REJOIN_MS,
  createTurnCompany,
  createTurnSlot,
} from '../../core/lease.js';

/** Why a lease route refused to take or renew a company's create turn or a place in its line. */
type HoldRefusal =
  /** One acquisition of the turn, or one stay in the line, is over (CREATE_TURN_MAX_HOLD_MS). */
  | { readonly kind: 'createTurnHoldLimit'; readonly maxHoldMs: number }
  /** The user already holds a place in this company's line under another owner. */
  | { readonly kind: 'createTurnOnePlace' };

/** An acquisition refused: why, and until when (epoch ms) it stays refused. */
export interface AcquireRefusal {
  readonly refused: HoldRefusal;
  readonly untilMs: number;
}

/** A user's stay in a company's line (places 1..CREATE_TURN_LINE), as the lease routes saw it. */
interface Stay {
  readonly owner: string;
  /** When the stay began: its first place taken. */
  readonly since: number;
  /** When the place last taken or renewed ends (or ended: released). */
  until: number;
  /** Set once the user asked to stay past the bound: until when it is kept out of the line. */
  barred?: number;
}

/**
 * Bounds on what the lease routes let one client hold of a company's create turn and its line
 * (tester F72 rest, then the attacker pass: a member holding place 1 of the line and renewing it
 * every 10 s kept every colleague's creates out for minutes — "This sender" 409 after 15 s, a
 * delta run `deferred` — since only the turn itself was bounded).
 *
 * - The turn (slot 0): one acquisition keeps it at most CREATE_TURN_MAX_HOLD_MS; a renewal never
 *   extends it past that, one asked after it is refused with `createTurnHoldLimit`, so the line moves.
 *   A new acquisition walks from the line's end (create-turn.ts takeLinePlace): it cannot pass
 *   whoever waits, so taking the turn again is no way around the bound.
 * - The places (slots 1..CREATE_TURN_LINE): a user stays in a company's line at most
 *   CREATE_TURN_MAX_HOLD_MS from the first place taken — moves up, releases, other owner names and
 *   re-acquisitions within CREATE_TURN_REJOIN_MS of the last place's end all count as one stay.
 *   One that asks to stay longer is refused, and kept out of the line for CREATE_TURN_BARRED_MS
 *   after the bound, so a squatter blocks the others at most one bound in three. A creator
 *   honestly waiting gives up after CREATE_TURN_WAIT_MS (no longer), and reaching the turn ends
 *   its stay. A user holds one place at a time (one owner): with several owners one client could
 *   otherwise fill the line.
 *
 * Kept in this process (the facade is one process per store; after a restart the first renewal
 * counts as an acquisition, which only ever shortens a hold). Entries go on release or once over,
 * so the maps hold at most the turns and stays of the last two hold times.
 */
export class TurnHolds {
  private readonly since = new Map<string, number>();
  private readonly stays = new Map<string, Stay>();

  constructor(
    private readonly maxHoldMs = CREATE_TURN_MAX_HOLD_MS,
    private readonly rejoinMs = CREATE_TURN_REJOIN_MS,
    private readonly barredMs = CREATE_TURN_BARRED_MS,
  ) {}

  /**
   * The length to take `key` for at `now`, for a fresh acquisition (not one still held), or why not.
   * `user` is who `owner` acts for (the lease routes bind an owner to its user).
   */
  acquired(key: string, owner: string, nowMs: number, ttlMs: number, user = owner): number | AcquireRefusal {
    const slot = createTurnSlot(key);
    if (slot === null) return ttlMs;
    this.prune(nowMs);
    if (slot === 0) return this.turnAcquired(key, owner, nowMs, ttlMs);
    const stay = this.stays.get(stayId(key, user));
    if (stay !== undefined && stay.owner !== owner && stay.until > nowMs)
      return { refused: { kind: 'createTurnOnePlace' }, untilMs: stay.until };
    const left = this.stayFrom(stay, nowMs) + this.maxHoldMs - nowMs;
    // No stay yet is a new one, with the whole bound ahead.
    if (stay === undefined || left > 0) return Math.min(ttlMs, left);
    return { refused: this.limit(), untilMs: this.bar(stay) };
  }

  /** Notes a successful acquisition: `place` taken (0: the turn, which ends the user's stay in line). */
  placed(key: string, owner: string, nowMs: number, place: number, ttlMs: number, user = owner): void {
    const id = stayId(key, user);
    if (place === 0) {
      this.stays.delete(id);
      return;
    }
    this.stays.set(id, { owner, since: this.stayFrom(this.stays.get(id), nowMs), until: nowMs + ttlMs });
  }

  /** The length to renew `key` for at `now`; a refusal once its hold (or the user's stay) is over. */
  renewal(key: string, owner: string, nowMs: number, ttlMs: number, user = owner): number | HoldRefusal {
    const slot = createTurnSlot(key);
    if (slot === null) return ttlMs;
    this.prune(nowMs);
    if (slot === 0) return this.turnRenewal(key, owner, nowMs, ttlMs);
    const id = stayId(key, user);
    const stay = this.stays.get(id);
    if (stay !== undefined && stay.owner !== owner && stay.until > nowMs)
      return { kind: 'createTurnOnePlace' };
    const since = this.stayFrom(stay, nowMs);
    const left = since + this.maxHoldMs - nowMs;
    if (stay !== undefined && left <= 0) return (this.bar(stay), this.limit());
    const length = Math.min(ttlMs, left);
    this.stays.set(id, { owner, since, until: nowMs + length });
    return length;
  }

  /** Notes a release: the turn's hold ends; a place's stay goes on (a rejoin is the same stay). */
  released(key: string, owner: string, nowMs?: number, user = owner): void {
    const slot = createTurnSlot(key);
    if (slot === 0) this.since.delete(holdId(key, owner));
    const stay = slot === null ? undefined : this.stays.get(stayId(key, user));
    if (stay !== undefined && stay.owner === owner && nowMs !== undefined)
      stay.until = Math.min(stay.until, nowMs);
  }

  private turnAcquired(key: string, owner: string, nowMs: number, ttlMs: number): number {
    const id = holdId(key, owner);
    // Acquiring again what one still holds does not start a new hold; one whose hold is over
    // (its lease ran out with it) does.
    const held = this.since.get(id);
    const from = held !== undefined && held + this.maxHoldMs > nowMs ? held : nowMs;
    this.since.set(id, from);
    return Math.min(ttlMs, from + this.maxHoldMs - nowMs);
  }

  private turnRenewal(key: string, owner: string, nowMs: number, ttlMs: number): number | HoldRefusal {
    const id = holdId(key, owner);
    const from = this.since.get(id) ?? nowMs;
    this.since.set(id, from);
    const left = from + this.maxHoldMs - nowMs;
    return left > 0 ? Math.min(ttlMs, left) : this.limit();
  }

  /**
   * When the stay a place taken at `now` belongs to began: a new one once the last ended a rejoin
   * time ago, unless the user is kept out (a stay over its bound, so refused).
   */
  private stayFrom(stay: Stay | undefined, nowMs: number): number {
    if (stay === undefined) return nowMs;
    return stay.until + this.rejoinMs > nowMs || (stay.barred ?? 0) > nowMs ? stay.since : nowMs;
  }

  /** Keeps the user of a stay past its bound out of the line; until when. */
  private bar(stay: Stay): number {
    stay.barred ??= stay.since + this.maxHoldMs + this.barredMs;
    return stay.barred;
  }

  private limit(): HoldRefusal {
    return { kind: 'createTurnHoldLimit', maxHoldMs: this.maxHoldMs };
  }

  /**
   * Turn holds over for another whole hold time are forgotten. Until then a renewal is refused; after,
   * the lease ran out long ago, and a renewal succeeds only if nobody wanted the turn meanwhile
   * (the store keeps an expired lease its holder's until another takes it): no one waits then.
   * A stay is forgotten once a rejoin starts a new one (and its user is no longer kept out).
   */
  private prune(nowMs: number): void {
    for (const [id, from] of this.since) if (from + 2 * this.maxHoldMs <= nowMs) this.since.delete(id);
    for (const [id, stay] of this.stays)
      if (stay.until + this.rejoinMs <= nowMs && (stay.barred ?? 0) <= nowMs) this.stays.delete(id);
  }
}

const holdId = (key: string, owner: string): string => JSON.stringify([key, owner]);

/** A user's stay in the line of the company `key` names (a create-turn key). */
const stayId = (key: string, user: string): string => JSON.stringify([createTurnCompany(key), user]);
