import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Link } from '../../core/link.js';
import type { ConflictEntry, SkipEntry, SyncCursor, SyncScope, SyncStateStore } from '../../core/ports.js';
import type { RunRecord, SyncSettings } from '../../core/records.js';
import { HttpError } from '../http-error.js';
import {
  conflictsBody,
  cursorSchema,
  findLinksBody,
  idsBody,
  fenceQuery,
  linksBody,
  runIdParams,
  runRecordSchema,
  scopePageQuery,
  scopeQuery,
  scopeWriteQuery,
  settingsSchema,
  skippedBody,
  SYNC_BODY_LIMITS,
  userQuery,
} from './schemas.js';
import type { SyncServices } from './services.js';
import { checkSettings } from './settings-input.js';
import { pageBody, pageOf, stampRunTimes, writerOf } from './state-helpers.js';
import type { FenceQuery } from './state-helpers.js';
import { addLeaseRoutes } from './state-leases.js';
import { STATE_LIMITS, STATE_REQUEST_LIMITS } from '../../core/state-limits.js';

/** Most links one request may carry (the client chunks). */
const MAX_LINKS_PER_REQUEST = SYNC_BODY_LIMITS.links;
/**
 * Byte limits of the state routes (README "Limits"), over the app's own: a chunk of 1,000 links is
 * about 1 MB, 10,000 skipped entries about 2.5 MB; the client sends longer lists in chunks (F112);
 * the other state routes take `entries` too (state-plugin default below).
 */
export const STATE_BODY_LIMITS = {
  links: STATE_REQUEST_LIMITS.linkBytes,
  entries: STATE_REQUEST_LIMITS.entryBytes,
} as const;

type ScopeQ = { Querystring: { userId: string; folderId: string } };
/** A state write's query: its scope and the lease it is fenced by (state-helpers.ts writerOf). */
type ScopeW = { Querystring: { userId: string; folderId: string } & FenceQuery };
type ScopePageQ = { Querystring: { userId: string; folderId: string; after?: string; limit?: number } };
type UserQ = { Querystring: { userId: string } };

/**
 * One route per `SyncStateStore` method, for the pane's in-browser engine (HttpSyncStateStore).
 * The user ids the port passes are checked against the token (403 otherwise), never trusted.
 */
export const stateRoutes: FastifyPluginAsync<{ svc: SyncServices }> = async (app, { svc }) => {
  const tags = ['state'];
  // The engine's id lists (10,000 ids of up to 500 characters) and run records need more than the
  // app's 64 KiB; routes that name their own limit keep it.
  app.addHook('onRoute', (route) => {
    route.bodyLimit ??= STATE_BODY_LIMITS.entries;
  });
  const userOf = async (request: FastifyRequest, claimed: string): Promise<string> => {
    const userId = await svc.user(request);
    if (claimed !== userId)
      throw new HttpError(
        403,
        'Forbidden_OtherUser',
        "The token's user may only reach their own sync state.",
      );
    return userId;
  };
  const scopeOf = async (request: FastifyRequest<ScopeQ>): Promise<SyncScope> => ({
    userId: await userOf(request, request.query.userId),
    folderId: request.query.folderId,
  });
  const s = svc.store;
  /** A write of a list of BC ids (`bcIds`) through the store the request's lease fences (writerOf). */
  const idsWrite = (
    path: string,
    write: (w: SyncStateStore, scope: SyncScope, bcIds: readonly string[]) => Promise<void>,
  ) =>
    app.post<ScopeW & { Body: { bcIds: string[] } }>(
      path,
      { schema: { tags, querystring: scopeWriteQuery, body: idsBody } },
      async (request, reply) => {
        const scope = await scopeOf(request);
        await write(await writerOf(svc, request, request.query), scope, request.body.bcIds);
        return reply.status(204).send();
      },
    );

  app.get<UserQ>('/settings', { schema: { tags, querystring: userQuery } }, async (request) => ({
    settings: await s.getSettings(await userOf(request, request.query.userId)),
  }));
  app.put<UserQ & { Body: SyncSettings }>(
    '/settings',
    { schema: { tags, querystring: userQuery, body: settingsSchema } },
    async (request, reply) => {
      const userId = await userOf(request, request.query.userId);
      await s.putSettings(userId, checkSettings(request.body));
      return reply.status(204).send();
    },
  );

  app.get<ScopeQ>('/cursor', { schema: { tags, querystring: scopeQuery } }, async (request) => ({
    cursor: await s.getCursor(await scopeOf(request)),
  }));
  app.put<ScopeW & { Body: SyncCursor }>(
    '/cursor',
    { schema: { tags, querystring: scopeWriteQuery, body: cursorSchema } },
    async (request, reply) => {
      const scope = await scopeOf(request);
      await (await writerOf(svc, request, request.query)).putCursor(scope, request.body);
      return reply.status(204).send();
    },
  );

  // Lists are read a page at a time from the store (F46): a request costs its page, not the scope.
  const paged = (summary: string) => ({ schema: { tags, summary, querystring: scopePageQuery } });
  app.get<ScopePageQ>(
    '/links',
    paged(`Links in bcId order (code point), at most ${STATE_LIMITS.pageSize} after \`after\``),
    async (request) =>
      pageBody(request.url, 'links', await s.pageLinks(await scopeOf(request), pageOf(request.query))),
  );
  app.post<ScopeW & { Body: { links: Link[] } }>(
    '/links',
    {
      bodyLimit: STATE_BODY_LIMITS.links,
      schema: {
        tags,
        summary: `Insert or replace links by bcId (at most ${MAX_LINKS_PER_REQUEST} per request)`,
        querystring: scopeWriteQuery,
        body: linksBody,
      },
    },
    async (request, reply) => {
      const scope = await scopeOf(request);
      await (await writerOf(svc, request, request.query)).upsertLinks(scope, request.body.links);
      return reply.status(204).send();
    },
  );
  app.post<ScopeQ & { Body: { bcIds: string[]; outlookIds: string[] } }>(
    '/links/find',
    {
      schema: {
        tags,
        summary: 'Links whose bcId or outlookId is one of the given ids, in bcId order',
        querystring: scopeQuery,
        body: findLinksBody,
      },
    },
    async (request) => ({ links: await s.findLinks(await scopeOf(request), request.body) }),
  );
  app.get<ScopeQ>('/links/count', { schema: { tags, querystring: scopeQuery } }, async (request) => ({
    count: await s.countLinks(await scopeOf(request)),
  }));
  idsWrite('/links/delete', (w, scope, bcIds) => w.deleteLinks(scope, bcIds));

  app.get<ScopeQ>('/pending-creates', { schema: { tags, querystring: scopeQuery } }, async (request) => ({
    bcIds: await s.listPendingCreates(await scopeOf(request)),
  }));
  idsWrite('/pending-creates', (w, scope, bcIds) => w.addPendingCreates(scope, bcIds));
  idsWrite('/pending-creates/clear', (w, scope, bcIds) => w.clearPendingCreates(scope, bcIds));

  addLeaseRoutes(app, svc, tags);

  app.put<{ Params: { id: string }; Querystring: FenceQuery; Body: RunRecord }>(
    '/runs/:id',
    { schema: { tags, params: runIdParams, querystring: fenceQuery, body: runRecordSchema } },
    async (request, reply) => {
      await userOf(request, request.body.userId);
      if (request.body.id !== request.params.id)
        throw new HttpError(
          400,
          'BadRequest',
          `The record's id ${request.body.id} is not the id in the path.`,
        );
      const stored = await s.getRun(request.body.userId, request.body.id);
      const w = await writerOf(svc, request, request.query);
      await w.saveRun(stampRunTimes(request.body, stored, svc.ctx.clock.now()));
      return reply.status(204).send();
    },
  );
  app.get<UserQ & { Params: { id: string } }>(
    '/runs/:id',
    { schema: { tags, params: runIdParams, querystring: userQuery } },
    async (request) => ({
      run: await s.getRun(await userOf(request, request.query.userId), request.params.id),
    }),
  );
  app.get<{ Querystring: { userId: string; limit?: number } }>(
    '/runs',
    {
      schema: {
        tags,
        querystring: {
          ...userQuery,
          properties: {
            ...userQuery.properties,
            limit: { type: 'integer', minimum: 0, maximum: 1000, default: 20 },
          },
        },
      },
    },
    async (request) => ({
      runs: await s.listRuns(await userOf(request, request.query.userId), request.query.limit ?? 20),
    }),
  );

  app.get<ScopePageQ>(
    '/conflicts',
    paged(`Conflicts in bcId order (code point), at most ${STATE_LIMITS.pageSize} after \`after\``),
    async (request) =>
      pageBody(
        request.url,
        'conflicts',
        await s.pageConflicts(await scopeOf(request), pageOf(request.query)),
      ),
  );
  app.post<ScopeW & { Body: { upserts: ConflictEntry[]; remove: string[] } }>(
    '/conflicts',
    {
      bodyLimit: STATE_BODY_LIMITS.entries,
      schema: {
        tags,
        summary: 'Upsert conflicts by bcId, then remove bcIds',
        querystring: scopeWriteQuery,
        body: conflictsBody,
      },
    },
    async (request, reply) => {
      const scope = await scopeOf(request);
      const w = await writerOf(svc, request, request.query);
      await w.putConflicts(scope, request.body.upserts, request.body.remove);
      return reply.status(204).send();
    },
  );

  app.get<ScopePageQ>(
    '/skipped',
    paged(`Skipped entries in key order (code point), at most ${STATE_LIMITS.pageSize} after \`after\``),
    async (request) =>
      pageBody(request.url, 'skipped', await s.pageSkipped(await scopeOf(request), pageOf(request.query))),
  );
  app.post<ScopeW & { Body: { entries: SkipEntry[]; replace: boolean; remove?: string[] } }>(
    '/skipped',
    {
      bodyLimit: STATE_BODY_LIMITS.entries,
      schema: {
        tags,
        summary: 'Upsert skipped entries (replace: drop all first), then remove keys',
        querystring: scopeWriteQuery,
        body: skippedBody,
      },
    },
    async (request, reply) => {
      const scope = await scopeOf(request);
      const { entries, replace, remove } = request.body;
      const w = await writerOf(svc, request, request.query);
      await w.putSkipped(scope, entries, { replace, ...(remove ? { remove } : {}) });
      return reply.status(204).send();
    },
  );
};
