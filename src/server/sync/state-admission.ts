import type { FastifyRequest } from 'fastify';
import type { SyncScope } from '../../core/ports.js';
import { STATE_LIMITS } from '../../core/state-limits.js';
import { wordedRefusal } from '../http-error.js';
import { RunEnvironmentError } from './run-refusals.js';
import type { SyncServices } from './services.js';
import { stateCompanyIn } from './state-company.js';
import type { RunRecord } from '../../core/records.js';
import { readRecentRuns } from '../../core/state-origin.js';
import type { StateAdmission } from '../../store/user-scopes.js';

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
 * bases, conflicts, skipped contacts, pending creates, the cursor, a dry run's plan): a member of
 * the company that state belongs to (stateCompanyOf: the company its newest run records name).
 * F130 asked only for a membership of any company, so a user moved from company C1 to C2 kept
 * reading C1's contacts from their state (every base, skipped names, conflict values) while each
 * of their runs stopped with `companyChanged`. A state that names no company yet is read by any
 * member, as it is written. 403 NoCompanyMembership otherwise.
 */
export async function stateReader(svc: SyncServices, request: FastifyRequest): Promise<StateReader> {
  return stateMember(svc, await svc.user(request));
}

/**
 * A user admitted to read their state, with the recent run records the admission read to find the
 * state's company (null when no admission was asked): a route passes them on (`svc.scope`,
 * `recordedFolderIn`) so one request reads them once (issue 12, test/server/recent-runs-read).
 */
export interface StateReader {
  readonly userId: string;
  readonly recentRuns: readonly RunRecord[] | null;
}

/** The user once they may read their state (stateReader's rule, for a user already known). */
export async function stateMember(svc: SyncServices, userId: string): Promise<StateReader> {
  const admission = svc.ctx.stateAdmission;
  if (!admission) return { userId, recentRuns: null };
  const companies = await anyMember(admission, userId);
  const recentRuns = await readRecentRuns(svc.store, userId);
  const own = await stateCompanyIn(svc.store, userId, recentRuns);
  if (own !== null && !companies.has(own.toLowerCase()))
    throw new RunEnvironmentError(
      'noCompanyMembership',
      "The token's user is no longer a member of the Business Central company their sync state " +
        `belongs to (${own}), so may not read that state; an administrator gives the access back ` +
        '(README "Company access").',
    );
  return { userId, recentRuns };
}

/**
 * The user's companies, once there is one: writes ask no more than this, so a run that finds its
 * state's company revoked can still hold its lease and save its `companyChanged` record.
 */
async function anyMember(admission: StateAdmission, userId: string): Promise<ReadonlySet<string>> {
  const companies = await admission.companiesOf(userId);
  if (companies.size === 0)
    throw new RunEnvironmentError(
      'noCompanyMembership',
      "The token's user is a member of no company, so may not read or write sync state.",
    );
  return companies;
}

/** The token's user, once they may write state; with `scope`, once that folder is admitted too. */
export async function stateWriter(
  svc: SyncServices,
  request: FastifyRequest,
  scope?: SyncScope,
): Promise<string> {
  const userId = await svc.user(request);
  const admission = svc.ctx.stateAdmission;
  if (!admission) return userId;
  await anyMember(admission, userId);
  if (scope === undefined) return userId;
  const max = STATE_LIMITS.perUser.scopes;
  const held = await admission.scopes(userId, scope.folderId, max);
  if (!held.holds && held.count >= max)
    throw wordedRefusal(409, TOO_MANY_FOLDERS_CODE, { max }, [
      {
        target: 'query.folderId',
        message: `a new folder past the limit of ${max}`,
        reason: { kind: 'tooManyFolders', max },
      },
    ]);
  return userId;
}
