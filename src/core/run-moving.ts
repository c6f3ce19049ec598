import { folderMoveHeldError, planMove, removeOldCopies, renames } from './folder-move.js';
import type { StateFolder } from './folder-move.js';
import { runLeased } from './run-leased.js';
import type { RunDeps, RunFinish, RunHooks, RunOutcome, RunRequest } from './run-types.js';
import type { CompiledFilter } from './filter/index.js';
import type { RunRecord, SideCounts, SyncSettings } from './records.js';
import type { SyncScope } from './ports.js';
import type { LinkChanges } from './executor-support.js';

/*
 * A run whose settings name another folder than the one its state belongs to (F73): the move
 * first, then the sync of the folder the settings name. Every host runs it (runSync), so a folder
 * changed through PUT /sync/v1/settings, the CLI or the pane moves the same way.
 */

interface MovingRecorder {
  finish: RunFinish;
  checkpoint: () => Promise<void>;
  useFolder: (folderId: string) => void;
  written: { bc: SideCounts; outlook: SideCounts };
  uncertain: { bc: SideCounts; outlook: SideCounts };
  /** Names the folder the record's state belongs to (the settings' name once moved). */
  rename: (folderName: string) => void;
  /** Holds link changes for the run's end (run-leased.ts): the synced folder's, not the old one's. */
  endLinks?: (scope: SyncScope, changes: LinkChanges) => void;
  /** Saves the running record (the move's end point: the state now belongs to the new folder). */
  save: () => Promise<void>;
  /** The run's lease heartbeat (lease-keeper.ts). */
  beat: () => Promise<void>;
  /** The lease is known held before the cursor is saved (lease-keeper.ts `confirm`). */
  confirm: () => Promise<void>;
}

/**
 * - `gone` (the old folder was deleted): the run syncs the new folder as a first sync;
 * - `rename`: the run syncs the old folder, which takes the new name once both sides were read
 *   (before any write; links stay valid);
 * - `switch`: the old folder is synced first (its Outlook changes reach BC), then its copies are
 *   removed (removeOldCopies' rules) and the run syncs the other folder. Held contacts stop the
 *   move: the run ends `failed` with `folderMoveHeld` and the state stays in the old folder.
 * A dry run moves nothing: it plans the folder the move would sync (the old one when renamed).
 */
export async function runMoving(
  deps: RunDeps,
  req: RunRequest,
  hooks: RunHooks,
  run: {
    readonly settings: SyncSettings;
    readonly filter: CompiledFilter;
    readonly from: StateFolder;
  },
  recorder: MovingRecorder,
): Promise<RunOutcome> {
  const { settings, filter, from } = run;
  const to = settings.folderName;
  const plan = await planMove(deps.mailbox, from, to);
  const syncInto = (storedFolderId: string | null, beforeWrites?: () => Promise<void>) =>
    runLeased(deps, req, hooks, settings, filter, {
      ...recorder,
      storedFolderId,
      ...(beforeWrites ? { beforeWrites } : {}),
    });
  if (plan.kind === 'gone') {
    recorder.rename(to);
    return syncInto(null);
  }
  if (plan.kind === 'rename') {
    if (req.dryRun) return syncInto(plan.from.id);
    // The folder is read by its id, so the rename waits until both sides were read and the plan
    // made: a run refused by BC (its reads answer 403 once the user lost the company) renames
    // nothing (soak S1: the folder was renamed before the first BC read, by a run then refused).
    // Where reads still answer (the embedded store), the access is asked before the rename (F74).
    return syncInto(plan.from.id, async () => {
      await deps.bc.checkAccess?.();
      // A folder the user already renamed so in Outlook is not written again (F103).
      if (renames(plan.from, to)) await deps.mailbox.renameFolderById(plan.from.id, to);
      recorder.rename(to);
      await recorder.save();
    });
  }
  if (req.dryRun) return syncInto(plan.to.id);
  // The old folder's own sync, under its old name: a run that ends otherwise ends there.
  const first: { patch: Partial<RunRecord> | null } = { patch: null };
  const oldSync = await runLeased(deps, req, hooks, { ...settings, folderName: from.folderName }, filter, {
    ...recorder,
    // Its links are read for the move (removeOldCopies) and its cursor stored apart: none wait for the end.
    endLinks: undefined,
    storedFolderId: from.folderId,
    finish: async (status, patch, cursor) => {
      if (status !== 'succeeded') return recorder.finish(status, patch, cursor);
      // The old folder's cursor is stored as its sync ends (the run goes on: no record, no release).
      if (cursor) await deps.store.putCursor(cursor.scope, cursor.next);
      first.patch = patch;
      return { status } as RunRecord;
    },
  });
  const synced = first.patch;
  if (synced === null) return oldSync;
  const scope = { userId: req.userId, folderId: plan.from.id };
  // Its deletes count as uncertain while out, in a checkpoint saved before they go (F114); they
  // are a group of Outlook writes like any other, asked for access first (F74, soak S1).
  await deps.bc.checkAccess?.();
  const copies = await removeOldCopies(deps.mailbox, deps.store, scope, {
    uncertain: recorder.uncertain,
    announce: recorder.checkpoint,
  });
  if (copies.kind === 'held')
    return {
      record: await recorder.finish('failed', {
        ...synced,
        errors: [...(synced.errors ?? []), folderMoveHeldError(req.runId, copies.held, from.folderName, to)],
      }),
      plan: oldSync.plan,
    };
  recorder.written.outlook.deleted += copies.removed;
  recorder.rename(to);
  recorder.useFolder(plan.to.id);
  await recorder.save();
  return syncInto(plan.to.id);
}
