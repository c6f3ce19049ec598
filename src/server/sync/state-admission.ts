import type { FastifyRequest } from 'fastify';
import type { SyncScope } from '../../core/ports.js';
import { STATE_LIMITS } from '../../core/state-limits.js';
import { HttpError } from '../http-error.js';
import { RunEnvironmentError } from './run-refusals.js';
import type { SyncServices } from './services.js';

/**
 * Who may write sync state through the state routes, and how much (F122). Every state write
 * (state.ts, state-leases.ts) asks `stateWriter` first: the token's user must be a member of a
 * company (403 NoCompanyMembership otherwise: with no company, nothing can be synced, so there is
 * no state to keep), and a write to a sync folder the user's state does not hold yet is admitted
 * only while the user's state holds fewer than STATE_LIMITS.perUser.scopes folders (409
 * TooManySyncFolders, naming the limit). Two first writes of new folders at once may both pass at
 * the last place: the overshoot is bounded by the user's concurrent requests (rate-limited).
 * The answers come from the context's `stateAdmission` (the product wires the store's database,
 * start-parts.ts); route tests without a database leave it out, and their users write as before.
 */
const TOO_MANY_FOLDERS_CODE = 'TooManySyncFolders';

/**
 * The token's user, once they may read sync state that holds company contact values (links'
 * bases, conflicts, skipped contacts, pending creates, the cursor): a member of a company, as for
 * writes (F130: a user whose last membership was revoked still read that company's contacts from
 * their state). 403 NoCompanyMembership otherwise.
 */
export async function stateReader(svc: SyncServices, request: FastifyRequest): Promise<string> {
  return stateMember(svc, await svc.user(request));
}

/** `userId` once they are a member of a company (stateReader's rule, for a user already known). */
export async function stateMember(svc: SyncServices, userId: string): Promise<string> {
  const admission = svc.ctx.stateAdmission;
  if (admission && (await admission.companiesOf(userId)).size === 0)
    throw new RunEnvironmentError(
      'noCompanyMembership',
      "The token's user is a member of no company, so may not read or write sync state.",
    );
  return userId;
}

/** The token's user, once they may write state; with `scope`, once that folder is admitted too. */
export async function stateWriter(
  svc: SyncServices,
  request: FastifyRequest,
  scope?: SyncScope,
): Promise<string> {
  const userId = await stateReader(svc, request);
  const admission = svc.ctx.stateAdmission;
  if (!admission || scope === undefined) return userId;
  const max = STATE_LIMITS.perUser.scopes;
  const held = await admission.scopes(userId, scope.folderId, max);
  if (!held.holds && held.count >= max)
    throw new HttpError(
      409,
      TOO_MANY_FOLDERS_CODE,
      `The user's sync state already holds ${max} folders, the most one user may have; ` +
        `a write to another folder is refused.`,
      [
        {
          target: 'query.folderId',
          message: `a new folder past the limit of ${max}`,
          reason: { kind: 'tooManyFolders', max },
        },
      ],
    );
  return userId;
}
