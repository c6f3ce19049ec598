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

type Ended = Pick<RunRecord, 'status' | 'errors' | 'held'> & { readonly dryRun?: boolean };

/** What a guard holds a run for, in words: the deletes, their share of the folder and the limit. */
function heldWhat(h: NonNullable<RunRecord['held']> | null): string {
  if (!h) return 'a guard stopped it';
  if (h.kind === 'bcEmpty')
    return `Business Central returned no contact in scope, so all ${h.folderSize} synced Outlook contacts would be deleted`;
  const share = h.folderSize > 0 ? Math.round((h.deletes / h.folderSize) * 100) : 100;
  return `it would delete ${h.deletes} of the ${h.folderSize} synced Outlook contacts (${share}%; the limit is ${Math.round(h.share * 100)}%)`;
}

/**
 * The exit code of a run and the one line the CLI prints on stderr when it did not succeed (null
 * when it did). A `held` run wrote nothing, so exit 0 would tell a script the two sides agree when
 * they do not (issue 9 §6). A dry run a real run's guard would hold succeeds (it wrote nothing,
 * as asked) and says so in its line (F37).
 */
export function runExit(record: Ended | null | undefined): { code: number; line: string | null } {
  if (!record) return { code: EXIT.failed, line: 'the run ended without a record' };
  if (record.status === 'succeeded') {
    if (!record.dryRun || !record.held) return { code: EXIT.succeeded, line: null };
    return {
      code: EXIT.succeeded,
      line: `dry run: a real run would be held before writing anything: ${heldWhat(record.held)}; check the filter, or run with --confirm-mass-delete`,
    };
  }
  if (record.status === 'held') {
    return {
      code: EXIT.held,
      line: `the run was held before writing anything: ${heldWhat(record.held)}; check the filter, then run again with --confirm-mass-delete`,
    };
  }
  const last = record.errors.at(-1);
  const reason = last ? describeRunError(last) : undefined;
  return { code: EXIT.failed, line: `the run ended ${record.status}${reason ? `: ${reason}` : ''}` };
}
