import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { FILTERABLE_FIELDS } from '../../core/filter/index.js';
import { MAX_SETTLED_CONFLICTS } from '../../core/merge.js';
import { SYNC_FIELDS } from '../../core/model.js';
import type { SyncFieldName } from '../../core/model.js';
import type { SyncScope } from '../../core/ports.js';
import type { SyncSettings } from '../../core/records.js';
import { ResolveError, dismissConflict, resolveConflict } from '../../core/resolve.js';
import type { ResolveChoice, ResolveFailure } from '../../core/resolve.js';
import { LEASE_TTL_MS } from '../../core/run.js';
import { previewScope } from '../../core/scope.js';
import { userOf } from '../context.js';
import { HttpError } from '../http-error.js';
import type { ErrorDetail } from '../http-error.js';
import { leaseKeyOf } from './run-manager.js';
import { runRoutes } from './runs.js';
import { senderRoutes } from './sender.js';
import { folderPreviewRoutes } from './folder-preview.js';
import { filterSchema, pageQuery, settingsSchema } from './schemas.js';
import { pageBody } from './state-helpers.js';
import { STATE_LIMITS } from '../../core/state-limits.js';
import type { Page } from '../../core/state-limits.js';
import { SyncServices } from './services.js';
import type { SyncRoutesOptions } from './services.js';
import { checkSettings, compileOrThrow } from './settings-input.js';
import { stateRoutes } from './state.js';
import { conflictView, skipView } from '../../core/views.js';
import {
  conflictJson,
  describeResolveFailure,
  describeSkipReason,
  skipJson,
} from '../../messages/english.js';

export type { SyncRoutesOptions } from './services.js';

const side = { enum: ['bc', 'outlook'] } as const;
const bearer = [{ bearerAuth: [] }];

/** The lists below are paged (F46): `after` and `limit` as the state API's, `@odata.nextLink` onward. */
type PageQ = { Querystring: { after?: string; limit?: number } };
const PAGE = `at most ${STATE_LIMITS.pageSize} a page in key order (\`after\`, \`limit\`, @odata.nextLink)`;
const EMPTY_PAGE: Page<never> = { items: [], next: null };
const pageOf = (request: { query: PageQ['Querystring'] }) => ({
  limit: request.query.limit ?? STATE_LIMITS.pageSize,
  ...(request.query.after !== undefined ? { after: request.query.after } : {}),
});

/**
 * The sync API (design §4), mounted at /sync/v1. Every route takes the user from the bearer token
 * and reads or writes only that user's data.
 */
export const syncRoutes: FastifyPluginAsync<SyncRoutesOptions> = async (app, opts) => {
  const svc = new SyncServices(opts.ctx, opts.env ?? null, opts.manager ?? null);
  /**
   * Conflict decisions change what a run reads and writes: never while a run (here or in another
   * process) holds the folder. The folder is the one the last run used, read under the lease (a run
   * may have just made a new one); none yet holds no conflict. ResolveErrors become their HTTP answers.
   */
  const underFolderLease = async <T>(
    userId: string,
    bcId: string,
    work: (scope: SyncScope) => Promise<T>,
  ): Promise<T> => {
    const key = leaseKeyOf(userId, (await svc.settings(userId)).folderName);
    const owner = `resolve-${randomUUID()}`;
    const lease = await svc.store.acquireLease(key, owner, opts.ctx.clock.now(), LEASE_TTL_MS);
    if (!lease.ok)
      throw new HttpError(
        409,
        'RunInProgress',
        'A sync is running for this folder; resolve when it has ended.',
      );
    try {
      const scope = await svc.scope(userId);
      if (!scope) throw new ResolveError({ kind: 'conflictNotFound', bcId });
      return await work(scope);
    } catch (e) {
      if (e instanceof ResolveError) throw resolveHttpError(e.failure);
      throw e;
    } finally {
      await svc.store.releaseLease(key, owner);
    }
  };
  app.addHook('onRoute', (route) => {
    route.schema = { security: bearer, ...route.schema };
  });

  app.get('/me', { schema: { tags: ['sync'], summary: 'The signed-in user' } }, async (request) => {
    const me = await userOf(opts.ctx, request);
    return { userId: me.userId, upn: me.upn, name: me.name, oid: me.oid };
  });

  app.get(
    '/settings',
    { schema: { tags: ['settings'], summary: 'Sync settings (defaults when none)' } },
    async (request) => svc.settings(await svc.user(request)),
  );

  app.put<{ Body: SyncSettings }>(
    '/settings',
    { schema: { tags: ['settings'], summary: 'Replace the sync settings', body: settingsSchema } },
    async (request) => {
      const userId = await svc.user(request);
      const settings = checkSettings(request.body);
      await svc.store.putSettings(userId, settings);
      return settings;
    },
  );

  // The same checks as PUT /settings, nothing stored: the pane asks before any side effect of a
  // save (renaming the Outlook folder, removing copies), so a refused setting changes nothing.
  app.post<{ Body: SyncSettings }>(
    '/settings/check',
    {
      schema: {
        tags: ['settings'],
        summary: 'Check sync settings as PUT /settings would, without saving them',
        body: settingsSchema,
      },
    },
    async (request) => {
      await svc.user(request);
      return checkSettings(request.body);
    },
  );

  app.post<{ Body: { filter?: Record<string, string> } }>(
    '/match-preview',
    {
      schema: {
        tags: ['settings'],
        summary: 'How many BC contacts a filter (default: the saved one) brings into scope',
        body: {
          type: ['object', 'null'],
          properties: { filter: filterSchema },
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      const userId = await svc.user(request);
      const filter = request.body?.filter ?? (await svc.settings(userId)).filter;
      const compiled = compileOrThrow(filter);
      return previewScope(await (await svc.bcOf(request, userId)).listAll(), compiled);
    },
  );

  app.get<PageQ>(
    '/conflicts',
    { schema: { tags: ['conflicts'], summary: `Recorded conflicts, ${PAGE}`, querystring: pageQuery } },
    async (request) => {
      const scope = await svc.scope(await svc.user(request));
      const page = scope ? await svc.store.pageConflicts(scope, pageOf(request)) : EMPTY_PAGE;
      // Each conflict's e-mail as last synced (its link's base): one look-up per page (F62's find).
      const links =
        scope && page.items.length > 0
          ? await svc.store.findLinks(scope, { bcIds: page.items.map((c) => c.bcId), outlookIds: [] })
          : [];
      const emailOf = new Map(links.map((l) => [l.bcId, l.base.email]));
      return {
        ...pageBody(request.url, 'conflicts', {
          items: page.items.map((c) => conflictJson(conflictView(c, emailOf.get(c.bcId)))),
          next: page.next,
        }),
        limits: { settled: MAX_SETTLED_CONFLICTS },
      };
    },
  );

  app.post<{
    Params: { bcId: string };
    Body: { side?: 'bc' | 'outlook'; fields?: Record<string, 'bc' | 'outlook'> };
  }>(
    '/conflicts/:bcId/resolve',
    {
      schema: {
        tags: ['conflicts'],
        summary: 'Resolve a conflict for the whole contact or field by field; written to both sides',
        params: {
          type: 'object',
          required: ['bcId'],
          properties: { bcId: { type: 'string', minLength: 1 } },
        },
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            side,
            fields: {
              type: 'object',
              minProperties: 1,
              propertyNames: { enum: [...SYNC_FIELDS] },
              additionalProperties: side,
            },
          },
        },
      },
    },
    async (request) => {
      const userId = await svc.user(request);
      const { side: whole, fields } = request.body;
      if ((whole === undefined) === (fields === undefined))
        throw new HttpError(400, 'BadRequest', 'Send either {"side": "bc"|"outlook"} or {"fields": {...}}.');
      const choice: ResolveChoice = whole
        ? { kind: 'all', side: whole }
        : { kind: 'fields', fields: fields as Partial<Record<SyncFieldName, 'bc' | 'outlook'>> };
      const env = svc.env();
      const bc = await svc.bcOf(request, userId);
      const deps = { bc, mailbox: env.mailboxFor(userId), store: svc.store };
      const { bcId } = request.params;
      return {
        result: await underFolderLease(userId, bcId, (scope) => resolveConflict(deps, scope, bcId, choice)),
      };
    },
  );

  app.post<{ Params: { bcId: string }; Body: { fields?: SyncFieldName[] } | null }>(
    '/conflicts/:bcId/dismiss',
    {
      schema: {
        tags: ['conflicts'],
        summary:
          'Accept what the policy settled: the settled fields (all, or those named) leave the conflict; nothing is written',
        params: {
          type: 'object',
          required: ['bcId'],
          properties: { bcId: { type: 'string', minLength: 1 } },
        },
        body: {
          type: ['object', 'null'],
          additionalProperties: false,
          properties: {
            fields: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: [...SYNC_FIELDS] } },
          },
        },
      },
    },
    async (request) => {
      const userId = await svc.user(request);
      const { bcId } = request.params;
      const dismiss = (scope: SyncScope) => dismissConflict(svc.store, scope, bcId, request.body?.fields);
      return { result: await underFolderLease(userId, bcId, dismiss) };
    },
  );

  app.get<PageQ>(
    '/links',
    {
      schema: {
        tags: ['state'],
        summary: `Linked contacts of the sync folder, ${PAGE}`,
        querystring: pageQuery,
      },
    },
    async (request) => {
      const scope = await svc.scope(await svc.user(request));
      if (!scope) return { folderId: null, ...pageBody(request.url, 'links', EMPTY_PAGE) };
      const page = await svc.store.pageLinks(scope, pageOf(request));
      return { folderId: scope.folderId, ...pageBody(request.url, 'links', page) };
    },
  );

  app.get<PageQ>(
    '/skipped',
    {
      schema: {
        tags: ['state'],
        summary: `Contacts not synced, with reasons and hints, ${PAGE}`,
        querystring: pageQuery,
      },
    },
    async (request) => {
      const scope = await svc.scope(await svc.user(request));
      const page = scope ? await svc.store.pageSkipped(scope, pageOf(request)) : EMPTY_PAGE;
      return pageBody(request.url, 'skipped', {
        items: page.items.map((s) => skipJson(skipView(s))),
        next: page.next,
      });
    },
  );

  app.get(
    '/filter-fields',
    { schema: { tags: ['settings'], summary: 'Fields a filter may use' } },
    async (request) => {
      await svc.user(request);
      return { fields: FILTERABLE_FIELDS };
    },
  );

  await app.register(runRoutes, { svc });
  await app.register(senderRoutes, { svc });
  await app.register(folderPreviewRoutes, { svc });
  await app.register(stateRoutes, { svc, prefix: '/state' });
};

/**
 * A refused or failed resolve as HTTP: the default English message, and the failure as data in the
 * first detail (`target: 'conflict'`) so a client words it in its language; a value BC cannot hold
 * also gets one detail per field.
 */
function resolveHttpError(f: ResolveFailure): HttpError {
  const message = describeResolveFailure(f);
  const details: ErrorDetail[] = [{ target: 'conflict', message, reason: f }];
  switch (f.kind) {
    case 'conflictNotFound':
      return new HttpError(404, 'ConflictNotFound', message, details);
    case 'contactMissing':
      return new HttpError(409, 'ContactMissing', message, details);
    case 'invalidChoice':
      return new HttpError(400, 'InvalidChoice', message, details);
    case 'invalidForBc':
      return new HttpError(422, 'InvalidForBusinessCentral', message, [
        ...details,
        ...f.reasons.map((r) => ({
          target: 'field' in r ? `fields.${r.field}` : 'contact',
          message: describeSkipReason(r),
          reason: r,
        })),
      ]);
    case 'stale':
      return new HttpError(409, 'Stale', message, details);
    case 'changedSinceShown':
      return new HttpError(409, 'ChangedSinceShown', message, details);
    case 'writeFailed':
      return new HttpError(502, 'WriteFailed', message, details);
  }
}
