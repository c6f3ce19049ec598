import { writeSettleMs } from '../../core/lease.js';
import type { FastifyRequest } from 'fastify';
import type { BcContacts, SyncScope, SyncStateStore } from '../../core/ports.js';
import { DEFAULT_SETTINGS } from '../../core/records.js';
import type { RunRecord, SyncSettings } from '../../core/records.js';
import type { FacadeContext } from '../context.js';
import { userOf } from '../context.js';
import type { HttpError } from '../http-error.js';
import { wordedRefusal } from '../http-error.js';
import { RunManager } from './run-manager.js';
import type { SyncEnvironment } from './run-manager.js';
import { recordedFolder, recordedFolderIn } from '../../core/folder.js';

export interface SyncRoutesOptions {
  readonly ctx: FacadeContext;
  /** The two sides per user; without it, routes that read BC or Outlook answer 503. */
  readonly env?: SyncEnvironment;
  /** Made from `env` and the context when absent. */
  readonly manager?: RunManager;
}

/** What the route files share: the store, the environment and the caller's identity. */
export class SyncServices {
  readonly store: SyncStateStore;
  readonly manager: RunManager | null;

  constructor(
    readonly ctx: FacadeContext,
    private readonly environment: SyncEnvironment | null,
    manager: RunManager | null,
  ) {
    this.store = ctx.stateStore;
    this.manager =
      manager ??
      (environment
        ? new RunManager({
            store: ctx.stateStore,
            env: environment,
            clock: ctx.clock,
            logger: ctx.logger,
            writeSettleMs: writeSettleMs([ctx.config.timeouts.graphMs, ctx.config.timeouts.bcMs]),
          })
        : null);
  }

  /** The caller's user id, from the verified token only. */
  async user(request: FastifyRequest): Promise<string> {
    return (await userOf(this.ctx, request)).userId;
  }

  /**
   * The caller's token when it can act on their behalf (an Entra token): their BC calls upstream
   * then carry their own permissions (issue 10 §2). Undefined for dev tokens.
   */
  async onBehalfOf(request: FastifyRequest): Promise<string | undefined> {
    return (await userOf(this.ctx, request)).assertion;
  }

  /** The caller's BC side, with their own permissions where the environment can (on-behalf-of). */
  async bcOf(request: FastifyRequest, userId: string): Promise<BcContacts> {
    return this.env().bcContacts(userId, undefined, await this.onBehalfOf(request));
  }

  env(): SyncEnvironment {
    if (!this.environment) throw notConfigured();
    return this.environment;
  }

  runs(): RunManager {
    if (!this.manager) throw notConfigured();
    return this.manager;
  }

  async settings(userId: string): Promise<SyncSettings> {
    return (await this.store.getSettings(userId)) ?? DEFAULT_SETTINGS;
  }

  /**
   * The user's sync state as the last run left it: the folder the newest run of the settings'
   * folder name used (run records keep it, so a run in any host or process moves every reader at
   * once — issue 9 §2); before any such run, the folder of that name if it exists. Null when there
   * is no folder yet: routes answer "nothing". Never creates a folder; nothing is remembered here.
   * `recentRuns`: the records a state admission read already (`StateReader`), so they are not read again.
   */
  async scope(userId: string, recentRuns: readonly RunRecord[] | null = null): Promise<SyncScope | null> {
    const { folderName } = await this.settings(userId);
    // A folder change not yet moved by a run (F73): the state, conflicts included, is still the
    // old folder's, and stays listed and resolvable there until the move is done.
    const { moving, storedId } = recentRuns
      ? recordedFolderIn(recentRuns, userId, folderName)
      : await recordedFolder(this.store, userId, folderName);
    if (moving) return { userId, folderId: moving.folderId };
    if (storedId !== null) return { userId, folderId: storedId };
    const found = await this.env().mailboxFor(userId).findFolder(folderName);
    return found ? { userId, folderId: found.id } : null;
  }
}

function notConfigured(): HttpError {
  return wordedRefusal(503, 'SyncNotConfigured', {});
}
