import { summarizePlan } from '../core/plan.js';
import type { PlanSummary } from '../core/plan.js';
import type { RunRecord } from '../core/records.js';
import type { UserDirectory } from '../server/auth/user-directory.js';
import type { RunManager, RunView } from '../server/sync/run-manager.js';
import type { SyncArgs } from './arguments.js';

/* `bc-contact-sync sync` with no server running, once the CLI started the product in its own
   process (main.ts): the run, and its progress on the way, as the server-path's polls give it. */

/** The part of a product started in this process that one CLI run uses. */
export interface StartedHere {
  readonly ctx: { readonly users?: Pick<UserDirectory, 'resolve'> };
  readonly manager: Pick<RunManager, 'runNow'>;
}

/**
 * Runs the sync the arguments ask for and resolves with its record and what it planned, as the CLI
 * prints them. `onProgress` gets each progress of the run and its wait: the CLI's progress lines come from the
 * same printer (progress-lines.ts) whether it runs the product here or follows a running server
 * (helper newuser: run here, the CLI printed no progress line at all, only how it ended).
 */
export async function runHere(
  server: StartedHere,
  args: SyncArgs,
  onProgress?: (progress: RunView['progress'], waiting: RunView['waiting']) => void,
): Promise<{ record: RunRecord; plan: PlanSummary | null }> {
  const users = server.ctx.users;
  if (!users) throw new Error('The server keeps no user directory.');
  const { record, plan } = await server.manager.runNow(
    await users.resolve(args.user),
    {
      mode: args.mode,
      dryRun: args.dryRun,
      confirmMassDelete: args.confirmMassDelete,
      trigger: 'cli',
    },
    onProgress,
  );
  return { record, plan: plan ? summarizePlan(plan) : null };
}
