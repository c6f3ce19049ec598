import type { BcContacts, Clock, Logger, Mailbox, SyncStateStore } from '../../src/core/ports.js';
import { silentLogger } from '../../src/core/ports.js';
import type { SyncMode } from '../../src/core/records.js';
import type { RunOutcome } from '../../src/core/run.js';
import { RunManager } from '../../src/server/sync/run-manager.js';
import type { Stopper } from './crash-stops.js';

/**
 * The crash-hosts' `cli` host (crash-hosts.ts): the CLI's own process on the facade's store, as
 * cli/main.ts syncInProcess runs it — a RunManager of its own, `runNow` with trigger `cli` and the
 * run's id chosen by the caller, its adapters under the run's AbortSignal. A `cancel` stop is the
 * manager's cancel (the token and the signal, requests in flight aborted); a `cancelAway` stop's
 * mark reaches the run through its next record save (onCancelRequested). No ticker: nothing polls.
 */
export interface CliRunParts {
  readonly store: SyncStateStore;
  readonly bc: (signal: AbortSignal | undefined) => BcContacts;
  readonly mailbox: (signal: AbortSignal | undefined) => Mailbox;
  readonly clock: Clock;
  readonly stopper: Stopper;
  readonly userId: string;
  readonly runId: string;
  readonly mode: SyncMode;
  /** A Preview (`sync --dry-run` run here): the manager's runNow with dryRun, writing nothing. */
  readonly dryRun: boolean;
  /** The user confirmed the deletes the mass-delete guard held (`sync --confirm-mass-delete`). */
  readonly confirmMassDelete: boolean;
}

/** The run's outcome, or null when its process died (or its stalled run lost its lease and threw). */
export async function cliRun(parts: CliRunParts): Promise<RunOutcome | null> {
  const { stopper, userId, runId } = parts;
  // The error the manager logs when the engine threw (runNow then answers the record as it was).
  let thrown: unknown = null;
  const logger: Logger = {
    ...silentLogger,
    warn: (obj, msg) => {
      if (msg === 'sync run ended with an error') thrown = obj;
    },
  };
  const manager = new RunManager({
    store: parts.store,
    env: {
      bcContacts: (_user, io) => parts.bc(io?.signal),
      mailboxFor: (_user, io) => parts.mailbox(io?.signal),
    },
    clock: parts.clock,
    logger,
    newRunId: () => runId,
  });
  stopper.onCancel = () => void manager.cancel(userId, runId);
  try {
    const outcome = await manager.runNow(userId, {
      mode: parts.mode,
      trigger: 'cli',
      runId,
      dryRun: parts.dryRun,
      confirmMassDelete: parts.confirmMassDelete,
    });
    if (stopper.dead) return null;
    if (outcome.record.status !== 'running') return outcome;
    // The engine threw after its first record: as the other hosts, a stalled run's lost lease is
    // its end; a run that failed without a step for its error stored `failed` (the record above).
    if (stopper.stalled) return null;
    throw new Error(`cli run ${runId} threw: ${JSON.stringify(thrown)}`);
  } catch (e) {
    // Refused or dead before its first record (the settings read is a port call of this process).
    if (stopper.dead || stopper.stalled) return null;
    throw e;
  }
}
