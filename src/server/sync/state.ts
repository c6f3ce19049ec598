import { REPLAY_RERUN, replayRecord } from '../replay.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static, TSchema } from '@sinclair/typebox';
import * as A from './answer-schemas.js';
import type { FastifyRequest } from 'fastify';
import type { SyncScope, SyncStateStore } from '../../core/ports.js';
import { wordedRefusal } from '../http-error.js';
import {
  conflictsBody,
  cursorSchema,
  findLinksBody,
  idsBody,
  linksBody,
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
import { pageBody, pageOf, writerOf } from './state-helpers.js';
import { addLeaseRoutes } from './state-leases.js';
import { addRunRecordRoutes } from './state-runs.js';
import { assertCursorOfStateCompany } from './state-company.js';
import { stateMember, stateWriter } from './state-admission.js';
import { STATE_LIMITS, STATE_REQUEST_LIMITS } from '../../core/state-limits.js';

/** Most links one request may carry (the client chunks). */
const MAX_LINKS_PER_REQUEST = SYNC_BODY_LIMITS.links;
/**
 * Byte limits of the state routes (README "Limits"), over the app's own: a chunk of 1,000 links is
 * about 1 MB, 10,000 skipped entries about 2.5 MB; the client sends longer lists in chunks (F112);
 * the other state routes take `entries` too (state-plugin default below).
 * @internal
 */
export const STATE_BODY_LIMITS = {
  links: STATE_REQUEST_LIMITS.linkBytes,
  entries: STATE_REQUEST_LIMITS.entryBytes,
} as const;

/** A request whose query names a scope (scopeQuery, or a query that extends it). */
type ScopedRequest = FastifyRequest & { readonly query: Static<typeof scopeQuery> };

/**
 * One route per `SyncStateStore` method, for the pane's in-browser engine (HttpSyncStateStore).
 * The user ids the port passes are checked against the token (403 otherwise), never trusted.
 */
export const stateRoutes: FastifyPluginAsyncTypebox<{ svc: SyncServices }> = async (app, { svc }) => {
  const tags = ['state'];
  // The engine's id lists (10,000 ids of up to 500 characters) and run records need more than the
  // app's 64 KiB; routes that name their own limit keep it.
  app.addHook('onRoute', (route) => {
    route.bodyLimit ??= STATE_BODY_LIMITS.entries;
  });
  const userOf = async (request: FastifyRequest, claimed: string): Promise<string> => {
    const userId = await svc.user(request);
    if (claimed !== userId) throw wordedRefusal(403, 'Forbidden_OtherUser', {});
    return userId;
  };
  const ownScope = async (request: ScopedRequest): Promise<SyncScope> => ({
    userId: await userOf(request, request.query.userId),
    folderId: request.query.folderId,
  });
  // A scope's state holds company contact values: read by members only (F130), as writes are
  // admitted by stateWriter (F122), which asks once per write.
  const scopeOf = async (request: ScopedRequest): Promise<SyncScope> => {
    const scope = await ownScope(request);
    await stateMember(svc, scope.userId);
    return scope;
  };
  const s = svc.store;
  /**
   * A write through the store the request's lease fences (writerOf): the scope from the query, the
   * body as its schema took it; 204 once stored. Every state write goes through here.
   */
  const fencedWrite = <S extends TSchema>(
    method: 'POST' | 'PUT',
    path: string,
    schema: { readonly body: S; readonly summary?: string; readonly bodyLimit?: number },
    write: (w: SyncStateStore, scope: SyncScope, body: Static<S>) => Promise<void>,
  ) => {
    const { bodyLimit, summary, body } = schema;
    app.route({
      method,
      url: path,
      // 204 once stored: a record of the write done.
      config: replayRecord((request) => stateWriter(svc, request)),
      ...(bodyLimit === undefined ? {} : { bodyLimit }),
      schema: {
        tags,
        ...(summary === undefined ? {} : { summary }),
        querystring: scopeWriteQuery,
        body,
        response: A.noContent,
      },
      handler: async (request, reply) => {
        const scope = await ownScope(request);
        await stateWriter(svc, request, scope);
        await write(await writerOf(svc, request, request.query), scope, request.body);
        return reply.status(204).send(null);
      },
    });
  };
  /** A write of a list of BC ids (`bcIds`). */
  const idsWrite = (
    path: string,
    write: (w: SyncStateStore, scope: SyncScope, bcIds: readonly string[]) => Promise<void>,
  ) => fencedWrite('POST', path, { body: idsBody }, (w, scope, b) => write(w, scope, b.bcIds));

  /** A GET of one scope's state (userId and folderId in the query), answered whole as `answer`. */
  const scoped = <R extends TSchema>(answer: R) => ({
    schema: { tags, querystring: scopeQuery, response: { 200: answer } },
  });

  app.get(
    '/settings',
    { schema: { tags, querystring: userQuery, response: { 200: A.stateSettingsAnswer } } },
    async (request) => ({
      settings: await s.getSettings(await userOf(request, request.query.userId)),
    }),
  );
  app.put(
    '/settings',
    { schema: { tags, querystring: userQuery, body: settingsSchema, response: A.noContent } },
    async (request, reply) => {
      const userId = await userOf(request, request.query.userId);
      await stateWriter(svc, request);
      await s.putSettings(userId, checkSettings(request.body));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/cursor',
    { schema: { tags, querystring: scopeQuery, response: { 200: A.cursorAnswer } } },
    async (request) => ({
      cursor: await s.getCursor(await scopeOf(request)),
    }),
  );
  fencedWrite('PUT', '/cursor', { body: cursorSchema }, async (w, scope, cursor) => {
    await assertCursorOfStateCompany(s, scope.userId, cursor);
    await w.putCursor(scope, cursor);
  });

  // Lists are read a page at a time from the store (F46): a request costs its page, not the scope.
  const paged = <R extends TSchema>(summary: string, answer: R) => ({
    schema: { tags, summary, querystring: scopePageQuery, response: { 200: answer } },
  });
  app.get(
    '/links',
    paged(
      `Links in bcId order (code point), at most ${STATE_LIMITS.pageSize} after \`after\``,
      A.stateLinksAnswer,
    ),
    async (request) =>
      pageBody(request.url, 'links', await s.pageLinks(await scopeOf(request), pageOf(request.query))),
  );
  fencedWrite(
    'POST',
    '/links',
    {
      bodyLimit: STATE_BODY_LIMITS.links,
      summary: `Insert or replace links by bcId (at most ${MAX_LINKS_PER_REQUEST} per request)`,
      body: linksBody,
    },
    (w, scope, { links }) => w.upsertLinks(scope, links),
  );
  app.post(
    '/links/find',
    {
      config: REPLAY_RERUN,
      schema: {
        tags,
        summary: 'Links whose bcId or outlookId is one of the given ids, in bcId order',
        querystring: scopeQuery,
        body: findLinksBody,
        response: { 200: A.foundLinksAnswer },
      },
    },
    async (request) => ({ links: await s.findLinks(await scopeOf(request), request.body) }),
  );
  app.get('/links/count', scoped(A.countAnswer), async (request) => ({
    count: await s.countLinks(await scopeOf(request)),
  }));
  idsWrite('/links/delete', (w, scope, bcIds) => w.deleteLinks(scope, bcIds));

  app.get(
    '/pending-creates',
    paged(
      `Pending creates in code-point order, at most ${STATE_LIMITS.pageSize} after \`after\``,
      A.statePendingAnswer,
    ),
    async (request) =>
      pageBody(
        request.url,
        'bcIds',
        await s.pagePendingCreates(await scopeOf(request), pageOf(request.query)),
      ),
  );
  idsWrite('/pending-creates', (w, scope, bcIds) => w.addPendingCreates(scope, bcIds));
  idsWrite('/pending-creates/clear', (w, scope, bcIds) => w.clearPendingCreates(scope, bcIds));

  addLeaseRoutes(app, svc, tags);

  addRunRecordRoutes(app, svc, tags, userOf);

  app.get(
    '/conflicts',
    paged(
      `Conflicts in bcId order (code point), at most ${STATE_LIMITS.pageSize} after \`after\``,
      A.stateConflictsAnswer,
    ),
    async (request) =>
      pageBody(
        request.url,
        'conflicts',
        await s.pageConflicts(await scopeOf(request), pageOf(request.query)),
      ),
  );
  fencedWrite(
    'POST',
    '/conflicts',
    {
      bodyLimit: STATE_BODY_LIMITS.entries,
      summary: 'Upsert conflicts by bcId, then remove bcIds',
      body: conflictsBody,
    },
    (w, scope, { upserts, remove }) => w.putConflicts(scope, upserts, remove),
  );

  app.get(
    '/skipped',
    paged(
      `Skipped entries in key order (code point), at most ${STATE_LIMITS.pageSize} after \`after\``,
      A.stateSkippedAnswer,
    ),
    async (request) =>
      pageBody(request.url, 'skipped', await s.pageSkipped(await scopeOf(request), pageOf(request.query))),
  );
  fencedWrite(
    'POST',
    '/skipped',
    {
      bodyLimit: STATE_BODY_LIMITS.entries,
      summary: 'Upsert skipped entries (replace: drop all first), then remove keys',
      body: skippedBody,
    },
    (w, scope, { entries, replace, remove }) =>
      w.putSkipped(scope, entries, { replace, ...(remove ? { remove } : {}) }),
  );
};
