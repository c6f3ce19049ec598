import type { TSchema } from '@sinclair/typebox';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import type { BcContact } from '../../core/model.js';
import type { Company } from '../../store/bc-repository.js';
import type { CountryRegionRow } from '../../store/bc-countries-regions.js';
import { memberCompanies } from '../../store/company-members.js';
import { BC_API, requireAccess } from '../auth/access.js';
import type { FacadeContext } from '../context.js';
import { identityOf } from '../context.js';
import { HttpError } from '../http-error.js';
import { registerBatch } from './batch.js';
import { BATCH_ANSWER_BYTES } from './batch-budget.js';
import type { BcSource } from './bc-source.js';
import { MESSAGES } from './bc-source.js';
import { parseContactBody } from './contact-body.js';
import { companyToApi, countryRegionToApi } from './contact-fields.js';
import { contactEntity, etagged, listContacts } from './contact-reads.js';
import type { ContactRead, Query } from './contact-reads.js';
import { FACADE_SERVICE, csdl } from './csdl.js';
import { defaultBcSource } from './default-source.js';
import { parseContactQuery } from './odata-query.js';
import { MAX_PAGE_SIZE, pageOfList } from './paging.js';
import * as S from './schemas.js';
import { KEY, key, unknownRoute } from './unknown-route.js';
import { linkOrigin } from '../link-origin.js';

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

const COMPANY = `/companies(:cid${KEY})`;
const CONTACTS = `${COMPANY}/contacts`;
const CONTACT = `${CONTACTS}(:id${KEY})`;
const COUNTRIES = `${COMPANY}/countriesRegions`;
const COUNTRY = `${COUNTRIES}(:id${KEY})`;

const rowEtag = (r: CountryRegionRow) => `W/"${Buffer.from(r.lastModifiedDateTime).toString('base64')}"`;
const companyEntity = (c: Company) =>
  etagged(`W/"${Buffer.from(c.lastModifiedDateTime).toString('base64')}"`, companyToApi(c));

/** Route options: the schema under the `bc` tag, with BC's error body for every refusal. */
function doc(summary: string, schema: Record<string, unknown>): RouteShorthandOptions {
  return {
    schema: {
      tags: ['bc'],
      summary,
      ...schema,
      response: { ...(schema.response as object), '4xx': S.ErrorBody },
    },
  };
}

/**
 * Business Central API v2.0 companies and contacts (design §4), with BC's change tracking for delta
 * reads (contact-reads.ts; issue 11 §2: the sync engine needs no extension). Mount at `/api/v2.0`. One route
 * per path and method, each with its schema (./schemas.ts); a trailing slash is accepted as before.
 */
export const bcApiRoutes: FastifyPluginAsync<BcApiOptions> = async (app, options) => {
  const { ctx } = options;
  const source = options.source ?? defaultBcSource(ctx);
  const maxPageSize = options.limits?.maxPageSize ?? MAX_PAGE_SIZE;
  const prefix = app.prefix;
  // BC's Date header is its own clock (a tenant's data and its Date share one clock), so a facade in
  // front that reads the tenant's time from Date agrees with its lastModifiedDateTime.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('date', new Date(ctx.clock.now()).toUTCString());
  });

  requireAccess(app, ctx, BC_API);

  // Found by the API fuzz (issue 10 §3): a repeated option arrives as an array, which no reader
  // below expects; OData allows each query option once.
  app.addHook('preValidation', async (request) => {
    for (const [name, value] of Object.entries(request.query as Record<string, unknown>)) {
      if (Array.isArray(value))
        throw new HttpError(400, 'BadRequest', `The query option '${name}' is given more than once.`);
    }
  });

  // Every link of an answer starts here (link-origin.ts: the client's origin, a batch's envelope's).
  const base = (request: FastifyRequest) => `${linkOrigin(request, ctx.config.publicOrigin)}${prefix}`;

  /**
   * The companies the caller may use: a user's memberships (company_members), every company for an
   * app-only token with the BC API role. A company outside them answers exactly like one that does
   * not exist, so a probe learns nothing.
   */
  const bySource = new WeakMap<FastifyRequest, BcSource>();
  /**
   * The source acting for the caller: upstream, a signed-in user's calls carry their own BC
   * permissions (on-behalf-of, issue 10 §2); app-only callers and in-process runs use the
   * facade's app access, the store answers everybody alike.
   */
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

  /** The company of the path, checked: a GUID (400), and one the caller may see (404). */
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

  async function contactRead(request: FastifyRequest, reply: ContactRead['reply']): Promise<ContactRead> {
    const cid = (await company(request)).id.toLowerCase();
    return { source: await sourceFor(request), request, reply, cid, base: base(request), maxPageSize };
  }

  function ifMatchOf(request: FastifyRequest): string {
    const v = request.headers['if-match'];
    if (typeof v !== 'string' || v.trim() === '')
      throw new HttpError(400, 'BadRequest_InvalidToken', MESSAGES.invalidToken);
    return v.trim();
  }

  /** Registers a route at `url` and, hidden from the document, at `url/` (the old router took both). */
  function route(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    options: RouteShorthandOptions,
    handler: NonNullable<Parameters<typeof app.route>[0]['handler']>,
  ): void {
    app.route({ method, url, ...options, handler });
    app.route({ method, url: `${url}/`, ...options, schema: { ...options.schema, hide: true }, handler });
  }

  registerBatch(app, {
    prefix,
    publicOrigin: ctx.config.publicOrigin,
    maxPageSize,
    answerBytes: options.limits?.batchAnswerBytes ?? BATCH_ANSWER_BYTES,
  });

  /** One page of a collection held whole (paging.ts): `$top`, `$skip`, `$skiptoken`, maxpagesize. */
  const paged = <T>(request: FastifyRequest, reply: FastifyReply, rows: readonly T[], path: string) =>
    pageOfList(
      rows,
      request.query as Query,
      { prefer: request.headers.prefer, max: maxPageSize, url: `${base(request)}${path}`, reply },
      path.slice(path.lastIndexOf('/') + 1),
    );

  const metadata = csdl(FACADE_SERVICE);
  app.get(
    '/$metadata',
    { schema: { tags: ['bc'], summary: 'OData CSDL of the service' } },
    async (_r, reply) => reply.type('application/xml').send(metadata),
  );

  route(
    'GET',
    '/companies',
    doc('Companies the caller may use (paged)', {
      querystring: S.PagingQuery,
      response: { 200: S.CompanyCollection },
    }),
    async (request, reply) => {
      const may = await allowed(request);
      const mine = (await (await sourceFor(request)).listCompanies()).filter(
        (c) => may === 'all' || may.has(c.id.toLowerCase()),
      );
      const page = paged(request, reply, mine, '/companies');
      return {
        '@odata.context': `${base(request)}/$metadata#companies`,
        ...page,
        value: page.value.map(companyEntity),
      };
    },
  );

  route(
    'GET',
    COMPANY,
    doc('One company', { params: S.CompanyParams, response: { 200: S.CompanyEntity } }),
    async (request) => {
      const c = await company(request);
      return { '@odata.context': `${base(request)}/$metadata#companies/$entity`, ...companyEntity(c) };
    },
  );

  /** A read of a company's contacts that takes OData options (list and its extension). */
  function contactsRead(
    url: string,
    summary: string,
    schemas: { querystring: TSchema; ok: TSchema },
    read: (r: ContactRead, query: Query) => Promise<unknown>,
  ): void {
    const { querystring, ok } = schemas;
    const options = doc(summary, { params: S.CompanyParams, querystring, response: { 200: ok } });
    route('GET', url, options, async (request, reply) =>
      read(await contactRead(request, reply), request.query as Query),
    );
  }

  contactsRead(
    CONTACTS,
    'Contacts: OData options, paging, change tracking (Prefer: odata.track-changes)',
    { querystring: S.ContactListQuery, ok: S.ContactCollection },
    listContacts,
  );

  route(
    'POST',
    CONTACTS,
    doc('Create a contact', {
      params: S.CompanyParams,
      body: S.ContactBody,
      response: { 201: S.ContactEntity },
    }),
    async (request, reply) => {
      const r = await contactRead(request, reply);
      const created = await r.source.createContact(r.cid, parseContactBody(request.body));
      reply.status(201).header('location', `${r.base}/companies(${r.cid})/contacts(${created.id})`);
      return {
        '@odata.context': `${r.base}/$metadata#companies(${r.cid})/contacts/$entity`,
        ...contactEntity(created, null),
      };
    },
  );

  /** The contact of the path, after its company (400 when its key is not a GUID), and its answer. */
  async function theContact(request: FastifyRequest, reply: ContactRead['reply']) {
    const r = await contactRead(request, reply);
    const id = key((request.params as S.ContactParams).id, 'contact');
    const answer = (c: BcContact, select: readonly string[] | null = null) => ({
      '@odata.context': `${r.base}/$metadata#companies(${r.cid})/contacts/$entity`,
      ...contactEntity(c, select),
    });
    return { cid: r.cid, id, answer, source: r.source };
  }
  const one = { params: S.ContactParams };
  const oneOk = { ...one, response: { 200: S.ContactEntity } };

  route(
    'GET',
    CONTACT,
    doc('One contact', { ...oneOk, querystring: S.ContactGetQuery }),
    async (request, reply) => {
      const { cid, id, answer, source: own } = await theContact(request, reply);
      const { select } = parseContactQuery({ $select: (request.query as Query).$select });
      const found = await own.getContact(cid, id);
      if (!found) throw new HttpError(404, 'Internal_RecordNotFound', `The contact '${id}' does not exist.`);
      return answer(found, select);
    },
  );

  const writeDoc = (summary: string, more: Record<string, unknown>) =>
    doc(`${summary} (If-Match: its etag, or *)`, more);
  route(
    'PATCH',
    CONTACT,
    writeDoc('Update a contact', { ...oneOk, body: S.ContactBody }),
    async (request, reply) => {
      const { cid, id, answer, source: own } = await theContact(request, reply);
      const ifMatch = ifMatchOf(request);
      return answer(await own.updateContact(cid, id, ifMatch, parseContactBody(request.body)));
    },
  );

  route('DELETE', CONTACT, writeDoc('Delete a contact', one), async (request, reply) => {
    const { cid, id, source: own } = await theContact(request, reply);
    await own.deleteContact(cid, id, ifMatchOf(request));
    return reply.status(204).send();
  });

  /** BC's Country/Region table, read-only here; only paging options are offered on its list. */
  async function countriesRegions(request: FastifyRequest) {
    const cid = (await company(request)).id.toLowerCase();
    return { cid, rows: await (await sourceFor(request)).listCountriesRegions(cid) };
  }
  const countriesContext = (request: FastifyRequest, cid: string) =>
    `${base(request)}/$metadata#companies(${cid})/countriesRegions`;

  route(
    'GET',
    COUNTRIES,
    doc('Countries/regions (BC table 9, paged)', {
      params: S.CompanyParams,
      querystring: S.PagingQuery,
      response: { 200: S.CountryRegionCollection },
    }),
    async (request, reply) => {
      const { cid, rows } = await countriesRegions(request);
      const page = paged(request, reply, rows, `/companies(${cid})/countriesRegions`);
      return {
        '@odata.context': countriesContext(request, cid),
        ...page,
        value: page.value.map((r) => etagged(rowEtag(r), countryRegionToApi(r))),
      };
    },
  );

  route(
    'GET',
    COUNTRY,
    doc('One country/region', { params: S.ContactParams, response: { 200: S.CountryRegionEntity } }),
    async (request) => {
      const options = Object.keys(request.query as Query).filter((k) => k.startsWith('$'));
      if (options.length > 0)
        throw new HttpError(400, 'BadRequest', `The query option '${options[0]}' is not supported here.`);
      const { cid, rows } = await countriesRegions(request);
      const id = key((request.params as S.ContactParams).id, 'countryRegion');
      const row = rows.find((r) => r.id.toLowerCase() === id);
      if (!row)
        throw new HttpError(404, 'Internal_RecordNotFound', `The countryRegion '${id}' does not exist.`);
      return {
        '@odata.context': `${countriesContext(request, cid)}/$entity`,
        ...etagged(rowEtag(row), countryRegionToApi(row)),
      };
    },
  );

  // Everything else under the prefix, after the token check like every route (./unknown-route.ts).
  app.route(unknownRoute(prefix, (request, raw) => company(request, raw)));
};
