import {
  CREATE_TURN_LINE,
  CREATE_TURN_MS,
  CREATE_TURN_RETRY_MS,
  LEASE_HEARTBEAT_MS,
  LEASE_TTL_MS,
  createTurnKey,
} from './lease.js';
import type { Ticker } from './lease.js';
import type { Clock, LeaseHolder, LeaseResult, SyncStateStore } from './ports.js';

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
}

/** How long a waiting creator keeps its place in the line without renewing it. */
const LINE_SLOT_MS = LEASE_TTL_MS;

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
): Promise<boolean> {
  const { store, clock } = deps;
  const until = clock.monotonicMs() + waitMs;
  const slot = (n: number) => createTurnKey(companyId, n);
  // The slot held (CREATE_TURN_LINE + 1: not in line yet).
  let at = CREATE_TURN_LINE + 1;
  let renewedAt = clock.monotonicMs();
  for (;;) {
    const next = at - 1;
    const ttl = next === 0 ? CREATE_TURN_MS : LINE_SLOT_MS;
    if ((await store.acquireLease(slot(next), owner, clock.now(), ttl)).ok) {
      if (at <= CREATE_TURN_LINE) await store.releaseLease(slot(at), owner);
      at = next;
      renewedAt = clock.monotonicMs();
      if (at === 0) return true;
      continue;
    }
    if (!deps.pause || deps.stopped?.() || clock.monotonicMs() >= until) {
      if (at <= CREATE_TURN_LINE) await store.releaseLease(slot(at), owner);
      return false;
    }
    await deps.pause(CREATE_TURN_RETRY_MS);
    // Keep the place: a slot not renewed expires, and a holder found gone is back at the end.
    if (at <= CREATE_TURN_LINE && clock.monotonicMs() - renewedAt >= LINE_SLOT_MS / 3) {
      if (!(await store.renewLease(slot(at), owner, clock.now(), LINE_SLOT_MS))) at = CREATE_TURN_LINE + 1;
      renewedAt = clock.monotonicMs();
    }
  }
}

/**
 * Takes place `slot` of the company's line (0: the turn itself) for `owner`, as the line allows,
 * for a creator that asks for one place at a time from outside takeCreateTurn (the sync API's
 * lease route; tester F72 rest: a holder that released the turn and took it again at once, straight
 * at slot 0, won against "This sender" waiting at slot 1 four times in five). A creator holding the
 * place right behind `slot` (takeCreateTurn's own step) takes it as before; any other is walked
 * from the line's end one place at a time, each taken before the one behind is let go, so it
 * stops behind whoever waits: the turn is handed to the line in order. `ttlMs` is the length of
 * `slot` once taken; `holder` as acquireLease's. Refused (the place on the way that another holds, nothing of the walk kept)
 * when it cannot pass.
 */
export async function takeLinePlace(
  deps: Pick<TurnDeps, 'store' | 'clock'> & { readonly holder?: LeaseHolder | null },
  companyId: string | undefined,
  owner: string,
  slot: number,
  ttlMs: number,
): Promise<LeaseResult> {
  const { store, clock } = deps;
  const key = (n: number) => createTurnKey(companyId, n);
  const now = clock.now();
  const behind =
    slot >= CREATE_TURN_LINE || (await store.renewLease(key(slot + 1), owner, now, LINE_SLOT_MS));
  // The place held (CREATE_TURN_LINE + 1: none), and whether it was taken on this walk.
  let at = behind ? slot + 1 : CREATE_TURN_LINE + 1;
  for (;;) {
    const next = at - 1;
    const ttl = next === slot ? ttlMs : LINE_SLOT_MS;
    const result = await store.acquireLease(key(next), owner, now, ttl, deps.holder);
    if (!result.ok) {
      if (!behind && at <= CREATE_TURN_LINE) await store.releaseLease(key(at), owner);
      return result;
    }
    if (at <= CREATE_TURN_LINE) await store.releaseLease(key(at), owner);
    at = next;
    if (at === slot) return result;
  }
}

/**
 * Holds the turn while `work` runs: renewed every LEASE_HEARTBEAT_MS on the host's ticker (a
 * group's look-up and creates may take longer than CREATE_TURN_MS on a slow BC), released after.
 * Without a ticker it is not renewed (executor tests drive no time).
 */
export async function withCreateTurn<T>(
  deps: TurnDeps & { readonly ticker?: Ticker },
  companyId: string | undefined,
  owner: string,
  work: () => Promise<T>,
): Promise<T> {
  const key = createTurnKey(companyId);
  const stop = deps.ticker?.(LEASE_HEARTBEAT_MS, async () => {
    // A failed renewal is left to the next beat; the turn's end bounds a holder that died.
    await deps.store.renewLease(key, owner, deps.clock.now(), CREATE_TURN_MS).catch(() => false);
  });
  try {
    return await work();
  } finally {
    stop?.();
    await deps.store.releaseLease(key, owner);
  }
}
