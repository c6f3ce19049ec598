import { REPLAY_RERUN } from '../replay.js';
import { folderPreviewAnswer } from './answer-schemas.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { recordedFolder, recordedFolderIn, runFolder } from '../../core/folder.js';
import { planMove, renames } from '../../core/folder-move.js';
import type { StateFolder } from '../../core/folder-move.js';
import type { Plan } from '../../core/plan.js';
import { planInSteps } from '../../core/planner.js';
import type { BcContacts, MailFolder, Mailbox, SyncStateStore } from '../../core/ports.js';
import type { SyncSettings } from '../../core/records.js';
import { FOLDER_NAME } from '../../core/settings-rules.js';
import type { FolderPreview } from '../../core/views.js';
import type { SyncServices } from './services.js';
import { stateReader } from './state-admission.js';
import { BULK_WORK } from '../work-limits.js';
import { nextTurn } from '../../platform/loop-turns.js';
import { checkFolderName, compileOrThrow } from './settings-input.js';

type FolderCounts = Omit<FolderPreview, 'move' | 'from'>;

const NONE: FolderCounts = { exists: false, contacts: 0, linked: 0, matched: 0, toBc: 0, skipped: 0 };

/** The folder's own contacts in a full sync's plan (pure): see `FolderPreview`. */
function countFolderPlan(plan: Plan, outlookIds: readonly string[], linked: number): FolderCounts {
  const inFolder = new Set(outlookIds);
  const toBc = plan.items.filter((i) => i.kind === 'createInBc' && inFolder.has(i.outlookId)).length;
  const skippedIds = new Set(
    plan.skipped.map((s) => s.record.outlookId).filter((id): id is string => !!id && inFolder.has(id)),
  );
  const skipped = skippedIds.size;
  return {
    exists: true,
    contacts: inFolder.size,
    linked,
    matched: Math.max(0, inFolder.size - linked - toBc - skipped),
    toBc,
    skipped,
  };
}

/**
 * Plans (writes nothing) the full sync the settings would run into `folder` (the folder a run of
 * that name uses, `runFolder`): Business Central's contacts as they are, the folder's contacts, and
 * the links the user already has there.
 */
async function previewFolder(
  deps: { readonly bc: BcContacts; readonly mailbox: Mailbox; readonly store: SyncStateStore },
  userId: string,
  settings: SyncSettings,
  folder: MailFolder | null,
): Promise<FolderCounts> {
  const filter = compileOrThrow(settings.filter);
  if (!folder) return NONE;
  const [bc, outlook] = await Promise.all([deps.bc.listAll(), deps.mailbox.listContacts(folder.id)]);
  const outlookIds = outlook.map((c) => c.id);
  const links = await deps.store.findLinks({ userId, folderId: folder.id }, { bcIds: [], outlookIds });
  // Planned in steps with a turn of the event loop between them (F89: at 26,308 BC contacts one
  // plan held the loop for seconds, and /healthz with it).
  const plan = await planInSteps(
    {
      mode: 'full',
      policy: settings.conflictPolicy,
      filter,
      massDeleteShare: settings.massDeleteShare,
      confirmMassDelete: false,
      links,
      bc: { kind: 'snapshot', contacts: bc },
      outlook: { kind: 'snapshot', contacts: outlook },
    },
    () => nextTurn(),
  );
  return countFolderPlan(plan, outlookIds, links.length);
}

/**
 * What the next run does to reach `to` when the settings name it, and from which folder as Outlook
 * names it now (reads only): see `FolderPreview.move` and `.from`. The sync folder already called
 * `to` in Outlook (the user renamed it there, F103) is no move: the run only records the name.
 */
async function moveTo(
  mailbox: Mailbox,
  state: StateFolder | null,
  to: string,
  folder: MailFolder | null,
): Promise<Pick<FolderPreview, 'move' | 'from'>> {
  // No move: the run stays in its folder, which the user may have renamed in Outlook (F121).
  if (!state) return { move: 'none', from: folder && renames(folder, to) ? folder.displayName : null };
  const plan = await planMove(mailbox, state, to);
  if (plan.kind === 'gone') return { move: 'gone', from: null };
  if (plan.kind === 'rename' && !renames(plan.from, to)) return { move: 'none', from: plan.from.displayName };
  return { move: plan.kind, from: plan.from.displayName };
}

/** POST /sync/v1/folder-preview: the pane's folder-move prompt says this before saving (F60, F73). */
export const folderPreviewRoutes: FastifyPluginAsyncTypebox<{ svc: SyncServices }> = async (app, { svc }) => {
  app.post(
    '/folder-preview',
    {
      // Reads every BC contact and the folder's, and plans a full sync (work-limits.ts).
      config: { ...BULK_WORK, ...REPLAY_RERUN },
      schema: {
        tags: ['settings'],
        summary:
          'What the next run does to move the sync to another Outlook folder, and with the contacts that folder already holds (nothing is written)',
        body: Type.Object(
          { folderName: Type.String({ minLength: 1, maxLength: FOLDER_NAME.max }) },
          { additionalProperties: false },
        ),
        response: { 200: folderPreviewAnswer },
      },
    },
    async (request) => {
      // Counts the state's links (its company's contacts) against BC: a member of that company only.
      const { userId, recentRuns } = await stateReader(svc, request);
      const deps = {
        bc: await svc.bcOf(request, userId),
        mailbox: svc.env().mailboxFor(userId),
        store: svc.store,
      };
      const to = checkFolderName(request.body.folderName.trim());
      const recorded = recentRuns
        ? recordedFolderIn(recentRuns, userId, to)
        : await recordedFolder(deps.store, userId, to);
      const folder = await runFolder(deps.mailbox, recorded, to);
      const [move, counts] = await Promise.all([
        moveTo(deps.mailbox, recorded.moving, to, folder),
        previewFolder(deps, userId, await svc.settings(userId), folder),
      ]);
      return { ...move, ...counts } satisfies FolderPreview;
    },
  );
};
