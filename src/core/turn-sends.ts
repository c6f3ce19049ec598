import type { Clock, SyncStateStore, WriteOutcome } from './ports.js';

/**
 * The BC writes a holder of a company's create turn sent whose outcome is unknown (lead's review,
 * brief turn): a create whose answer was lost, or whose call failed after it went out, may land
 * up to the write settle (lease.ts writeSettleMs) after it — and a colleague given the turn
 * meanwhile looks the address up in BC, finds nothing and makes the contact again. So the turn is
 * not let go while one may still land: it is kept until the settle has passed since the call
 * answered (no later than its send: the bound holds), or let go at once when every outcome is known
 * (answered, refused, found by the adapter's look-up of a lost answer).
 *
 * One per turn owner, not per take: a run's groups take the turn one after another under one owner,
 * and a later group's release must not let go of the turn an earlier group's create still needs
 * (executor-bc.ts keeps one per run). A one-off creator ("This sender", a resolve) has its own.
 */
export interface TurnSends {
  /**
   * Sends one write call under the turn: outcomes it answers `unknownOutcome`, or its failure,
   * keep the turn (`keepMs`). Every creator under the turn sends its creates through this
   * (withCreateTurn hands it to its work), and a resolve's update of the address too.
   */
  sending<R extends readonly WriteOutcome<unknown>[]>(send: () => Promise<R>): Promise<R>;
  /** How much longer the turn must be kept for writes that may still land: 0 when none may. */
  keepMs(settleMs: number): number;
}

/** A holder's record of its writes of unknown outcome, on `clock`'s monotonic time. */
export function turnSends(clock: Pick<Clock, 'monotonicMs'>): TurnSends {
  // When the last call with an unknown outcome answered (or failed): its writes were sent before.
  let unknownAtMs: number | null = null;
  const unknown = () => (unknownAtMs = clock.monotonicMs());
  return {
    async sending(send) {
      let out;
      try {
        out = await send();
      } catch (e) {
        // A call that failed may have gone out (a host error after the send, a lost connection).
        unknown();
        throw e;
      }
      if (out.some((o) => !o.ok && o.error.kind === 'unknownOutcome')) unknown();
      return out;
    },
    keepMs: (settleMs) =>
      unknownAtMs === null ? 0 : Math.max(0, unknownAtMs + settleMs - clock.monotonicMs()),
  };
}

/**
 * Lets go of `owner`'s take of the create turn `key`, or keeps it `keepMs` longer (> 0: writes it
 * sent may still land): a store that keeps a holder's lease for its own settle is told so (the
 * HTTP store: the release route's `inFlight`, the facade keeping it for the pane's settle, not
 * capped at the turn's length), any other is renewed (never earlier than it is kept already).
 */
export async function letGoOfTurn(
  store: SyncStateStore,
  clock: Pick<Clock, 'now'>,
  key: string,
  owner: string,
  take: string | undefined,
  keepMs: number,
): Promise<void> {
  if (!(keepMs > 0)) return store.releaseLease(key, owner, take);
  if (store.releaseInFlight) return store.releaseInFlight(key, owner, take);
  // Not held any more (taken over past its expiry): nothing is kept, as letGoOrKeep.
  await store.renewLease(key, owner, clock.now(), keepMs, take);
}
