import type { RunRecord } from '../core/records.js';
import { describeRunError } from '../messages/english.js';

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
} as const;

type Ended = Pick<RunRecord, 'status' | 'errors' | 'held'>;

/**
 * The exit code of a run and the one line the CLI prints on stderr when it did not succeed (null
 * when it did). A `held` run wrote nothing, so exit 0 would tell a script the two sides agree when
 * they do not (issue 9 §6).
 */
export function runExit(record: Ended | null | undefined): { code: number; line: string | null } {
  if (!record) return { code: EXIT.failed, line: 'the run ended without a record' };
  if (record.status === 'succeeded') return { code: EXIT.succeeded, line: null };
  if (record.status === 'held') {
    const h = record.held;
    const what =
      h?.kind === 'bcEmpty'
        ? `Business Central returned no contact in scope, so all ${h.folderSize} synced Outlook contacts would be deleted`
        : h
          ? `it would delete ${h.deletes} of the ${h.folderSize} synced Outlook contacts (more than ${Math.round(h.share * 100)}%)`
          : 'a guard stopped it';
    return {
      code: EXIT.held,
      line: `the run was held before writing anything: ${what}; check the filter, then run again with --confirm-mass-delete`,
    };
  }
  const last = record.errors.at(-1);
  const reason = last ? describeRunError(last) : undefined;
  return { code: EXIT.failed, line: `the run ended ${record.status}${reason ? `: ${reason}` : ''}` };
}
