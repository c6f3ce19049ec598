import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FacadeContext } from '../context.js';
import { identityOf } from '../context.js';
import { HttpError } from '../http-error.js';
import type { Identity } from './identity.js';

/**
 * What a token must carry to use one of the facade's APIs (issue 10 §2): a delegated token the
 * API's scope (`scp`), an app-only token one of its app roles (`roles`). Defined in the app
 * registration (docs/deploy.md "Expose an API" and "App roles").
 */
export interface AccessPolicy {
  /** The API, for messages. */
  readonly api: string;
  /** The delegated scope a user's token must carry. */
  readonly scope: string;
  /** App roles that admit an app-only token; empty: the API acts for a signed-in user only. */
  readonly appRoles: readonly string[];
  /**
   * App roles a signed-in user must hold (one of them, in the delegated token's `roles`) besides
   * the scope: a scope says what the app may do for the user, not what the user may do.
   */
  readonly userRoles?: readonly string[];
}

/** /sync/v1: the caller's own sync state; users only. */
export const SYNC_API: AccessPolicy = { api: 'the sync API', scope: 'Sync.ReadWrite', appRoles: [] };

/** /api/v2.0: Business Central contacts; users (their member companies) or daemons with the role. */
export const BC_API: AccessPolicy = {
  api: 'the Business Central API',
  scope: 'BC.ReadWrite',
  appRoles: ['BC.ReadWrite.All'],
};

/**
 * /admin/v1: who may use which company through the BC API (README "Company access"). Users need the
 * scope and their assigned role `Memberships.Admin`; daemons the app role `Memberships.ReadWrite.All`.
 */
export const ADMIN_API: AccessPolicy = {
  api: 'the company access admin API',
  scope: 'Memberships.ReadWrite',
  appRoles: ['Memberships.ReadWrite.All'],
  userRoles: ['Memberships.Admin'],
};

/**
 * The caller, if the token may use the API; otherwise 401 (no or bad token) or 403 with an error
 * body naming what is missing (code Authorization_ScopeMissing, Authorization_RoleMissing or
 * Authorization_UserRequired).
 */
async function authorize(
  ctx: FacadeContext,
  request: FastifyRequest,
  policy: AccessPolicy,
): Promise<Identity> {
  const id = await identityOf(ctx, request);
  if (id.kind === 'user') {
    if (!id.scopes.includes(policy.scope))
      throw new HttpError(
        403,
        'Authorization_ScopeMissing',
        `The token lacks the delegated scope ${policy.scope}, which ${policy.api} needs.`,
        [
          {
            target: 'scp',
            message: `needs ${policy.scope}`,
            reason: { kind: 'scopeMissing', scope: policy.scope },
          },
        ],
      );
    const needed = policy.userRoles ?? [];
    if (needed.length > 0 && !needed.some((r) => (id.roles ?? []).includes(r)))
      throw new HttpError(
        403,
        'Authorization_RoleMissing',
        `The user does not hold the app role ${needed.join(' or ')}, which ${policy.api} needs; an administrator assigns it (Enterprise applications → Users and groups).`,
        [
          {
            target: 'roles',
            message: `needs ${needed.join(' or ')}`,
            reason: { kind: 'roleMissing', roles: [...needed] },
          },
        ],
      );
    return id;
  }
  if (policy.appRoles.length === 0)
    throw new HttpError(
      403,
      'Authorization_UserRequired',
      `${policy.api[0]!.toUpperCase()}${policy.api.slice(1)} acts for a signed-in user; app-only tokens are refused.`,
    );
  if (!policy.appRoles.some((r) => id.roles.includes(r)))
    throw new HttpError(
      403,
      'Authorization_RoleMissing',
      `The app-only token lacks the app role ${policy.appRoles.join(' or ')}, which ${policy.api} needs.`,
      [
        {
          target: 'roles',
          message: `needs ${policy.appRoles.join(' or ')}`,
          reason: { kind: 'roleMissing', roles: [...policy.appRoles] },
        },
      ],
    );
  return id;
}

/** Every route of this plugin scope checks the policy before anything else runs (onRequest). */
export function requireAccess(app: FastifyInstance, ctx: FacadeContext, policy: AccessPolicy): void {
  app.addHook('onRequest', async (request, reply) => {
    try {
      await authorize(ctx, request, policy);
    } catch (e) {
      if (e instanceof HttpError && e.status === 401) reply.header('www-authenticate', 'Bearer');
      throw e;
    }
  });
}
