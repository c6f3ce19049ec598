import type { RunRecord } from '../core/records.js';
import {
  describeDeferred,
  describeRunError,
  describeUncertain,
  describeWritten,
} from '../messages/english.js';
import { endError, heldError } from '../core/run-errors.js';

/**
 * The CLI's exit codes for a run that started (README "Command line"): scripts and schedulers
 * outside the product act on them, so every status that did not sync says so with its own code.
 */
export const EXIT = {
  /** The run synced both sides. */
  succeeded: 0,
  /** The run failed, was cancelled or interrupted, or was refused (another run holds the folder). */
  failed: 1,
  /** Bad arguments or configuration (design §4). */
  usage: 2,
  /** A guard held the run before it wrote anything: run again with --confirm-mass-delete. */
  held: 3,
  /**
   * The running server stopped answering while the CLI followed the run (F82): how the run ends is
   * not known here; it may still be going on the server.
   */
  lost: 4,
} as const;

type Ended = Pick<RunRecord, 'status' | 'errors' | 'held' | 'deferred' | 'uncertain'> & {
  readonly id?: string;
  readonly counts?: RunRecord['counts'];
  readonly dryRun?: boolean;
};

/** What to do about a held run from the command line. */
const HELD_HINT =
  'to delete them, run again with --confirm-mass-delete; to keep them, check the filter or raise the limit';

/**
 * The exit code of a run and the one line the CLI prints on stderr when it did not succeed (null
 * when it did). A `held` run wrote nothing, so exit 0 would tell a script the two sides agree when
 * they do not (issue 9 §6). Every other end says why by its run error's code (core endError), in
 * the words the sync API and the pane use. A dry run a real run's guard would hold succeeds (it
 * wrote nothing, as asked) and says so in its line (F37).
 */
export function runExit(record: Ended | null | undefined): { code: number; line: string | null } {
  if (!record) return { code: EXIT.failed, line: 'the run ended without a record' };
  const id = record.id ?? '';
  if (record.status === 'succeeded') {
    // Creates left for the next sync (F69) are no failure: exit 0, and the line says what waits.
    const deferred = describeDeferred(record.deferred);
    if (deferred.length > 0) return { code: EXIT.succeeded, line: deferred.join(' ') };
    if (!record.dryRun || !record.held) return { code: EXIT.succeeded, line: null };
    return {
      code: EXIT.succeeded,
      line: `dry run: a real run would be held: ${describeRunError(heldError(id, record.held))} ${cap(HELD_HINT)}.`,
    };
  }
  const reason = endError({ ...record, id });
  if (record.status === 'held') {
    const why = reason ? describeRunError(reason) : 'a guard held it before it wrote anything.';
    return { code: EXIT.held, line: `the run ended held: ${why} ${cap(HELD_HINT)}.` };
  }
  const words = reason ? `: ${describeRunError(reason)}` : '';
  // What it wrote (the pane's history line, run-outcome-words.ts), and writes sent without an
  // answer that may have landed (F114): a stopped run's line never reads as if nothing happened.
  const written = record.counts
    ? describeWritten({ ...record, counts: record.counts }).map((s) => ` ${s.replace(/\.$/, '')}.`)
    : [];
  const doubt = [...written, ...describeUncertain(record.uncertain).map((s) => ` ${s}`)].join('');
  return { code: EXIT.failed, line: `the run ended ${record.status}${words}${doubt}` };
}

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
