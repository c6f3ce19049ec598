import type { BcContacts, Mailbox } from '../../core/ports.js';
import type { RunRecord } from '../../core/records.js';
import { RunInProgressError } from '../../core/run.js';
import { RunEnvironmentError } from './run-refusals.js';
import { RunAlreadyActiveError } from './run-manager-types.js';
import type { Entry, RunIo, RunManagerOptions, StartRequest } from './run-manager-types.js';
import { recordRefusal } from './run-manager-records.js';

/* The two ends of a run's launch that are not the run manager's bookkeeping: the sides the
   environment gives the run, and what a run refused before its first record tells the caller. */

/**
 * The run's BC and Outlook sides for `userId`. The configuration (Graph app access) is asked
 * first, as it refuses every user alike; a refusal of the environment is recorded as a failed run
 * (`recordRefusal`) and thrown.
 */
export async function runSides(
  options: RunManagerOptions,
  userId: string,
  folderName: string,
  request: StartRequest,
  io: RunIo,
  newRunId: () => string,
): Promise<{ bc: BcContacts; mailbox: Mailbox }> {
  try {
    const mailbox = options.env.mailboxFor(userId, io);
    return { bc: await options.env.bcContacts(userId, io, request.onBehalfOf, true), mailbox };
  } catch (e) {
    if (e instanceof RunEnvironmentError)
      await recordRefusal(options, request.runId ?? newRunId(), userId, folderName, request, e);
    throw e;
  }
}

/**
 * A run refused before its first record is not a run at all: the engine's error, except a lease
 * held elsewhere, which becomes `RunAlreadyActiveError` naming the holder's run (from this
 * process's memory, else the store).
 */
export async function refusalBeforeRecord(
  err: unknown,
  userId: string,
  inMemory: (runId: string) => RunRecord | undefined,
  options: Pick<RunManagerOptions, 'store'>,
): Promise<never> {
  if (err instanceof RunInProgressError) {
    const holder = inMemory(err.heldBy.owner) ?? (await options.store.getRun(userId, err.heldBy.owner));
    const other = holder
      ? { record: holder, progress: {}, waiting: null, active: true, cancelRequested: false }
      : null;
    throw new RunAlreadyActiveError(other, err.refusal());
  }
  throw err;
}

/** A run's entry in the manager as it starts: active, its placeholder record, nothing heard yet. */
export function newEntry(userId: string, key: string, record: RunRecord, abort: AbortController): Entry {
  return {
    userId,
    key,
    record,
    progress: {},
    waiting: null,
    active: true,
    cancelled: false,
    abort,
    shutdown: false,
    plan: null,
    summary: null,
    listeners: new Set(),
    done: Promise.resolve(null),
    endUnstored: false,
    keptUntilMs: 0,
  };
}
