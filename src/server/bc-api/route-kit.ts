import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyReply,
  FastifyRequest,
  FastifySchema,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
  RouteGenericInterface,
  RouteHandlerMethod,
  RouteShorthandOptions,
} from 'fastify';
import type { Company } from '../../store/bc-repository.js';
import { memberCompanies } from '../../store/company-members.js';
import type { FacadeContext } from '../context.js';
import { identityOf } from '../context.js';
import { HttpError } from '../http-error.js';
import { callerRequestOf, linkOrigin } from '../link-origin.js';
import type { BcSource } from './bc-source.js';
import { MESSAGES } from './bc-source.js';
import type { ContactRead, Query } from './contact-reads.js';
import { pageOfList } from './paging.js';
import * as S from './schemas.js';
import { canonicalIfMatch, ifMatchTags } from '../../pure/if-match.js';
import { KEY, key } from './unknown-route.js';
import type { TypeBoxApp } from '../typebox-app.js';

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

/** A handler whose params, query, body and answer are the schema's `S` (type-provider-typebox). */
type Handler<S extends FastifySchema> = RouteHandlerMethod<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  RouteGenericInterface,
  unknown,
  S,
  TypeBoxTypeProvider
>;

/** Route options whose schema keeps its TypeBox types (doc() builds them). */
export type BcRouteOptions<S extends FastifySchema> = Omit<RouteShorthandOptions, 'schema'> & { schema: S };

export interface BcRouteKit {
  readonly app: TypeBoxApp;
  /** `https://host/api/v2.0`: every link of an answer starts here (link-origin.ts). */
  base(request: FastifyRequest): string;
  /** The source acting for the caller (on-behalf-of upstream for a signed-in user, issue 10 §2). */
  sourceFor(request: FastifyRequest): Promise<BcSource>;
  /** The companies the caller may use: a user's memberships, every company for an app token. */
  allowed(request: FastifyRequest): Promise<Set<string> | 'all'>;
  /** The company of the path (`raw`, its key as sent), checked: a GUID (400), and one the caller may see (404). */
  company(request: FastifyRequest, raw: string): Promise<Company>;
  /** The contact read context (contact-reads.ts) of the company whose key is `raw`. */
  contactRead(request: FastifyRequest, reply: ContactRead['reply'], raw: string): Promise<ContactRead>;
  /**
   * One page of a collection held whole (paging.ts): `$top`, `$skip`, `$skiptoken`, maxpagesize;
   * served in `keyOf` order, its nextLinks naming the last row's key.
   */
  paged<T>(
    request: FastifyRequest,
    reply: FastifyReply,
    page: { rows: readonly T[]; path: string; query: Query; keyOf: (row: T) => readonly string[] },
  ): { value: T[]; '@odata.nextLink'?: string };
  /** Registers a route at `url` and, hidden from the document, at `url/` (the old router took both). */
  route<S extends FastifySchema>(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    options: BcRouteOptions<S>,
    handler: Handler<S>,
  ): void;
}

/** Route options: the schema under the `bc` tag, with BC's error body for every refusal. */
export function doc<const S extends FastifySchema & { response: object }>(
  summary: string,
  schema: S,
): BcRouteOptions<
  S & { tags: string[]; summary: string; response: S['response'] & { '4xx': typeof S.ErrorBody } }
> {
  return {
    schema: { tags: ['bc'], summary, ...schema, response: { ...schema.response, '4xx': S.ErrorBody } },
  };
}

/**
 * Route options of a write on one entity under If-Match (PATCH, DELETE; the handler reads it with
 * ifMatchOf): the entity's company and key as params, and a summary that says what If-Match takes.
 */
export function ifMatchDoc<const T extends FastifySchema & { response: object }>(summary: string, schema: T) {
  return doc(`${summary} (If-Match: its etag, or *; a list holds when one of its etags is current)`, {
    params: S.ContactParams,
    ...schema,
  });
}

/**
 * The `If-Match` of a write, canonical (pure/if-match.ts): required, and `*` or a list of etags
 * (BC answers 400 InvalidToken without one or for what is no concurrency token). A list holds when
 * one of its etags is the entity's, on every write route alike (the store checks with ifMatchHolds).
 */
export function ifMatchOf(request: FastifyRequest): string {
  const v = request.headers['if-match'];
  const tags = typeof v === 'string' ? ifMatchTags(v) : null;
  if (tags === null) throw new HttpError(400, 'BadRequest_InvalidToken', MESSAGES.invalidToken);
  return canonicalIfMatch(tags);
}

export function bcRouteKit(
  app: TypeBoxApp,
  ctx: FacadeContext,
  source: BcSource,
  maxPageSize: number,
): BcRouteKit {
  const prefix = app.prefix;
  const base = (request: FastifyRequest) => `${linkOrigin(request, ctx.config.publicOrigin)}${prefix}`;

  // A company outside the caller's memberships answers exactly like one that does not exist, so a
  // probe learns nothing. App-only callers and in-process runs use the facade's app access; the
  // store answers everybody alike. Source, memberships and companies are read once per request the
  // client sent: a `$batch`'s operations share their envelope's (link-origin.ts callerRequestOf).
  const bySource = new WeakMap<FastifyRequest, BcSource>();
  async function sourceFor(request: FastifyRequest): Promise<BcSource> {
    const caller = callerRequestOf(request);
    const known = bySource.get(caller);
    if (known) return known;
    const id = await identityOf(ctx, request);
    const own =
      id.kind === 'user' && id.assertion !== undefined
        ? source.asUser?.({ userId: id.userId, assertion: id.assertion })
        : null;
    bySource.set(caller, own ?? source);
    return own ?? source;
  }

  const memberships = new WeakMap<FastifyRequest, Map<string, Promise<Set<string> | 'all'>>>();
  const allowed = (request: FastifyRequest) =>
    oncePerCaller(memberships, request, '', async () => {
      const id = await identityOf(ctx, request);
      return id.kind === 'app' ? 'all' : memberCompanies(ctx.db, id.userId);
    });

  const companies = new WeakMap<FastifyRequest, Map<string, Promise<Company | null>>>();
  async function company(request: FastifyRequest, raw: string): Promise<Company> {
    const id = key(raw, 'company');
    const may = await allowed(request);
    const found =
      may === 'all' || may.has(id)
        ? await oncePerCaller(companies, request, id, async () => (await sourceFor(request)).getCompany(id))
        : null;
    if (!found) throw new HttpError(404, 'Internal_CompanyNotFound', `The company '${id}' does not exist.`);
    return found;
  }

  return {
    app,
    base,
    sourceFor,
    allowed,
    company,
    async contactRead(request, reply, raw) {
      const cid = (await company(request, raw)).id.toLowerCase();
      return { source: await sourceFor(request), request, reply, cid, base: base(request), maxPageSize };
    },
    paged: (request, reply, { rows, path, query, keyOf }) =>
      pageOfList(
        rows,
        query,
        { prefer: request.headers.prefer, max: maxPageSize, url: `${base(request)}${path}`, reply },
        path.slice(path.lastIndexOf('/') + 1),
        keyOf,
      ),
    route(method, url, options, handler) {
      app.route({ method, url, ...options, handler });
      app.route({ method, url: `${url}/`, ...options, schema: { ...options.schema, hide: true }, handler });
    },
  };
}

/**
 * `read()` once per caller request (link-origin.ts callerRequestOf) and `name`; a failed read is
 * not kept, so the next operation asks again.
 */
function oncePerCaller<T>(
  kept: WeakMap<FastifyRequest, Map<string, Promise<T>>>,
  request: FastifyRequest,
  name: string,
  read: () => Promise<T>,
): Promise<T> {
  const caller = callerRequestOf(request);
  let byName = kept.get(caller);
  if (!byName) kept.set(caller, (byName = new Map()));
  const known = byName.get(name);
  if (known) return known;
  const reading = read();
  byName.set(name, reading);
  reading.catch(() => byName.delete(name));
  return reading;
}
