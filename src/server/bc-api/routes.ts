import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { BcContact } from '../../core/model.js';
import type { Company } from '../../store/bc-repository.js';
import { isUuid } from '../../store/bc-repository.js';
import type { FacadeContext } from '../context.js';
import { BC_API, requireAccess } from '../auth/access.js';
import { identityOf } from '../context.js';
import { memberCompanies } from '../../store/company-members.js';
import { HttpError } from '../http-error.js';
import type { BcSource } from './bc-source.js';
import { MESSAGES } from './bc-source.js';
import { parseContactBody } from './contact-body.js';
import { defaultBcSource } from './default-source.js';
import { companyToApi, contactToApi, countryRegionToApi } from './contact-fields.js';
import type { CountryRegionRow } from '../../store/bc-countries-regions.js';

const rowEtag = (r: CountryRegionRow) => `W/"${Buffer.from(r.lastModifiedDateTime).toString('base64')}"`;
import { FACADE_SERVICE, csdl } from './csdl.js';
import { DEFAULT_PAGE_SIZE, nextLink, parseContactQuery, preferredPageSize } from './odata-query.js';
import { deltaTokenAt, deltaTokenStart, wantsTracking } from './delta-token.js';

export interface BcApiOptions {
  readonly ctx: FacadeContext;
  /** Where contacts live; when absent, the store or the configured upstream tenant. */
  readonly source?: BcSource;
}

type Query = Record<string, string | undefined>;

/**
 * The path after the prefix:
 * `companies(<id>)[/contacts[(<id>)] | /countriesRegions[(<id>)] | /contactChanges | /serverTime]`.
 */
const PATH =
  /^\/companies\(([^()/]*)\)(?:\/(contacts|countriesRegions|contactChanges|serverTime)(?:\(([^()/]*)\))?)?\/?$/;

function key(raw: string, what: string): string {
  const id = raw.replace(/^'(.*)'$/, '$1');
  if (!isUuid(id)) throw new HttpError(400, 'BadRequest', `'${raw}' is not a valid ${what} id (a GUID).`);
  return id.toLowerCase();
}

function methodNotAllowed(method: string, path: string): HttpError {
  return new HttpError(
    405,
    'BadRequest_MethodNotAllowed',
    `'${method}' requests for '${path}' are not allowed.`,
  );
}

/**
 * Business Central API v2.0 companies and contacts (design §4), plus two facade extensions for the
 * sync engine: `contactChanges` (deletions, which BC's API cannot show without track-changes) and
 * `serverTime` (the delta watermark comes from the server's clock). Mount at `/api/v2.0`.
 */
export const bcApiRoutes: FastifyPluginAsync<BcApiOptions> = async (app, { ctx, source: given }) => {
  const source = given ?? defaultBcSource(ctx);
  const prefix = app.prefix;

  requireAccess(app, ctx, BC_API);

  // Found by the API fuzz (issue 10 §3): a repeated option arrives as an array, which no reader
  // below expects; OData allows each query option once.
  app.addHook('preValidation', async (request) => {
    for (const [name, value] of Object.entries(request.query as Record<string, unknown>)) {
      if (Array.isArray(value))
        throw new HttpError(400, 'BadRequest', `The query option '${name}' is given more than once.`);
    }
  });

  const base = (request: FastifyRequest) => `${request.protocol}://${request.host}${prefix}`;
  const etagged = (etag: string, entity: Record<string, unknown>) => ({ '@odata.etag': etag, ...entity });
  const companyEntity = (c: Company) =>
    etagged(`W/"${Buffer.from(c.lastModifiedDateTime).toString('base64')}"`, companyToApi(c));

  function contactEntity(c: BcContact, select: readonly string[] | null): Record<string, unknown> {
    const full = contactToApi(c);
    if (!select) return etagged(c.etag, full);
    return etagged(c.etag, Object.fromEntries(select.map((f) => [f, full[f]])));
  }

  /**
   * The companies the caller may use: a user's memberships (company_members), every company for an
   * app-only token with the BC API role. A company outside them answers exactly like one that does
   * not exist, so a probe learns nothing.
   */
  async function allowed(request: FastifyRequest): Promise<Set<string> | 'all'> {
    const id = await identityOf(ctx, request);
    return id.kind === 'app' ? 'all' : memberCompanies(ctx.db, id.userId);
  }

  async function company(id: string, request: FastifyRequest): Promise<Company> {
    const may = await allowed(request);
    if (may !== 'all' && !may.has(id.toLowerCase()))
      throw new HttpError(404, 'Internal_CompanyNotFound', `The company '${id}' does not exist.`);
    const found = await source.getCompany(id);
    if (!found) throw new HttpError(404, 'Internal_CompanyNotFound', `The company '${id}' does not exist.`);
    return found;
  }

  function ifMatchOf(request: FastifyRequest): string {
    const v = request.headers['if-match'];
    if (typeof v !== 'string' || v.trim() === '')
      throw new HttpError(400, 'BadRequest_InvalidToken', MESSAGES.invalidToken);
    return v.trim();
  }

  const metadata = csdl(FACADE_SERVICE);
  app.get('/$metadata', async (_request, reply) => reply.type('application/xml').send(metadata));

  app.get('/companies', async (request) => {
    const may = await allowed(request);
    const value = (await source.listCompanies())
      .filter((c) => may === 'all' || may.has(c.id.toLowerCase()))
      .map(companyEntity);
    return { '@odata.context': `${base(request)}/$metadata#companies`, value };
  });

  app.route({
    method: ['GET', 'POST', 'PATCH', 'DELETE'],
    url: '/*',
    handler: async (request, reply) => {
      const rawPath = request.url.split('?')[0] ?? '';
      let path: string;
      try {
        path = decodeURIComponent(rawPath).slice(prefix.length);
      } catch {
        throw new HttpError(400, 'BadRequest', `The path '${rawPath}' is not valid.`);
      }
      const m = PATH.exec(path);
      if (!m) throw new HttpError(404, 'BadRequest_NotFound', `No route ${request.method} ${rawPath}.`);
      const cid = key(m[1] ?? '', 'company');
      const segment = m[2];
      const method = request.method;
      if (segment === undefined) {
        if (method !== 'GET') throw methodNotAllowed(method, path);
        const c = await company(cid, request);
        return { '@odata.context': `${base(request)}/$metadata#companies/$entity`, ...companyEntity(c) };
      }
      if (segment !== 'contacts' && segment !== 'countriesRegions' && m[3] !== undefined)
        throw new HttpError(404, 'BadRequest_NotFound', `No route ${method} ${rawPath}.`);
      await company(cid, request);
      if (segment === 'countriesRegions') {
        if (method !== 'GET') throw methodNotAllowed(method, path);
        return countriesRegions(request, cid, m[3]);
      }
      const query = request.query as Query;
      const context = `${base(request)}/$metadata#companies(${cid})/contacts`;
      if (segment === 'serverTime') {
        if (method !== 'GET') throw methodNotAllowed(method, path);
        const now = await source.serverTime();
        reply.header('x-server-time', now);
        return { serverTime: now };
      }
      if (segment === 'contactChanges') {
        if (method !== 'GET') throw methodNotAllowed(method, path);
        return changes(request, reply, cid, query, context);
      }
      if (m[3] === undefined) {
        if (method === 'GET') return list(request, reply, cid, query, context);
        if (method !== 'POST') throw methodNotAllowed(method, path);
        const created = await source.createContact(cid, parseContactBody(request.body));
        reply.status(201).header('location', `${base(request)}/companies(${cid})/contacts(${created.id})`);
        return { '@odata.context': `${context}/$entity`, ...contactEntity(created, null) };
      }
      const id = key(m[3], 'contact');
      if (method === 'GET') {
        const { select } = parseContactQuery({ $select: query.$select });
        const found = await source.getContact(cid, id);
        if (!found)
          throw new HttpError(404, 'Internal_RecordNotFound', `The contact '${id}' does not exist.`);
        return { '@odata.context': `${context}/$entity`, ...contactEntity(found, select) };
      }
      if (method === 'PATCH') {
        const ifMatch = ifMatchOf(request);
        const updated = await source.updateContact(cid, id, ifMatch, parseContactBody(request.body));
        return { '@odata.context': `${context}/$entity`, ...contactEntity(updated, null) };
      }
      if (method === 'DELETE') {
        await source.deleteContact(cid, id, ifMatchOf(request));
        return reply.status(204).send();
      }
      throw methodNotAllowed(method, path);
    },
  });

  /** BC's Country/Region table, read-only here; OData query options are not offered on it. */
  async function countriesRegions(request: FastifyRequest, cid: string, rawId: string | undefined) {
    const options = Object.keys(request.query as Query).filter((k) => k.startsWith('$'));
    if (options.length > 0) {
      throw new HttpError(
        400,
        'BadRequest',
        `The query option '${options[0]}' is not supported on countriesRegions; read the whole table.`,
      );
    }
    const rows = await source.listCountriesRegions(cid);
    const context = `${base(request)}/$metadata#companies(${cid})/countriesRegions`;
    if (rawId === undefined)
      return {
        '@odata.context': context,
        value: rows.map((r) => etagged(rowEtag(r), countryRegionToApi(r))),
      };
    const id = key(rawId, 'countryRegion');
    const row = rows.find((r) => r.id.toLowerCase() === id);
    if (!row)
      throw new HttpError(404, 'Internal_RecordNotFound', `The countryRegion '${id}' does not exist.`);
    return { '@odata.context': `${context}/$entity`, ...etagged(rowEtag(row), countryRegionToApi(row)) };
  }

  async function list(
    request: FastifyRequest,
    reply: FastifyReply,
    cid: string,
    query: Query,
    context: string,
  ) {
    const { trackfrom, ...odata } = query;
    const q = parseContactQuery(odata);
    if (odata.$deltatoken !== undefined) return delta(request, reply, cid, odata, context);
    // Change tracking: the start is taken before the first page is read and travels in the nextLinks.
    const tracking =
      trackfrom ??
      (wantsTracking(request.headers.prefer) ? deltaTokenAt(await source.serverTime()) : undefined);
    const preferred = preferredPageSize(request.headers.prefer);
    const pageSize = preferred ?? DEFAULT_PAGE_SIZE;
    const applied = [
      ...(tracking !== undefined ? ['odata.track-changes'] : []),
      ...(preferred !== null ? [`odata.maxpagesize=${preferred}`] : []),
    ];
    if (applied.length > 0) reply.header('preference-applied', applied.join(', '));
    const take = q.top === null ? pageSize : Math.min(pageSize, q.top);
    // One row more than the page tells whether another page exists without counting.
    const owedAfter = q.top === null ? null : q.top - take;
    const fetched = await source.listContacts(cid, q, owedAfter === 0 ? take : take + 1);
    const page = fetched.slice(0, take);
    const ctxUrl = q.select
      ? `${context.replace(/\/contacts$/, '')}/contacts(${q.select.join(',')})`
      : context;
    const body: Record<string, unknown> = {
      '@odata.context': ctxUrl,
      value: page.map((c) => contactEntity(c, q.select)),
    };
    const url = `${base(request)}/companies(${cid})/contacts`;
    if (fetched.length > take) {
      const next = tracking === undefined ? odata : { ...odata, trackfrom: tracking };
      body['@odata.nextLink'] = nextLink(url, next, q.skip + take, owedAfter);
    } else if (tracking !== undefined) {
      body['@odata.deltaLink'] = deltaLinkOf(url, odata, tracking);
    }
    return body;
  }

  /** The delta link: the read's own options (filter, select) and the token; no paging. */
  function deltaLinkOf(url: string, query: Query, token: string): string {
    const params = new URLSearchParams();
    for (const k of ['$filter', '$select'] as const) if (query[k] !== undefined) params.set(k, query[k]!);
    params.set('$deltatoken', token);
    return `${url}?${params.toString().replaceAll('+', '%20')}`;
  }

  /**
   * Following a delta link: contacts added or changed since the token, the deleted ones as
   * `$deletedEntity` rows (their id only), and the next delta link. 410 Gone, with the baseline in
   * Location, for a token that cannot be served.
   */
  async function delta(
    request: FastifyRequest,
    reply: FastifyReply,
    cid: string,
    query: Query,
    context: string,
  ) {
    const paging = ['$top', '$skip', '$skiptoken', '$orderby'].find((k) => query[k] !== undefined);
    if (paging)
      throw new HttpError(400, 'BadRequest', `The query option '${paging}' cannot be used with $deltatoken.`);
    const url = `${base(request)}/companies(${cid})/contacts`;
    const now = await source.serverTime();
    const from = deltaTokenStart(query.$deltatoken ?? '', now);
    if (from === null) {
      const { $deltatoken: _t, ...baseline } = query;
      const qs = new URLSearchParams(baseline as Record<string, string>).toString().replaceAll('+', '%20');
      reply.header('location', qs === '' ? url : `${url}?${qs}`);
      throw new HttpError(
        410,
        'BadRequest_DeltaTokenInvalid',
        'The delta link cannot be served; read the collection again with odata.track-changes for a new one.',
      );
    }
    const { $deltatoken: _token, ...rest } = query;
    const q = parseContactQuery(rest);
    const result = await source.contactChanges(cid, from, q);
    const removed = `${base(request)}/$metadata#companies(${cid})/contacts/$deletedEntity`;
    reply.header('preference-applied', 'odata.track-changes');
    return {
      '@odata.context': context,
      value: [
        ...result.changed.map((c) => contactEntity(c, q.select)),
        ...result.deleted.map((d) => ({ '@odata.context': removed, id: d.id, reason: 'deleted' })),
      ],
      '@odata.deltaLink': deltaLinkOf(url, rest, deltaTokenAt(now)),
    };
  }

  async function changes(
    request: FastifyRequest,
    reply: FastifyReply,
    cid: string,
    query: Query,
    context: string,
  ) {
    const since = query.since ?? '';
    if (since === '' || Number.isNaN(Date.parse(since))) {
      throw new HttpError(
        400,
        'BadRequest',
        `contactChanges needs 'since', an ISO 8601 date-time; got '${since}'.`,
      );
    }
    const { since: _since, ...rest } = query;
    const q = parseContactQuery(rest);
    const now = await source.serverTime();
    const result = await source.contactChanges(cid, new Date(since).toISOString(), q);
    reply.header('x-server-time', now);
    return {
      '@odata.context': context,
      serverTime: now,
      value: result.changed.map((c) => contactEntity(c, q.select)),
      deleted: result.deleted,
    };
  }
};
