import { shownInput } from '../../platform/shown-input.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { BC_API, requireAccess } from '../auth/access.js';
import type { FacadeContext } from '../context.js';
import { registerBatch } from './batch.js';
import { BATCH_ANSWER_BYTES } from './batch-budget.js';
import type { BcSource } from './bc-source.js';
import { registerCompanyRoutes } from './company-routes.js';
import { registerContactRoutes } from './contact-routes.js';
import { registerCreatedIdsRoute } from './created-ids-route.js';
import { registerCountryRoutes } from './country-routes.js';
import { defaultBcSource } from './default-source.js';
import { MAX_PAGE_SIZE } from './paging.js';
import { bcRouteKit } from './route-kit.js';
import { unknownRoute } from './unknown-route.js';
import { optionError, unsupportedOption } from './option-error.js';

export interface BcApiOptions {
  readonly ctx: FacadeContext;
  /** Where contacts live; when absent, the store or the configured upstream tenant. */
  readonly source?: BcSource;
  /** Bounds of work per request; tests lower them. */
  readonly limits?: BcApiLimits;
}

export interface BcApiLimits {
  /** Most entities one page holds (default MAX_PAGE_SIZE, paging.ts). */
  readonly maxPageSize?: number;
  /** Most answer bytes of one `$batch` before the rest is not run (default BATCH_ANSWER_BYTES). */
  readonly batchAnswerBytes?: number;
}

/**
 * Business Central API v2.0 companies and contacts (design §4), with BC's change tracking for delta
 * reads (contact-reads.ts; issue 11 §2: the sync engine needs no extension). Mount at `/api/v2.0`. One route
 * per path and method, each with its schema (./schemas.ts); a trailing slash is accepted as before.
 * The routes live by what they serve: company-, contact- and country-routes.ts, `$batch` in batch.ts;
 * what they share (caller, companies, links, paging) in route-kit.ts.
 */
export const bcApiRoutes: FastifyPluginAsyncTypebox<BcApiOptions> = async (app, options) => {
  const { ctx } = options;
  const source = options.source ?? defaultBcSource(ctx);
  const maxPageSize = options.limits?.maxPageSize ?? MAX_PAGE_SIZE;
  // BC's Date header is its own clock (a tenant's data and its Date share one clock), so a facade in
  // front that reads the tenant's time from Date agrees with its lastModifiedDateTime.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('date', new Date(ctx.clock.now()).toUTCString());
  });

  requireAccess(app, ctx, BC_API);

  // Found by the API fuzz (issue 10 §3): a repeated option arrives as an array, which no reader
  // expects; OData allows each query option once.
  // A hook sees the query before any route's schema has typed it: an object of what was sent.
  app.addHook('preValidation', async (request) => {
    const query: unknown = request.query;
    if (typeof query !== 'object' || query === null) return;
    for (const [name, value] of Object.entries(query)) {
      if (Array.isArray(value))
        throw optionError(name, `The query option '${shownInput(name)}' is given more than once.`, {
          quoted: { name: 'option', value: name },
        });
    }
    // OData: a `$` option the route does not serve is a 400, never ignored (`$top` on a single
    // contact, anything on $metadata or $batch); its schema names those it serves. A custom option
    // (no `$`) is the client's own. The catch-all answers 404/405 for its paths first.
    const url = request.routeOptions.url ?? '*';
    if (url.endsWith('*')) return;
    const served = (request.routeOptions.schema?.querystring as { properties?: object } | undefined)
      ?.properties;
    // Named as the route's last segment names it: companies, contacts, $metadata, $batch.
    const where = ` on ${/([^/(]+)(?:\([^/]*\))?\/?$/.exec(url)?.[1] ?? url}`;
    for (const name of Object.keys(query)) {
      if (name.startsWith('$') && !Object.hasOwn(served ?? {}, name)) throw unsupportedOption(name, where);
    }
  });

  const kit = bcRouteKit(app, ctx, source, maxPageSize);
  registerBatch(app, {
    prefix: app.prefix,
    publicOrigin: ctx.config.publicOrigin,
    maxPageSize,
    answerBytes: options.limits?.batchAnswerBytes ?? BATCH_ANSWER_BYTES,
    company: kit.company,
  });

  registerCompanyRoutes(kit);
  registerContactRoutes(kit);
  registerCreatedIdsRoute(kit);
  registerCountryRoutes(kit);

  // Everything else under the prefix, after the token check like every route (./unknown-route.ts).
  app.route(unknownRoute(app.prefix, (request, raw) => kit.company(request, raw)));
};
