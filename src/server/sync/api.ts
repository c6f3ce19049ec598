import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SYNC_API, requireAccess } from '../auth/access.js';
import { refusalsAnswerErrorBody } from '../error-schema.js';
import { syncRoutes } from './routes.js';
import type { SyncRoutesOptions } from './routes.js';

const SYNC_PREFIX = '/sync/v1';

/**
 * The sync API: `syncRoutes` at /sync/v1 behind the sync API's access policy. Its routes reach the
 * OpenAPI document through the app's openapi plugin (../openapi.ts), registered before it.
 */
export const syncApi: FastifyPluginAsyncTypebox<SyncRoutesOptions> = async (app, opts) => {
  await app.register(
    async (scoped) => {
      requireAccess(scoped, opts.ctx, SYNC_API);
      refusalsAnswerErrorBody(scoped);
      await scoped.register(syncRoutes, opts);
    },
    { prefix: SYNC_PREFIX },
  );
};
