import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import type { Company } from '../../store/bc-repository.js';
import { memberCompanies } from '../../store/company-members.js';
import type { FacadeContext } from '../context.js';
import { identityOf } from '../context.js';
import { HttpError } from '../http-error.js';
import { linkOrigin } from '../link-origin.js';
import type { BcSource } from './bc-source.js';
import { MESSAGES } from './bc-source.js';
import type { ContactRead, Query } from './contact-reads.js';
import { pageOfList } from './paging.js';
import * as S from './schemas.js';
import { KEY, key } from './unknown-route.js';

/**
 * What every BC API route needs (routes.ts mounts them; company-, contact- and country-routes.ts
 * hold them): who the caller is and which companies and source they may use, where links start,
 * one page of a collection, and how a route is registered and documented.
 */

export const COMPANY = `/companies(:cid${KEY})`;
export const CONTACTS = `${COMPANY}/contacts`;
export const CONTACT = `${CONTACTS}(:id${KEY})`;
export const COUNTRIES = `${COMPANY}/countriesRegions`;
export const COUNTRY = `${COUNTRIES}(:id${KEY})`;

type Handler = NonNullable<Parameters<FastifyInstance['route']>[0]['handler']>;

export interface BcRouteKit {
  readonly app: FastifyInstance;
  /** `https://host/api/v2.0`: every link of an answer starts here (link-origin.ts). */
  base(request: FastifyRequest): string;
  /** The source acting for the caller (on-behalf-of upstream for a signed-in user, issue 10 §2). */
  sourceFor(request: FastifyRequest): Promise<BcSource>;
  /** The companies the caller may use: a user's memberships, every company for an app token. */
  allowed(request: FastifyRequest): Promise<Set<string> | 'all'>;
  /** The company of the path, checked: a GUID (400), and one the caller may see (404). */
  company(request: FastifyRequest, raw?: string): Promise<Company>;
  /** The company's contact read context (contact-reads.ts). */
  contactRead(request: FastifyRequest, reply: ContactRead['reply']): Promise<ContactRead>;
  /** One page of a collection held whole (paging.ts): `$top`, `$skip`, `$skiptoken`, maxpagesize. */
  paged<T>(
    request: FastifyRequest,
    reply: FastifyReply,
    rows: readonly T[],
    path: string,
  ): { value: T[]; '@odata.nextLink'?: string };
  /** Registers a route at `url` and, hidden from the document, at `url/` (the old router took both). */
  route(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    options: RouteShorthandOptions,
    handler: Handler,
  ): void;
}

/** Route options: the schema under the `bc` tag, with BC's error body for every refusal. */
export function doc(summary: string, schema: Record<string, unknown>): RouteShorthandOptions {
  return {
    schema: {
      tags: ['bc'],
      summary,
      ...schema,
      response: { ...(schema.response as object), '4xx': S.ErrorBody },
    },
  };
}

/** The `If-Match` of a write: required (BC answers 400 without one). */
export function ifMatchOf(request: FastifyRequest): string {
  const v = request.headers['if-match'];
  if (typeof v !== 'string' || v.trim() === '')
    throw new HttpError(400, 'BadRequest_InvalidToken', MESSAGES.invalidToken);
  return v.trim();
}

export function bcRouteKit(
  app: FastifyInstance,
  ctx: FacadeContext,
  source: BcSource,
  maxPageSize: number,
): BcRouteKit {
  const prefix = app.prefix;
  const base = (request: FastifyRequest) => `${linkOrigin(request, ctx.config.publicOrigin)}${prefix}`;

  // A company outside the caller's memberships answers exactly like one that does not exist, so a
  // probe learns nothing. App-only callers and in-process runs use the facade's app access; the
  // store answers everybody alike.
  const bySource = new WeakMap<FastifyRequest, BcSource>();
  async function sourceFor(request: FastifyRequest): Promise<BcSource> {
    const known = bySource.get(request);
    if (known) return known;
    const id = await identityOf(ctx, request);
    const own =
      id.kind === 'user' && id.assertion !== undefined
        ? source.asUser?.({ userId: id.userId, assertion: id.assertion })
        : null;
    bySource.set(request, own ?? source);
    return own ?? source;
  }

  async function allowed(request: FastifyRequest): Promise<Set<string> | 'all'> {
    const id = await identityOf(ctx, request);
    return id.kind === 'app' ? 'all' : memberCompanies(ctx.db, id.userId);
  }

  async function company(
    request: FastifyRequest,
    raw = (request.params as S.CompanyParams).cid,
  ): Promise<Company> {
    const id = key(raw, 'company');
    const may = await allowed(request);
    const found = may === 'all' || may.has(id) ? await (await sourceFor(request)).getCompany(id) : null;
    if (!found) throw new HttpError(404, 'Internal_CompanyNotFound', `The company '${id}' does not exist.`);
    return found;
  }

  return {
    app,
    base,
    sourceFor,
    allowed,
    company,
    async contactRead(request, reply) {
      const cid = (await company(request)).id.toLowerCase();
      return { source: await sourceFor(request), request, reply, cid, base: base(request), maxPageSize };
    },
    paged: (request, reply, rows, path) =>
      pageOfList(
        rows,
        request.query as Query,
        { prefer: request.headers.prefer, max: maxPageSize, url: `${base(request)}${path}`, reply },
        path.slice(path.lastIndexOf('/') + 1),
      ),
    route(method, url, options, handler) {
      app.route({ method, url, ...options, handler });
      app.route({ method, url: `${url}/`, ...options, schema: { ...options.schema, hide: true }, handler });
    },
  };
}
