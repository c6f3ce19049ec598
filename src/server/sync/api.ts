import swagger from '@fastify/swagger';
import type { FastifyPluginAsync } from 'fastify';
import { SYNC_API, requireAccess } from '../auth/access.js';
import { syncRoutes } from './routes.js';
import type { SyncRoutesOptions } from './routes.js';

const SYNC_PREFIX = '/sync/v1';

/**
 * The sync API with its OpenAPI document: `syncRoutes` at /sync/v1, and the document at /docs and
 * /docs/openapi.json. Swagger is registered inside this (encapsulated) plugin, so it describes the
 * sync API only and app.ts needs nothing but this one register call.
 */
export const syncApi: FastifyPluginAsync<SyncRoutesOptions> = async (app, opts) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Contact Sync for Business Central — sync API',
        version: '1.0.0',
        description:
          "Settings, runs, conflicts, links, skipped contacts and the sync state of the caller's own data. " +
          'Every route needs a bearer token for the facade with the delegated scope Sync.ReadWrite; ' +
          'app-only tokens and tokens without the scope are refused (403).',
      },
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
      security: [{ bearerAuth: [] }],
    },
  });
  await app.register(
    async (scoped) => {
      requireAccess(scoped, opts.ctx, SYNC_API);
      await scoped.register(syncRoutes, opts);
    },
    { prefix: SYNC_PREFIX },
  );
  const document = () => app.swagger();
  app.get('/docs', { schema: { hide: true } }, async () => document());
  app.get('/docs/openapi.json', { schema: { hide: true } }, async () => document());
};
