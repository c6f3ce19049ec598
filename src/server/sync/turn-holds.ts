import {
  CREATE_TURN_BARRED_MS,
  CREATE_TURN_MAX_HOLD_MS,
  CREATE_TURN_REJOIN_MS,
  createTurnCompany,
  createTurnKey,
  createTurnSlot,
} from '../../core/lease.js';
import { HttpError } from '../http-error.js';
import { MemoryTurnHoldRecords } from '../../core/turn-hold-records.js';
import type { TurnHoldRecord, TurnHoldRecords } from '../../core/turn-hold-records.js';

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

/** A hold or a stay as the bounds judge it (TurnHoldRecord without the store's forget time). */
type Held = Omit<TurnHoldRecord, 'forgetMs'>;

/** Record writes lost to another write in between before a route gives up (each a retry of a read). */
const WRITE_ATTEMPTS = 8;

/**
 * Bounds on what the lease routes let one client hold of a company's create turn and its line
 * (tester F72 rest, then the attacker pass: a member holding place 1 of the line and renewing it
 * every 10 s kept every colleague's creates out for minutes — "This sender" 409 after 15 s, a
 * delta run `deferred` — since only the turn itself was bounded).
 *
 * - The turn (slot 0): one acquisition keeps it at most CREATE_TURN_MAX_HOLD_MS from when it was
 *   taken; a renewal never extends it past that, one asked after it is refused with
 *   `createTurnHoldLimit`, so the line moves. A new acquisition walks from the line's end
 *   (create-turn.ts takeLinePlace): it cannot pass whoever waits, so taking the turn again is no
 *   way around the bound.
 * - The places (slots 1..CREATE_TURN_LINE): a user stays in a company's line at most
 *   CREATE_TURN_MAX_HOLD_MS from the first place taken — moves up, releases, other owner names and
 *   re-acquisitions within CREATE_TURN_REJOIN_MS of the last place's end all count as one stay.
 *   One that asks to stay longer is refused, and kept out of the line for CREATE_TURN_BARRED_MS
 *   after the bound, so a squatter blocks the others at most one bound in three. A creator
 *   honestly waiting gives up after CREATE_TURN_WAIT_MS (no longer), and reaching the turn ends
 *   its stay. A user holds one place at a time (one owner): with several owners one client could
 *   otherwise fill the line.
 *
 * Kept in the store (TurnHoldRecords; review R2), not in this process: every facade process on
 * one store counts the same holds and stays, so renewing at one process and then another, or
 * after a restart, extends nothing. Each change is a read and a write of one record that lands
 * only if the record is still as read, so two requests of one client at two processes cannot
 * undo each other's count (a stay's start, a bar). A record is forgotten once over (a hold two
 * hold times after it began, a stay a rejoin time after its last place ended and its bar), and
 * the store drops forgotten records as it writes new ones. A stored time the bounds could not
 * have written (a stay or hold beginning after now, a place or bar further ahead than one bound
 * and its bar) is read as the furthest they could.
 */
export class TurnHolds {
  /** Each record's latest change in this process, settled either way (`change`). */
  private readonly changing = new Map<string, Promise<void>>();
  /**
   * Each place `acquired` reserved that `placed` or `notPlaced` has not settled yet (by
   * reservationId: the stay, owner and acquisition time): what the stay was before and what was
   * reserved, so a reservation given back restores the stay exactly, and a refused acquisition
   * starts no stay. In this process: the acquisition's request settles it. Noted only once the
   * reserving write landed, and taken out before `placed` or `notPlaced` reads the store, so no
   * throw on either side (a read or write failing, a 503 after lost writes) leaves one here for
   * good (review: a throwing acquisition leaked its entry).
   */
  private readonly reservations = new Map<
    string,
    { readonly before: Held | null; readonly reserved: Held }
  >();

  constructor(
    private readonly records: TurnHoldRecords = new MemoryTurnHoldRecords(),
    private readonly maxHoldMs = CREATE_TURN_MAX_HOLD_MS,
    private readonly rejoinMs = CREATE_TURN_REJOIN_MS,
    private readonly barredMs = CREATE_TURN_BARRED_MS,
  ) {}

  /**
   * The length to take `key` for at `now`, for a fresh acquisition (not one still held), or why not.
   * `user` is who `owner` acts for (the lease routes bind an owner to its user). A place in the
   * line is reserved for `owner` in the same conditional write that checks the user holds no
   * other: of one user's acquisitions under two owner names at two processes at once, the write of
   * one lands and the other reads it and is refused (before, the check wrote nothing, both passed,
   * and the user held two places until the next renewal was refused). `placed` then notes the
   * place taken, or `notPlaced` gives the reservation back when none was.
   */
  async acquired(
    key: string,
    owner: string,
    nowMs: number,
    ttlMs: number,
    user = owner,
  ): Promise<number | AcquireRefusal> {
    const slot = createTurnSlot(key);
    if (slot === null) return ttlMs;
    if (slot === 0) {
      const held = await this.change(holdId(key, owner), nowMs, (hold) => [hold, hold]);
      return Math.min(ttlMs, this.holdFrom(held, nowMs) + this.maxHoldMs - nowMs);
    }
    const id = stayId(key, user);
    type Reserving = { length: number; before: Held | null; reserved: Held } | AcquireRefusal;
    const answer = await this.change(id, nowMs, (stay): [Held | null, Reserving] => {
      if (stay !== null && stay.owner !== owner && (stay.untilMs ?? 0) > nowMs)
        return [stay, { refused: { kind: 'createTurnOnePlace' }, untilMs: stay.untilMs ?? 0 }];
      const since = stay?.sinceMs ?? nowMs;
      const left = since + this.maxHoldMs - nowMs;
      // No stay yet is a new one, with the whole bound ahead.
      if (stay === null || left > 0) {
        const length = Math.min(ttlMs, left);
        const reserved = {
          ...this.held(user, owner, since, nowMs + length),
          barredMs: stay?.barredMs ?? null,
        };
        return [reserved, { length, before: stay, reserved }];
      }
      const barred = this.bar(stay);
      return [barred, { refused: this.limit(), untilMs: barred.barredMs ?? 0 }];
    });
    if ('refused' in answer) return answer;
    // The reserving write landed: only now is there a place to give back.
    this.reservations.set(reservationId(id, owner, nowMs), {
      before: answer.before,
      reserved: answer.reserved,
    });
    return answer.length;
  }

  /**
   * Gives back the place `acquired` reserved for `owner` at `now` when no place was taken (the
   * line answered no, or the take failed): the user's stay is again what it was before, if nothing
   * else changed it since. A turn (slot 0) reserves nothing.
   */
  async notPlaced(key: string, owner: string, nowMs: number, user = owner): Promise<void> {
    if (!createTurnSlot(key)) return;
    const id = stayId(key, user);
    const mine = this.settle(id, owner, nowMs);
    if (mine === undefined) return;
    // Restored only while the stay is still as reserved: a change since (a renewal, another
    // acquisition) is kept.
    await this.change(id, nowMs, (stay) => [
      stay !== null && stay.owner === owner && sameTimes(stay, mine.reserved) ? mine.before : stay,
      undefined,
    ]);
  }

  /** Takes out the reservation of `owner`'s acquisition at `now` (before any read that may throw). */
  private settle(id: string, owner: string, nowMs: number) {
    const rid = reservationId(id, owner, nowMs);
    const mine = this.reservations.get(rid);
    this.reservations.delete(rid);
    return mine;
  }

  /** Notes a successful acquisition: `place` taken (0: the turn, which ends the user's stay in line). */
  async placed(
    key: string,
    owner: string,
    nowMs: number,
    place: number,
    ttlMs: number,
    user = owner,
  ): Promise<void> {
    const id = stayId(key, user);
    this.settle(id, owner, nowMs);
    if (place === 0) {
      await this.change(id, nowMs, () => [null, undefined]);
      // Taking again what one still holds starts no new hold; one whose hold is over does.
      await this.change(holdId(createTurnKey(createTurnCompany(key) ?? undefined), owner), nowMs, (hold) => [
        this.held(user, owner, this.holdFrom(hold, nowMs)),
        undefined,
      ]);
      return;
    }
    await this.change(id, nowMs, (stay) => [
      {
        ...this.held(user, owner, stay?.sinceMs ?? nowMs, nowMs + ttlMs),
        barredMs: stay?.barredMs ?? null,
      },
      undefined,
    ]);
  }

  /** The length to renew `key` for at `now`; a refusal once its hold (or the user's stay) is over. */
  async renewal(
    key: string,
    owner: string,
    nowMs: number,
    ttlMs: number,
    user = owner,
  ): Promise<number | HoldRefusal> {
    const slot = createTurnSlot(key);
    if (slot === null) return ttlMs;
    if (slot === 0)
      // A hold not counted (released, forgotten, or taken before the bounds were stored) begins now.
      return this.change(holdId(key, owner), nowMs, (hold): [Held, number | HoldRefusal] => {
        const next = hold ?? this.held(user, owner, nowMs);
        const left = next.sinceMs + this.maxHoldMs - nowMs;
        return [next, left > 0 ? Math.min(ttlMs, left) : this.limit()];
      });
    return this.change(stayId(key, user), nowMs, (stay): [Held | null, number | HoldRefusal] => {
      if (stay !== null && stay.owner !== owner && (stay.untilMs ?? 0) > nowMs)
        return [stay, { kind: 'createTurnOnePlace' }];
      const since = stay?.sinceMs ?? nowMs;
      const left = since + this.maxHoldMs - nowMs;
      if (stay !== null && left <= 0) return [this.bar(stay), this.limit()];
      const length = Math.min(ttlMs, left);
      return [{ ...this.held(user, owner, since, nowMs + length), barredMs: stay?.barredMs ?? null }, length];
    });
  }

  /** Notes a release: the turn's hold ends; a place's stay goes on (a rejoin is the same stay). */
  async released(key: string, owner: string, nowMs: number, user = owner): Promise<void> {
    const slot = createTurnSlot(key);
    if (slot === null) return;
    if (slot === 0) await this.change(holdId(key, owner), nowMs, () => [null, undefined]);
    await this.change(stayId(key, user), nowMs, (stay) => [
      stay !== null && stay.owner === owner ? { ...stay, untilMs: Math.min(stay.untilMs ?? 0, nowMs) } : stay,
      undefined,
    ]);
  }

  /**
   * Reads the record under `id` as the bounds judge it at `now` (null when there is none, or it is
   * forgotten), and writes what `decide` makes of it when that differs from what is stored — only
   * if no other write came between, else reads and decides again; what `decide` answered.
   */
  private change<T>(id: string, nowMs: number, decide: (held: Held | null) => [Held | null, T]): Promise<T> {
    // One change of a record at a time in this process (review V11: one client's concurrent
    // renewals — two tabs, a resend, timer and beat — each lost the write to another of its own
    // until attempts ran out, a 500); the conditional write still keeps other processes apart.
    const before = this.changing.get(id) ?? Promise.resolve();
    const mine = before.then(
      () => this.changeNow(id, nowMs, decide),
      () => this.changeNow(id, nowMs, decide),
    );
    const settled = mine.then(
      () => undefined,
      () => undefined,
    );
    this.changing.set(id, settled);
    void settled.then(() => {
      if (this.changing.get(id) === settled) this.changing.delete(id);
    });
    return mine;
  }

  /**
   * `change` itself.
   * @throws HttpError 503 ServiceUnavailable (Retry-After 1) other processes' writes of the record
   *   won WRITE_ATTEMPTS times in a row: asked again, it is counted then.
   */
  private async changeNow<T>(
    id: string,
    nowMs: number,
    decide: (held: Held | null) => [Held | null, T],
  ): Promise<T> {
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      const { record, rev } = await this.records.read(id);
      const held = record === null ? null : this.judged(record, nowMs);
      const [next, answer] = decide(held);
      // A time read as it could have been written is stored so: read again later, it stays put.
      const kept = next === held && (held === null || sameTimes(held, record));
      if (kept || (await this.records.write(id, rev, next && this.stored(next), nowMs))) return answer;
    }
    throw new HttpError(
      503,
      'ServiceUnavailable',
      "The create turn's hold is changing too fast to count; ask again.",
      undefined,
      { 'retry-after': '1' },
    );
  }

  /**
   * A stored record as the bounds judge it at `now`: null once forgotten (a turn's hold two hold
   * times after it began — until then its renewal is refused; after, the lease ran out long ago,
   * and a renewal succeeds only if nobody wanted the turn meanwhile, the store keeping an expired
   * lease its holder's until another takes it; a stay once a rejoin starts a new one and its user
   * is no longer kept out). Times no bound writes are read as the furthest one could have.
   */
  private judged(record: TurnHoldRecord, nowMs: number): Held | null {
    const sinceMs = Math.min(record.sinceMs, nowMs);
    if (record.untilMs === null) return sinceMs + 2 * this.maxHoldMs > nowMs ? { ...record, sinceMs } : null;
    const untilMs = Math.min(record.untilMs, nowMs + this.maxHoldMs);
    const barredMs =
      record.barredMs === null ? null : Math.min(record.barredMs, sinceMs + this.maxHoldMs + this.barredMs);
    const live = untilMs + this.rejoinMs > nowMs || (barredMs ?? 0) > nowMs;
    return live ? { userId: record.userId, owner: record.owner, sinceMs, untilMs, barredMs } : null;
  }

  /** What the store keeps of `held`: with the time from which it is forgotten (`judged`). */
  private stored(held: Held): TurnHoldRecord {
    const forgetMs =
      held.untilMs === null
        ? held.sinceMs + 2 * this.maxHoldMs
        : Math.max(held.untilMs + this.rejoinMs, held.barredMs ?? 0);
    return { ...held, forgetMs };
  }

  /** A turn's hold (no `until`), or a stay's place ending at `untilMs`. */
  private held(userId: string, owner: string, sinceMs: number, untilMs: number | null = null): Held {
    return { userId, owner, sinceMs, untilMs, barredMs: null };
  }

  /** When the turn's hold an acquisition at `now` takes begins: its own still running, else now. */
  private holdFrom(hold: Held | null, nowMs: number): number {
    return hold !== null && hold.sinceMs + this.maxHoldMs > nowMs ? hold.sinceMs : nowMs;
  }

  /** A stay past its bound with its user kept out of the line (the first bar stays). */
  private bar(stay: Held): Held {
    return stay.barredMs !== null
      ? stay
      : { ...stay, barredMs: stay.sinceMs + this.maxHoldMs + this.barredMs };
  }

  private limit(): HoldRefusal {
    return { kind: 'createTurnHoldLimit', maxHoldMs: this.maxHoldMs };
  }
}

/** Whether `held` has the times `record` has (stored, or reserved: none was read as another). */
const sameTimes = (held: Held, record: Held | null): boolean =>
  record !== null &&
  held.sinceMs === record.sinceMs &&
  held.untilMs === record.untilMs &&
  held.barredMs === record.barredMs;

/**
 * A reservation of a place (`acquired`): its stay's record, the owner and the acquisition's time,
 * which the lease route passes alike to `acquired` and to `placed` or `notPlaced`.
 */
const reservationId = (id: string, owner: string, nowMs: number): string =>
  JSON.stringify([id, owner, nowMs]);

/** The record of a turn's hold: the turn's key and its lease owner. */
const holdId = (key: string, owner: string): string => JSON.stringify(['turn', key, owner]);

/** The record of a user's stay in the line of the company `key` names (a create-turn key). */
const stayId = (key: string, user: string): string => JSON.stringify(['stay', createTurnCompany(key), user]);
