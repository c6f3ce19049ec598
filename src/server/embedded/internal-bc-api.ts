import { randomBytes, timingSafeEqual } from 'node:crypto';
import Fastify from 'fastify';
import { installInputGuard } from '../../platform/http-guard.js';
import { guardedServerOptions } from '../../platform/server-options.js';
import { BC_API } from '../auth/access.js';
import { parseUserKey } from '../auth/identity.js';
import type { Identity } from '../auth/identity.js';
import { AuthError } from '../auth/verify.js';
import type { TokenVerifier } from '../auth/verify.js';
import type { BcSource } from '../bc-api/bc-source.js';
import { bcApiRoutes } from '../bc-api/routes.js';
import type { FacadeContext } from '../context.js';
import { errorBody, installErrorHandlers } from '../http-error.js';
import { injectFetch } from './inject-fetch.js';

/** The internal BC API's own origin: reachable only through `fetch` below, never over a socket. */
export const INTERNAL_BC_ORIGIN = 'http://bc.internal';

export interface InternalBcApi {
  /** Answers requests to `${INTERNAL_BC_ORIGIN}/api/v2.0/…` in-process. */
  readonly fetch: typeof fetch;
  /**
   * A bearer token acting as this user (key `<tid>:<oid>`) on the internal API only; with the
   * user's own Entra token (`onBehalfOf`), the tenant is called on their behalf, else app-only.
   */
  tokenFor(userId: string, onBehalfOf?: string): string;
}

/**
 * The BC API (`/api/v2.0`, the same routes and source the facade serves) for server-side runs in
 * upstream mode (issue 11 §1): scheduled and CLI runs reach the tenant through it with the BC
 * adapter the pane uses (BC's protocol, retries, change tracking), acting as the run's user, so
 * the user's company memberships apply exactly as for the pane. The tenant is called with the
 * facade's app-only BC token (client credentials), or on behalf of the user when their token rides
 * along (a run they started). Its Fastify instance never listens: a request
 * can only come from this process, and its tokens are a per-process secret plus the user key,
 * accepted nowhere else — so it works under AUTH_MODE=entra, where the facade cannot mint tokens.
 */
export async function internalBcApi(ctx: FacadeContext, source: BcSource): Promise<InternalBcApi> {
  const secret = randomBytes(32).toString('base64url');
  const prefix = `internal.${secret}.`;
  const verifyToken: TokenVerifier = async (authorization) => {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? '';
    const given = Buffer.from(token.slice(0, prefix.length));
    if (given.length !== prefix.length || !timingSafeEqual(given, Buffer.from(prefix)))
      throw new AuthError('Not a token of this process.');
    // `<user key>` or `<user key>.<the user's Entra token>` (a user key has no dot).
    const rest = token.slice(prefix.length);
    const dot = rest.indexOf('.');
    const userId = dot < 0 ? rest : rest.slice(0, dot);
    const assertion = dot < 0 ? undefined : rest.slice(dot + 1);
    const key = parseUserKey(userId);
    if (!key) throw new AuthError('The internal token names no user key.');
    const id: Identity = {
      kind: 'user',
      userId,
      tenantId: key.tenantId,
      oid: key.oid,
      upn: '',
      name: '',
      scopes: [BC_API.scope],
      ...(assertion ? { assertion } : {}),
    };
    return id;
  };
  // Nothing to close: it holds no socket, timer or connection of its own.
  const app = Fastify({
    logger: false,
    ...guardedServerOptions((_status, code, message) => errorBody(code, message)),
  });
  installErrorHandlers(app);
  // The same input guard as the facade's app (app.ts), so handlers here meet the same inputs.
  installInputGuard(app);
  // No user directory: a server run must not rewrite the user's name as seen by the pane.
  const { users: _users, ...rest } = ctx;
  await app.register(bcApiRoutes, { ctx: { ...rest, verifyToken }, source, prefix: '/api/v2.0' });
  await app.ready();
  return {
    fetch: injectFetch(app),
    tokenFor: (userId, onBehalfOf) => `${prefix}${userId}${onBehalfOf ? `.${onBehalfOf}` : ''}`,
  };
}
