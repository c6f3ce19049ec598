import { REPLAY_RERUN } from '../replay.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { stateCompanyOf } from './state-company.js';
import { FILTERABLE_FIELDS } from '../../core/filter/index.js';
import { previewInSlices } from './preview-slices.js';
import { BULK_WORK } from '../work-limits.js';
import { skipView } from '../../core/views.js';
import { skipJson } from '../../messages/english.js';
import { userOf } from '../context.js';
import { conflictRoutes } from './conflicts.js';
import { folderPreviewRoutes } from './folder-preview.js';
import { runRoutes } from './runs.js';
import * as A from './answer-schemas.js';
import { filterSchema, pageQuery, settingsSchema } from './schemas.js';
import { closed, nullable } from './schema-kit.js';
import { senderRoutes } from './sender.js';
import { SyncServices } from './services.js';
import { stateReader } from './state-admission.js';
import type { SyncRoutesOptions } from './services.js';
import { checkSettings, compileOrThrow } from './settings-input.js';
import { stateRoutes } from './state.js';
import { EMPTY_PAGE, PAGE_SUMMARY, pageBody, pageOf } from './state-helpers.js';

/**
 * Bodies that carry a filter: 13 fields of up to 2,000 characters, 3 bytes each in UTF-8, are about
 * 80 KB, over the app's 64 KiB default (README "Limits").
 */
const SETTINGS_BODY_LIMIT = 256 * 1024;

export type { SyncRoutesOptions } from './services.js';

const bearer = [{ bearerAuth: [] }];

/**
 * The sync API (design §4), mounted at /sync/v1. Every route takes the user from the bearer token
 * and reads or writes only that user's data.
 */
export const syncRoutes: FastifyPluginAsyncTypebox<SyncRoutesOptions> = async (app, opts) => {
  const svc = new SyncServices(opts.ctx, opts.env ?? null, opts.manager ?? null);
  app.addHook('onRoute', (route) => {
    route.schema = { security: bearer, ...route.schema };
  });

  app.get(
    '/me',
    { schema: { tags: ['sync'], summary: 'The signed-in user', response: { 200: A.meAnswer } } },
    async (request) => {
      const me = await userOf(opts.ctx, request);
      // The company the user's sync state belongs to (F86): the pane's engine syncs it while BC
      // still lists it to the user; null before a run named one.
      const companyId = await stateCompanyOf(opts.ctx.stateStore, me.userId);
      return { userId: me.userId, upn: me.upn, name: me.name, oid: me.oid, companyId };
    },
  );

  app.get(
    '/settings',
    {
      schema: {
        tags: ['settings'],
        summary: 'Sync settings (defaults when none)',
        response: { 200: A.settingsAnswer },
      },
    },
    async (request) => svc.settings(await svc.user(request)),
  );

  app.put(
    '/settings',
    {
      bodyLimit: SETTINGS_BODY_LIMIT,
      schema: {
        tags: ['settings'],
        summary: 'Replace the sync settings',
        body: settingsSchema,
        response: { 200: A.settingsAnswer },
      },
    },
    async (request) => {
      const userId = await svc.user(request);
      const settings = checkSettings(request.body);
      await svc.store.putSettings(userId, settings);
      return settings;
    },
  );

  // The same checks as PUT /settings, nothing stored: the pane asks before any side effect of a
  // save (renaming the Outlook folder, removing copies), so a refused setting changes nothing.
  app.post(
    '/settings/check',
    {
      config: REPLAY_RERUN,
      bodyLimit: SETTINGS_BODY_LIMIT,
      schema: {
        tags: ['settings'],
        summary: 'Check sync settings as PUT /settings would, without saving them',
        body: settingsSchema,
        response: { 200: A.settingsAnswer },
      },
    },
    async (request) => {
      await svc.user(request);
      return checkSettings(request.body);
    },
  );

  app.post(
    '/match-preview',
    {
      // Reads every BC contact of the company (work-limits.ts).
      config: { ...BULK_WORK, ...REPLAY_RERUN },
      bodyLimit: SETTINGS_BODY_LIMIT,
      schema: {
        tags: ['settings'],
        summary: 'How many BC contacts a filter (default: the saved one) brings into scope',
        body: nullable(Type.Object({ filter: Type.Optional(filterSchema) }, closed)),
        response: { 200: A.scopePreviewAnswer },
      },
    },
    async (request) => {
      const userId = await svc.user(request);
      const filter = request.body?.filter ?? (await svc.settings(userId)).filter;
      const compiled = compileOrThrow(filter);
      return previewInSlices(await (await svc.bcOf(request, userId)).listAll(), compiled);
    },
  );

  app.get(
    '/links',
    {
      schema: {
        tags: ['state'],
        summary: `Linked contacts of the sync folder, ${PAGE_SUMMARY}`,
        querystring: pageQuery,
        response: { 200: A.linksAnswer },
      },
    },
    async (request) => {
      const reader = await stateReader(svc, request);
      const scope = await svc.scope(reader.userId, reader.recentRuns);
      if (!scope) return { folderId: null, ...pageBody(request.url, 'links', EMPTY_PAGE) };
      const page = await svc.store.pageLinks(scope, pageOf(request.query));
      return { folderId: scope.folderId, ...pageBody(request.url, 'links', page) };
    },
  );

  app.get(
    '/skipped',
    {
      schema: {
        tags: ['state'],
        summary: `Contacts not synced, with reasons and hints, ${PAGE_SUMMARY}`,
        querystring: pageQuery,
        response: { 200: A.skippedViewAnswer },
      },
    },
    async (request) => {
      const reader = await stateReader(svc, request);
      const scope = await svc.scope(reader.userId, reader.recentRuns);
      const page = scope ? await svc.store.pageSkipped(scope, pageOf(request.query)) : EMPTY_PAGE;
      return pageBody(request.url, 'skipped', {
        items: page.items.map((s) => skipJson(skipView(s))),
        next: page.next,
      });
    },
  );

  app.get(
    '/filter-fields',
    {
      schema: {
        tags: ['settings'],
        summary: 'Fields a filter may use',
        response: { 200: A.filterFieldsAnswer },
      },
    },
    async (request) => {
      await svc.user(request);
      return { fields: [...FILTERABLE_FIELDS] };
    },
  );

  await app.register(conflictRoutes, { svc });
  await app.register(runRoutes, { svc });
  await app.register(senderRoutes, { svc });
  await app.register(folderPreviewRoutes, { svc });
  await app.register(stateRoutes, { svc, prefix: '/state' });
};
