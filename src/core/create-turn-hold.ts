import { takeCreateTurn } from './create-turn.js';
import type { TurnDeps } from './create-turn.js';
import { CREATE_TURN_MS, DEFAULT_WRITE_SETTLE_MS, LEASE_HEARTBEAT_MS, createTurnKey } from './lease.js';
import type { Ticker } from './lease.js';
import { leaseKeeper } from './lease-keeper.js';
import { LeaseLostError } from './run-errors.js';
import { letGoOfTurn, turnSends } from './turn-sends.js';
import type { TurnSends } from './turn-sends.js';

/* A holder's hold of the company's create turn once taken (create-turn.ts takes it in line): a
   run's group (executor-bc.ts) and a one-off creator (createTurnFor) hold it while their look-up
   and creates go out, and let go after — or keep it while a create may still land (turn-sends.ts). */

/** What a holder of the turn needs beside the line's (TurnDeps). */
interface TurnHoldDeps extends TurnDeps {
  /** Renews the turn while the work runs; absent, it is not renewed (executor tests drive no time). */
  readonly ticker?: Ticker;
  /**
   * The host's write settle (lease.ts writeSettleMs): how long after a create of unknown outcome
   * the turn is kept (withCreateTurn). Absent: DEFAULT_WRITE_SETTLE_MS.
   */
  readonly settleMs?: number;
  /** The owner's writes of unknown outcome across its takes (turn-sends.ts). Absent: this take's own. */
  readonly sends?: TurnSends;
}

/**
 * Holds the turn while `work` runs: renewed every LEASE_HEARTBEAT_MS on the host's ticker (a
 * group's look-up and creates may take longer than CREATE_TURN_MS on a slow BC), released after —
 * or kept, when a create `work` sent through `sending` (turn-sends.ts) may still land: until the
 * host's settle (`deps.settleMs`) has passed since (letGoOfTurn; brief turn: a colleague given the
 * turn found no contact of the address and made it again once the lost create landed).
 * Without a ticker it is not renewed (executor tests drive no time). `along`, when given, is what
 * follows `work` without needing the turn (storing the creates' links): it goes out with the
 * release, in the same round trip (issue 12 §2), once `work` succeeded.
 *
 * `work` gets `held`: whether the turn is still the caller's, known just before its creates go out
 * (the lease keeper's `confirm` on the turn: a clock read while renewed within half CREATE_TURN_MS,
 * else a renewal; false once another creator holds it). A creator that stalled past its turn after
 * its look-up while another took the turn, looked the same address up and made it, must not make it
 * too (its renewals' failures were ignored: two BC contacts of one address). `takenAtMs`: when the
 * turn was asked for (`clock.monotonicMs()` before it was taken); absent, the first check renews.
 * @throws Error a renewal `held` made could not be sent (the creates do not go out).
 */
export async function withCreateTurn<T>(
  deps: TurnHoldDeps,
  companyId: string | undefined,
  owner: string,
  work: (held: () => Promise<boolean>, sending: TurnSends['sending']) => Promise<T>,
  along?: (value: T) => Promise<void>,
  takenAtMs?: number,
  take?: string,
): Promise<T> {
  const key = createTurnKey(companyId);
  const sends = deps.sends ?? turnSends(deps.clock);
  const letGo = () =>
    letGoOfTurn(
      deps.store,
      deps.clock,
      key,
      owner,
      take,
      sends.keepMs(deps.settleMs ?? DEFAULT_WRITE_SETTLE_MS),
    );
  const keeper = leaseKeeper({
    store: deps.store,
    clock: deps.clock,
    owner,
    keys: [key],
    checkpoint: async () => undefined,
    takenAtMs: takenAtMs ?? deps.clock.monotonicMs() - CREATE_TURN_MS,
    ttlMs: CREATE_TURN_MS,
  });
  const stop = deps.ticker?.(LEASE_HEARTBEAT_MS, async () => {
    // A failed renewal is left to the next beat (or to `held`); the turn's end bounds a holder that died.
    await keeper.renew().catch(() => false);
  });
  const held = () =>
    keeper.confirm().then(
      () => true,
      (e: unknown) => {
        if (e instanceof LeaseLostError) return false;
        throw e;
      },
    );
  let value: T;
  try {
    value = await work(held, (send) => sends.sending(send));
  } catch (e) {
    stop?.();
    // The work's failure is what its caller is told (a BC create refused, the turn lost): a
    // release that failed too (the store down) replaced it; the turn runs out (CREATE_TURN_MS).
    await letGo().catch(() => undefined);
    throw e;
  }
  stop?.();
  const [followed, released] = await Promise.allSettled([along ? along(value) : Promise.resolve(), letGo()]);
  for (const r of [released, followed]) if (r.status === 'rejected') throw r.reason;
  return value;
}

/**
 * A one-off creator's hold of the company's create turn ("This sender", a resolve that makes a BC
 * contact): `work` runs once the turn is taken (waiting in line up to `waitMs`) and holds it until
 * `work` ends; a turn that did not come in time runs nothing and throws `busy()`. `work` awaits
 * `held` just before its create: it throws `busy()` too once the turn is no longer the creator's
 * (withCreateTurn's `held`: its look-up no longer says BC holds no such contact), and sends it
 * through `sending`: one of unknown outcome keeps the turn for the settle (withCreateTurn).
 */
export function createTurnFor(
  deps: TurnHoldDeps,
  companyId: string | undefined,
  owner: string,
  waitMs: number,
  busy: () => Error,
): OneOffTurn {
  return async (work) => {
    const askedAt = deps.clock.monotonicMs();
    if (!(await takeCreateTurn(deps, companyId, owner, waitMs))) throw busy();
    const ensured = (held: () => Promise<boolean>) => async (): Promise<void> => {
      if (!(await held())) throw busy();
    };
    return withCreateTurn(
      deps,
      companyId,
      owner,
      (held, sending) => work(ensured(held), sending),
      undefined,
      askedAt,
    );
  };
}

/**
 * Runs `work` under the company's create turn; `held` throws once the turn was lost, `sending`
 * sends its BC write (createTurnFor).
 */
export type OneOffTurn = <T>(
  work: (held: () => Promise<void>, sending: TurnSends['sending']) => Promise<T>,
) => Promise<T>;
