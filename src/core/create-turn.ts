import {
  CREATE_TURN_LINE,
  CREATE_TURN_MS,
  CREATE_TURN_RETRY_MS,
  LEASE_TTL_MS,
  createTurnKey,
} from './lease.js';
import type { Clock, LeaseHolder, LeaseResult, SyncStateStore } from './ports.js';
import type { WaitReporter } from './run-waits.js';

/**
 * A company's create turn, taken in order (tester F72: a run whose groups of creates followed each
 * other took the turn back the moment it let go — its next group was already waiting in the same
 * process, a colleague's run polled every 250 ms — so it kept the turn for its whole run and the
 * colleague waited, then deferred every create).
 *
 * The turn is slot 0 of a line of leases (`createTurnKey(company, n)`, n = 0..CREATE_TURN_LINE).
 * A creator joins at the end (slot CREATE_TURN_LINE) and moves up one slot at a time: it takes
 * slot n-1 while it holds slot n, then lets slot n go. Nobody overtakes (slot n-1 is taken only by
 * the holder of slot n), and a creator that had the turn and wants it again joins at the end, so
 * up to CREATE_TURN_LINE + 1 creators take turns one after another; more contend for the end slot.
 * Only leases are used, so every store (memory, SQL, the facade over HTTP) and every host (runs,
 * the pane's engine through the lease route, "This sender") shares one line.
 */
export interface TurnDeps {
  readonly store: SyncStateStore;
  readonly clock: Clock;
  /** Waits `ms` (the host's timer); absent, a held slot ends the attempt at once. */
  readonly pause?: (ms: number) => Promise<void>;
  /** True when the caller stopped waiting (a cancelled run). */
  readonly stopped?: () => boolean;
  /** Hears the wait in line (reason createTurn, ending at the latest the caller waits). */
  readonly waits?: WaitReporter;
}

/** How long a waiting creator keeps its place in the line without renewing it. */
const LINE_SLOT_MS = LEASE_TTL_MS;

/** A creator in a company's line: the store, the lease key of place n, who it is, and its time. */
interface Line {
  readonly store: SyncStateStore;
  readonly key: (n: number) => string;
  readonly owner: string;
  readonly clock: Clock;
  readonly holder?: LeaseHolder | null | undefined;
  /**
   * This take's id (SyncStateStore.acquireLease `take`): every place of one walk and the turn it
   * ends on are taken, and let go, under it, so a release of an earlier take of the same owner
   * (sent again, or landing late) leaves this one held (review RV11). Absent: the owner's.
   */
  readonly take?: string | undefined;
}

const lineOf = (
  deps: Pick<TurnDeps, 'store' | 'clock'> & { readonly holder?: LeaseHolder | null },
  companyId: string | undefined,
  owner: string,
  take?: string,
): Line => ({ ...deps, key: (n) => createTurnKey(companyId, n), owner, take });

/**
 * The one move up the line of takeLinePlace and walkUp (takeCreateTurn makes it with the place
 * left on its way while it takes the next): takes place
 * `at - 1` for `ttlMs`, then lets place `at` go (CREATE_TURN_LINE + 1: none held). A store that
 * moved the creator itself (the lease route's takeLinePlace, answering its `place`) let it go
 * already: asked again, it was one wasted request per step for the pane's engine.
 */
async function stepUp(line: Line, at: number, ttlMs: number): Promise<LeaseResult> {
  const { store, key, owner } = line;
  const got = await store.acquireLease(key(at - 1), owner, line.clock.now(), ttlMs, line.holder, line.take);
  if (got.ok && got.place === undefined) await leave(line, at);
  return got;
}

/** Lets place `at` go, when it is one (CREATE_TURN_LINE + 1: not in line). */
async function leave(line: Line, at: number): Promise<void> {
  if (at <= CREATE_TURN_LINE) await line.store.releaseLease(line.key(at), line.owner, line.take);
}

/**
 * Takes the company's create turn for `owner`, waiting in line up to `waitMs`; true when it got
 * the turn (release it with releaseCreateTurn), false when it did not come in time (no slot is
 * left held).
 */
export async function takeCreateTurn(
  deps: TurnDeps,
  companyId: string | undefined,
  owner: string,
  waitMs: number,
  take?: string,
): Promise<boolean> {
  const { store, clock } = deps;
  const line = lineOf(deps, companyId, owner, take);
  const until = clock.monotonicMs() + waitMs;
  // The slot held (CREATE_TURN_LINE + 1: not in line yet).
  let at = CREATE_TURN_LINE + 1;
  let renewedAt = clock.monotonicMs();
  // The place let go on the last step, still on its way: it goes out with the next step's take
  // (issue 12 §2: each place let go before the next was taken made the walk of an empty line
  // 2 × CREATE_TURN_LINE + 1 round trips one after another; now CREATE_TURN_LINE + 2). The next
  // place is taken while this one is still held or already free: either way nobody behind passes.
  let leaving: Promise<void> = Promise.resolve();
  // The wait in line is one wait, reported as the first pause begins and ended however the walk
  // ends: its end is the latest the caller waits (`until`), not each short pause between tries.
  let endWait: (() => void) | null = null;
  // Nothing held before the walk: a throw part-way lets every place go (givingBack).
  return givingBack(line, CREATE_TURN_LINE + 1, async () => {
    for (;;) {
      const next = at - 1;
      // Both settled before either's failure is thrown: a take still on its way when the give-back
      // lets go would land after it, held until it ran out.
      const [taking, left] = await Promise.allSettled([
        store.acquireLease(
          line.key(next),
          owner,
          clock.now(),
          next === 0 ? CREATE_TURN_MS : LINE_SLOT_MS,
          line.holder,
          take,
        ),
        leaving,
      ]);
      if (taking.status === 'rejected') throw taking.reason;
      if (left.status === 'rejected') throw left.reason;
      const got = taking.value;
      if (got.ok) {
        // A store that moved the creator itself (the lease route's takeLinePlace) let `at` go already.
        leaving = got.place === undefined ? leave(line, at) : Promise.resolve();
        // Settled here; its failure is thrown by the next step or below.
        leaving.catch(() => undefined);
        at = got.place ?? next;
        renewedAt = clock.monotonicMs();
        if (at === 0) {
          await leaving;
          return true;
        }
        continue;
      }
      leaving = Promise.resolve();
      if (!deps.pause || deps.stopped?.() || clock.monotonicMs() >= until) {
        await leave(line, at);
        return false;
      }
      endWait ??= deps.waits?.waiting('createTurn', until - clock.monotonicMs()) ?? null;
      await deps.pause(CREATE_TURN_RETRY_MS);
      // Keep the place: a slot not renewed expires, and a holder found gone is back at the end.
      if (at <= CREATE_TURN_LINE && clock.monotonicMs() - renewedAt >= LINE_SLOT_MS / 3) {
        if (!(await store.renewLease(line.key(at), owner, clock.now(), LINE_SLOT_MS)))
          at = CREATE_TURN_LINE + 1;
        renewedAt = clock.monotonicMs();
      }
    }
  }).finally(() => endWait?.());
}

/**
 * Runs a walk of the line that may throw part-way (the store failed, or its answer was lost): the
 * caller, given the error, does not know which places the walk holds, and each would keep the line
 * behind it waiting until it ran out (LINE_SLOT_MS; the turn CREATE_TURN_MS). Every place of the
 * line's owner is let go then but `kept`, the one it held before the walk (CREATE_TURN_LINE + 1:
 * none). The one give-back of takeCreateTurn (runs, the turn ahead, "This sender") and takeLinePlace
 * (the lease route).
 */
async function givingBack<T>(line: Line, kept: number, walk: () => Promise<T>): Promise<T> {
  try {
    return await walk();
  } catch (e) {
    await leaveAll(line, kept);
    throw e;
  }
}

/**
 * Takes place `slot` of the company's line (0: the turn itself) for `owner`, as the line allows,
 * for a creator that asks for one place at a time from outside takeCreateTurn (the sync API's
 * lease route; tester F72 rest: a holder that released the turn and took it again at once, straight
 * at slot 0, won against "This sender" waiting at slot 1 four times in five). A creator holding the
 * place right behind `slot` (takeCreateTurn's own step) takes it as before, that place let go here
 * (the answer's `place` says so); any other is walked from the line's end one place at a time, each
 * taken before the one behind is let go, so it stops behind whoever waits: the turn is handed to
 * the line in order. `ttlMs` is the length of `slot` once taken, `placeMs` of a place the walk
 * ends on short of it (the lease route bounds both: server/sync/turn-holds.ts); `holder` as
 * acquireLease's. Refused (the place on the way that another holds, nothing of the walk kept) when
 * it cannot pass.
 */
export async function takeLinePlace(
  deps: Pick<TurnDeps, 'store' | 'clock'> & { readonly holder?: LeaseHolder | null },
  companyId: string | undefined,
  owner: string,
  slot: number,
  ttlMs: number,
  placeMs = LINE_SLOT_MS,
  take?: string,
): Promise<LeaseResult> {
  const line = lineOf(deps, companyId, owner, take);
  const behind =
    slot >= CREATE_TURN_LINE ||
    (await deps.store.renewLease(line.key(slot + 1), owner, deps.clock.now(), LINE_SLOT_MS));
  // The place held before the walk (CREATE_TURN_LINE + 1: none), kept on a throw: its holder
  // still holds it (the lease route's caller asks again from there).
  const kept = behind ? slot + 1 : CREATE_TURN_LINE + 1;
  // The place held.
  let at = kept;
  return givingBack(line, kept, async (): Promise<LeaseResult> => {
    for (;;) {
      const next = at - 1;
      // A join at the line's end may be walked up by the store itself (its answer's `place`, the
      // SQL store: store/sql-turn-line.ts), so it may end the walk short of `slot`: a place as long.
      const ttl = next === slot ? ttlMs : next === CREATE_TURN_LINE ? placeMs : LINE_SLOT_MS;
      const result = await stepUp(line, at, ttl);
      if (!result.ok) {
        if (!behind) await leave(line, at);
        return result;
      }
      at = result.place ?? next;
      if (slot === CREATE_TURN_LINE)
        return { ok: true, place: result.place ?? (await walkUp(line, at, placeMs)) };
      // The creator's own step (its place behind was let go here, not to be let go again), or a
      // walk from the end that reached `slot`, or passed it over free places (the store's join).
      if (at <= slot)
        return behind ? { ok: true, place: slot } : at === slot ? { ok: true } : { ok: true, place: at };
    }
  });
}

/** Lets every place of the line go but `kept`, each even when letting another go throws. */
async function leaveAll(line: Line, kept: number): Promise<void> {
  const places = Array.from({ length: CREATE_TURN_LINE + 1 }, (_, n) => n).filter((n) => n !== kept);
  await Promise.allSettled(places.map((n) => line.store.releaseLease(line.key(n), line.owner, line.take)));
}

/**
 * Moves a creator that just joined at the line's end up past the free places behind whoever
 * waits, in this one call; the place reached. Why: everyone joins at the end slot, so while a
 * joiner holds it others arriving are refused and then race for it (polling every
 * CREATE_TURN_RETRY_MS), the first to poll winning, not the first to ask. A remote creator (the
 * pane's engine) stepping up one request at a time held the end for a round trip each, 0.8 s in a
 * stall at load 20, and a creator refused there was overtaken by one that asked 0.3 s after it
 * (create-turn-fair: longest wait 3 turns for 2). Not the turn itself: that is asked for.
 */
async function walkUp(line: Line, from: number, placeMs: number): Promise<number> {
  let at = from;
  while (at > 1 && (await stepUp(line, at, placeMs)).ok) at -= 1;
  return at;
}
