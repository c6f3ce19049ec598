import { replayRecord } from './replay.js';
import { MAX_USER_NAME_LENGTH } from '../platform/server-options.js';
import { Type } from '@sinclair/typebox';
import { runJson } from '../messages/english.js';
import { typed } from './sync/schema-kit.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { PlanSummary } from '../core/plan.js';
import type { SyncMode } from '../core/records.js';
import type { UserDirectory } from './auth/user-directory.js';
import { sameSecret } from '../platform/same-secret.js';
import { HttpError, wordedRefusal } from './http-error.js';
import type { RunManager, RunView } from './sync/run-manager.js';
import type { PlaceCheck } from './user-place.js';

export interface InternalRoutesOptions {
  readonly adminToken: string;
  readonly manager: RunManager;
  /** Turns the `user` given (a UPN or a user key) into the user key. */
  readonly users: UserDirectory;
  /** `doctor --user`: the user's place checks (user-place.ts), read only. */
  readonly place?: (user: string) => Promise<PlaceCheck[]>;
}

/** A UUID, as the CLI makes them (crypto.randomUUID) and the run manager does. */
const RUN_ID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

/** A user as the CLI names one: a UPN or a user key (at most MAX_USER_NAME_LENGTH, as the admin API's). */
const USER = { minLength: 3, maxLength: MAX_USER_NAME_LENGTH } as const;

const userQuery = Type.Object({ user: Type.String(USER) }, { additionalProperties: false });

/**
 * A run as the CLI reads it: its record, the latest progress per phase, whether it still runs, and
 * once it ended what it planned, in numbers (null while it runs or once the process forgot it).
 */
function runAnswer(view: RunView, plan: PlanSummary | null) {
  return {
    record: runJson(view.record),
    progress: view.progress,
    waiting: view.waiting,
    active: view.active,
    plan,
  };
}

/**
 * For the CLI on the same machine: `bc-contact-sync sync` runs through the running server (the
 * store's lock forbids a second process), authenticated by a token only the data dir's owner can read:
 * `POST /runs` starts a run, `GET /runs/:id?user=` follows it.
 */
export const internalRoutes: FastifyPluginAsyncTypebox<InternalRoutesOptions> = async (
  app,
  { adminToken, manager, users, place },
) => {
  const checkAdmin = (token: unknown) => {
    if (!sameSecret(String(token ?? ''), adminToken)) {
      throw new HttpError(401, 'Authentication_InvalidCredentials', 'The admin token is missing or wrong.');
    }
  };
  // Before the body is read (F91): a request without the admin token costs no parsing.
  app.addHook('onRequest', async (request) => checkAdmin(request.headers['x-admin-token']));
  // Starts the run and answers at once (202, its id and first record); the CLI then follows it with
  // GET /runs/:id, each request under its own deadline (F82: one request that waited for the whole
  // run hung the CLI forever on a server that accepted and never answered).
  app.post(
    '/runs',
    {
      // The admin token (onRequest) is all it asks.
      config: replayRecord('token'),
      schema: {
        body: Type.Object(
          {
            user: Type.String(USER),
            mode: typed<SyncMode>({ type: 'string', enum: ['delta', 'full'] }),
            dryRun: Type.Optional(Type.Boolean()),
            confirmMassDelete: Type.Optional(Type.Boolean()),
            // The CLI's own id for the run: a start sent again after a lost answer finds its run.
            runId: Type.Optional(Type.String({ pattern: RUN_ID_PATTERN, maxLength: 36 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const b = request.body;
      const userId = await users.resolve(b.user);
      const view = await manager.start(userId, {
        mode: b.mode,
        dryRun: b.dryRun ?? false,
        confirmMassDelete: b.confirmMassDelete ?? false,
        trigger: 'cli',
        ...(b.runId ? { runId: b.runId } : {}),
      });
      return reply.status(202).send(runAnswer(view, null));
    },
  );

  app.get(
    '/runs/:id',
    {
      schema: {
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) }),
        querystring: userQuery,
      },
    },
    async (request) => {
      const userId = await users.resolve(request.query.user);
      const view = await manager.known(userId, request.params.id);
      if (!view) throw wordedRefusal(404, 'RunNotFound', { runId: request.params.id });
      return runAnswer(view, manager.planSummary(userId, request.params.id));
    },
  );

  if (place)
    app.get(
      '/doctor',
      {
        schema: {
          querystring: userQuery,
        },
      },
      async (request) => {
        return { checks: await place(request.query.user) };
      },
    );
};
