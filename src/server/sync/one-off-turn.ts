import { setTimeout as delay } from 'node:timers/promises';
import { createTurnFor } from '../../core/create-turn-hold.js';
import { writeSettleMs } from '../../core/lease.js';
import type { OneOffTurn } from '../../core/create-turn-hold.js';
import { intervalTicker } from '../../platform/ticker.js';
import { wordedRefusal } from '../http-error.js';
import type { SyncServices } from './services.js';

/**
 * How long a one-off creator waits in line for the company's create turn (create-turn.ts) while
 * runs or other creators hold it: a run holds it for one group's look-up and creates, then lets go.
 * Past this it answers 409 CreateTurnBusy: other creators (colleagues' syncs, mostly) held the turn
 * — not "this address is being added" (tester F72: what the pane said, whoever held it).
 */
const TURN_WAIT_MS = 15_000;

/**
 * The company's create turn for a creator of one BC contact the user asked for ("This sender", a
 * resolve that keeps a contact BC deleted): in line with the runs, on real time for the wait
 * whatever clock the leases are on (the caller is waiting for an answer); 409 CreateTurnBusy when
 * it does not come within TURN_WAIT_MS. `owner` names who holds it (logs, tests).
 */
export function oneOffCreateTurn(
  svc: SyncServices,
  companyId: string | undefined,
  owner: string,
): OneOffTurn {
  const turn = {
    store: svc.store,
    clock: {
      now: () => svc.ctx.clock.now(),
      shift: (iso: string, ms: number) => svc.ctx.clock.shift(iso, ms),
      monotonicMs: () => performance.now(),
    },
    pause: (ms: number) => delay(ms),
    ticker: intervalTicker,
    // A create of unknown outcome keeps the turn this long (withCreateTurn): its BC call's
    // timeout, as this host's runs (services.ts).
    settleMs: writeSettleMs([svc.ctx.config.timeouts.graphMs, svc.ctx.config.timeouts.bcMs]),
  };
  return createTurnFor(turn, companyId, owner, TURN_WAIT_MS, () => wordedRefusal(409, 'CreateTurnBusy', {}));
}
