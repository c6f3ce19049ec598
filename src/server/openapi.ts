import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { ADMIN_API, BC_API, SYNC_API } from './auth/access.js';

/** Where the browsable document lives; its JSON is at `${DOCS_PREFIX}/json` (and /openapi.json). */
const DOCS_PREFIX = '/docs';

/**
 * One OpenAPI 3 document for the facade's two APIs: the Business Central API v2.0 (tag `bc`) and the
 * sync API (its tags: runs, settings, conflicts, state, sender, sync). Routes without a tag (health,
 * metrics, the dev issuer, the CLI's /internal, the embedded Graph emulator, the pane's files) are not
 * APIs a client builds on and stay out (`hideUntagged`).
 *
 * Registered at the root before any route (fastify-plugin, no encapsulation), so @fastify/swagger's
 * onRoute hook sees every route of the app. @fastify/swagger-ui serves Swagger UI from its own
 * package at /docs: scripts, styles and images all from this origin, so the pane's Content-Security-
 * Policy (security-headers.ts) already allows it; the only outside call Swagger UI would make, the
 * validator badge (validator.swagger.io), is turned off instead of being allowed.
 */
const openApiPlugin: FastifyPluginAsync = async (app) => {
  await app.register(swagger, {
    hideUntagged: true,
    transformObject: (document) => {
      // Always the OpenAPI 3 branch here: the `openapi` option below.
      const spec = 'openapiObject' in document ? document.openapiObject : document.swaggerObject;
      return { ...spec, paths: odataKeyPaths((spec.paths ?? {}) as Paths) };
    },
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Contact Sync for Business Central — facade API',
        version: '1.0.0',
        description:
          'Two APIs behind one bearer token check. `/api/v2.0`: Business Central API v2.0 companies, ' +
          'contacts and countriesRegions, plus contactChanges and serverTime for the sync engine; it ' +
          `needs the delegated scope ${BC_API.scope} (users, for the companies they are members of) ` +
          `or the app role ${BC_API.appRoles.join(' or ')}. \`/sync/v1\`: settings, runs, conflicts, ` +
          "links, skipped contacts and the sync state of the caller's own data; it needs the " +
          `delegated scope ${SYNC_API.scope}, app-only tokens are refused (403). \`/admin/v1\`: which ` +
          `users may use which company; it needs the delegated scope ${ADMIN_API.scope} and the ` +
          `user's app role ${(ADMIN_API.userRoles ?? []).join(' or ')}, or the app role ` +
          `${ADMIN_API.appRoles.join(' or ')}.`,
      },
      tags: [
        { name: 'bc', description: 'Business Central API v2.0 (the facade or an upstream tenant)' },
        { name: 'sync', description: 'Sync API: the signed-in user' },
        { name: 'settings', description: 'Sync API: settings and filters' },
        { name: 'runs', description: 'Sync API: runs, their progress, previews and schedule' },
        { name: 'conflicts', description: 'Sync API: conflicts and their resolution' },
        { name: 'state', description: 'Sync API: links, skipped contacts, sync state' },
        { name: 'sender', description: 'Sync API: the sender of the open message' },
        { name: 'admin', description: 'Company access: which users may use which company (README)' },
      ],
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
      security: [{ bearerAuth: [] }],
    },
  });
  await app.register(swaggerUi, {
    routePrefix: DOCS_PREFIX,
    uiConfig: { validatorUrl: null, deepLinking: true },
  });
  // The document's address before Swagger UI came (tests and clients read it there).
  app.get(`${DOCS_PREFIX}/openapi.json`, { schema: { hide: true } }, async () => app.swagger());
};

/** The part of an OpenAPI path item this file reads: each operation's path parameters' names. */
type Paths = Record<string, Record<string, { parameters?: readonly { in?: string; name?: string }[] }>>;

/**
 * BC's key segments (`companies({cid})`): Fastify matches them with a regular-expression parameter
 * in parentheses (bc-api/unknown-route.ts KEY), which @fastify/swagger can only write as
 * `{regexp1}`, `{regexp2}`, … in path order. Each is renamed to its path parameter (the route's
 * params schema lists them in the same order) and keeps BC's parentheses, e.g.
 * `/api/v2.0/companies({cid})/contacts({id})`.
 */
function odataKeyPaths(paths: Paths): Paths {
  return Object.fromEntries(
    Object.entries(paths).map(([path, item]) => {
      const first = Object.values(item)[0];
      const names = (first?.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      const renamed = path.replace(/\{regexp(\d+)\}/g, (whole, n: string) => {
        const name = names[Number(n) - 1];
        return name === undefined ? whole : `({${name}})`;
      });
      return [renamed, item];
    }),
  );
}

export const openApi = fp(openApiPlugin, { name: 'openapi' });
