import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Link } from '../../core/link.js';
import type { ConflictEntry, SkipEntry, SyncCursor, SyncScope } from '../../core/ports.js';
import type { RunRecord, SyncSettings } from '../../core/records.js';
import { HttpError } from '../http-error.js';
import {
  conflictsBody,
  cursorSchema,
  findLinksBody,
  idsBody,
  leaseBody,
  linksBody,
  runIdParams,
  runRecordSchema,
  scopePageQuery,
  scopeQuery,
  settingsSchema,
  skippedBody,
  SYNC_BODY_LIMITS,
  userQuery,
} from './schemas.js';
import type { SyncServices } from './services.js';
import { checkSettings } from './settings-input.js';
import { leaseTarget, leaseTime, pageBody, pageOf, stampRunTimes } from './state-helpers.js';
import { TurnHolds } from './turn-holds.js';
import { markInterrupted } from '../../core/run.js';
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
  const holds = new TurnHolds();

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
  app.put<ScopeQ & { Body: SyncCursor }>(
    '/cursor',
    { schema: { tags, querystring: scopeQuery, body: cursorSchema } },
    async (request, reply) => {
      const scope = await scopeOf(request);
      await s.putCursor(scope, request.body);
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
  app.post<ScopeQ & { Body: { links: Link[] } }>(
    '/links',
    {
      bodyLimit: STATE_BODY_LIMITS.links,
      schema: {
        tags,
        summary: `Insert or replace links by bcId (at most ${MAX_LINKS_PER_REQUEST} per request)`,
        querystring: scopeQuery,
        body: linksBody,
      },
    },
    async (request, reply) => {
      const scope = await scopeOf(request);
      await s.upsertLinks(scope, request.body.links);
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
  app.post<ScopeQ & { Body: { bcIds: string[] } }>(
    '/links/delete',
    { schema: { tags, querystring: scopeQuery, body: idsBody } },
    async (request, reply) => {
      await s.deleteLinks(await scopeOf(request), request.body.bcIds);
      return reply.status(204).send();
    },
  );

  app.get<ScopeQ>('/pending-creates', { schema: { tags, querystring: scopeQuery } }, async (request) => ({
    bcIds: await s.listPendingCreates(await scopeOf(request)),
  }));
  app.post<ScopeQ & { Body: { bcIds: string[] } }>(
    '/pending-creates',
    { schema: { tags, querystring: scopeQuery, body: idsBody } },
    async (request, reply) => {
      const scope = await scopeOf(request);
      await s.addPendingCreates(scope, request.body.bcIds);
      return reply.status(204).send();
    },
  );
  app.post<ScopeQ & { Body: { bcIds: string[] } }>(
    '/pending-creates/clear',
    { schema: { tags, querystring: scopeQuery, body: idsBody } },
    async (request, reply) => {
      await s.clearPendingCreates(await scopeOf(request), request.body.bcIds);
      return reply.status(204).send();
    },
  );

  type LeaseB = { Body: { key: string; owner: string; now?: string; ttlMs?: number } };
  // A lease's body is a key and an owner: the app's own limit, so it is no bulk request
  // (work-limits.ts) — a run's renewal is never refused for the user's other work.
  const leaseOptions = (required: string[]) => ({
    bodyLimit: app.initialConfig.bodyLimit,
    schema: { tags, body: { ...leaseBody, required: [...leaseBody.required, ...required] } },
  });
  app.post<LeaseB>('/lease/acquire', leaseOptions(['now', 'ttlMs']), async (request) => {
    const t = await leaseTarget(svc, request, request.body.key, request.body.owner);
    const at = leaseTime(svc, t, request.body.now, request.body.ttlMs ?? 0);
    // The pane's engine holds it from a browser: no process here to probe, the lease only expires.
    // A create turn's hold is bounded from its acquisition (F72 rest; turn-holds.ts).
    const ttlMs = holds.acquired(t.key, t.owner, Date.parse(at.now), at.ttlMs);
    const result = await s.acquireLease(t.key, t.owner, at.now, ttlMs, null);
    if (t.shared)
      // Who holds another user's turn is theirs to know: only until when.
      return result.ok ? result : { ok: false, heldBy: { owner: '', expiresAt: result.heldBy.expiresAt } };
    // The pane's engine leaves this to us (HttpSyncStateStore.marksInterruptedOnLease).
    if (result.ok) await markInterrupted(s, t.userId, t.owner, t.key, at.now);
    return result;
  });
  app.post<LeaseB>('/lease/renew', leaseOptions(['now', 'ttlMs']), async (request) => {
    const t = await leaseTarget(svc, request, request.body.key, request.body.owner);
    const at = leaseTime(svc, t, request.body.now, request.body.ttlMs ?? 0);
    const ttlMs = holds.renewal(t.key, t.owner, Date.parse(at.now), at.ttlMs);
    // Past its hold the turn is not renewed: it runs out, and the next in line takes it.
    if (typeof ttlMs !== 'number') return { ok: false, reason: ttlMs };
    return { ok: await s.renewLease(t.key, t.owner, at.now, ttlMs) };
  });
  app.post<LeaseB>('/lease/release', leaseOptions([]), async (request, reply) => {
    const t = await leaseTarget(svc, request, request.body.key, request.body.owner);
    await s.releaseLease(t.key, t.owner);
    holds.released(t.key, t.owner);
    return reply.status(204).send();
  });

  app.put<{ Params: { id: string }; Body: RunRecord }>(
    '/runs/:id',
    { schema: { tags, params: runIdParams, body: runRecordSchema } },
    async (request, reply) => {
      await userOf(request, request.body.userId);
      if (request.body.id !== request.params.id)
        throw new HttpError(
          400,
          'BadRequest',
          `The record's id ${request.body.id} is not the id in the path.`,
        );
      const stored = await s.getRun(request.body.userId, request.body.id);
      await s.saveRun(stampRunTimes(request.body, stored, svc.ctx.clock.now()));
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
  app.post<ScopeQ & { Body: { upserts: ConflictEntry[]; remove: string[] } }>(
    '/conflicts',
    {
      bodyLimit: STATE_BODY_LIMITS.entries,
      schema: {
        tags,
        summary: 'Upsert conflicts by bcId, then remove bcIds',
        querystring: scopeQuery,
        body: conflictsBody,
      },
    },
    async (request, reply) => {
      const scope = await scopeOf(request);
      await s.putConflicts(scope, request.body.upserts, request.body.remove);
      return reply.status(204).send();
    },
  );

  app.get<ScopePageQ>(
    '/skipped',
    paged(`Skipped entries in key order (code point), at most ${STATE_LIMITS.pageSize} after \`after\``),
    async (request) =>
      pageBody(request.url, 'skipped', await s.pageSkipped(await scopeOf(request), pageOf(request.query))),
  );
  app.post<ScopeQ & { Body: { entries: SkipEntry[]; replace: boolean; remove?: string[] } }>(
    '/skipped',
    {
      bodyLimit: STATE_BODY_LIMITS.entries,
      schema: {
        tags,
        summary: 'Upsert skipped entries (replace: drop all first), then remove keys',
        querystring: scopeQuery,
        body: skippedBody,
      },
    },
    async (request, reply) => {
      const scope = await scopeOf(request);
      const { entries, replace, remove } = request.body;
      await s.putSkipped(scope, entries, { replace, ...(remove ? { remove } : {}) });
      return reply.status(204).send();
    },
  );
};
