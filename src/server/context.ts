import type { FastifyRequest } from 'fastify';
import type { Clock, Logger, SyncStateStore } from '../core/ports.js';
import type { TurnHoldRecords } from '../core/turn-hold-records.js';
import type { Db } from '../store/db.js';
import type { StateAdmission } from '../store/user-scopes.js';
import type { DevIssuer } from './auth/dev-issuer.js';
import type { Identity } from './auth/identity.js';
import type { UserDirectory } from './auth/user-directory.js';
import type { TokenVerifier } from './auth/verify.js';
import { AuthError } from './auth/verify.js';
import type { FacadeConfig } from './config.js';
import { HttpError } from './http-error.js';
import { callerRequestOf } from './link-origin.js';

/** What every route plugin is given: configuration, storage, auth and time. */
export interface FacadeContext {
  readonly config: FacadeConfig;
  readonly db: Db;
  readonly stateStore: SyncStateStore;
  readonly verifyToken: TokenVerifier;
  /** Present with AUTH_MODE=dev. */
  readonly devIssuer: DevIssuer | null;
  /** Where verified users are recorded (absent in route tests without a database). */
  readonly users?: UserDirectory;
  /**
   * Who may write sync state through the state routes, and how many folders (F122,
   * sync/state-admission.ts); absent in route tests without a database: not checked.
   */
  readonly stateAdmission?: StateAdmission;
  readonly clock: Clock;
  readonly logger: Logger;
  /**
   * What the lease routes count of each create turn's hold and each stay in its line
   * (sync/turn-holds.ts), shared by every facade process on the store (review R2); absent in
   * route tests without a database: counted in this process.
   */
  readonly turnHolds?: TurnHoldRecords;
  /** Counts the upstream tenant's answers for /metrics (observability.ts `observeBcAnswer`); absent: not counted. */
  readonly onBcAnswer?: (request: {
    readonly method: string;
    readonly path: string;
    readonly status: number;
  }) => void;
}

/**
 * Each request's token is verified once (the per-user rate limit and the route both ask), and a
 * `$batch`'s operations share their envelope's (link-origin.ts callerRequestOf).
 */
const verified = new WeakMap<FastifyRequest, Promise<Identity>>();

export async function identityOf(ctx: FacadeContext, request: FastifyRequest): Promise<Identity> {
  let id: Identity;
  try {
    const caller = callerRequestOf(request);
    const cached = verified.get(caller) ?? ctx.verifyToken(caller.headers.authorization);
    verified.set(caller, cached);
    id = await cached;
  } catch (e) {
    if (e instanceof AuthError) throw new HttpError(401, 'Authentication_InvalidCredentials', e.message);
    throw e;
  }
  if (id.kind === 'user') await ctx.users?.seen(id);
  return id;
}

/** The signed-in user; app-only tokens cannot use per-user routes. */
export async function userOf(
  ctx: FacadeContext,
  request: FastifyRequest,
): Promise<Extract<Identity, { kind: 'user' }>> {
  const id = await identityOf(ctx, request);
  if (id.kind !== 'user')
    throw new HttpError(
      403,
      'Authorization_UserRequired',
      'This route needs a user token, not an app-only token.',
    );
  return id;
}
