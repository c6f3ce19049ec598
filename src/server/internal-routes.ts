import { runJson } from '../messages/english.js';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { summarizePlan } from '../core/plan.js';
import type { SyncMode } from '../core/records.js';
import type { UserDirectory } from './auth/user-directory.js';
import { HttpError } from './http-error.js';
import type { RunManager } from './sync/run-manager.js';
import type { PlaceCheck } from './user-place.js';

export interface InternalRoutesOptions {
  readonly adminToken: string;
  readonly manager: RunManager;
  /** Turns the `user` given (a UPN or a user key) into the user key. */
  readonly users: UserDirectory;
  /** `doctor --user`: the user's place checks (user-place.ts), read only. */
  readonly place?: (user: string) => Promise<PlaceCheck[]>;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * For the CLI on the same machine: `bc-contact-sync sync` runs through the running server (the
 * store's lock forbids a second process), authenticated by a token only the data dir's owner can read.
 */
export const internalRoutes: FastifyPluginAsync<InternalRoutesOptions> = async (
  app,
  { adminToken, manager, users, place },
) => {
  const checkAdmin = (token: unknown) => {
    if (!same(String(token ?? ''), adminToken)) {
      throw new HttpError(401, 'Authentication_InvalidCredentials', 'The admin token is missing or wrong.');
    }
  };
  app.post<{ Body: { user: string; mode: SyncMode; dryRun?: boolean; confirmMassDelete?: boolean } }>(
    '/runs',
    {
      schema: {
        body: {
          type: 'object',
          required: ['user', 'mode'],
          additionalProperties: false,
          properties: {
            user: { type: 'string', minLength: 3 },
            mode: { type: 'string', enum: ['delta', 'full'] },
            dryRun: { type: 'boolean' },
            confirmMassDelete: { type: 'boolean' },
          },
        },
      },
    },
    async (request) => {
      checkAdmin(request.headers['x-admin-token']);
      const b = request.body;
      const outcome = await manager.runNow(await users.resolve(b.user), {
        mode: b.mode,
        dryRun: b.dryRun ?? false,
        confirmMassDelete: b.confirmMassDelete ?? false,
        trigger: 'cli',
      });
      return { record: runJson(outcome.record), plan: outcome.plan ? summarizePlan(outcome.plan) : null };
    },
  );

  if (place)
    app.get<{ Querystring: { user: string } }>(
      '/doctor',
      {
        schema: {
          querystring: {
            type: 'object',
            required: ['user'],
            additionalProperties: false,
            properties: { user: { type: 'string', minLength: 3 } },
          },
        },
      },
      async (request) => {
        checkAdmin(request.headers['x-admin-token']);
        return { checks: await place(request.query.user) };
      },
    );
};
