import { entityCreateReplay, paramOf } from '../replay.js';
import type { FastifyRequest } from 'fastify';
import type { CountryRegionRow } from '../../store/bc-countries-regions.js';
import { HttpError } from '../http-error.js';
import { quotedRefusal } from '../quoted-refusal.js';
import { COUNTRY_REGION_FIELDS, countryRegionToApi } from './contact-fields.js';
import { parseEntityBody } from './entity-body.js';
import { etagged } from './contact-reads.js';
import { COUNTRIES, COUNTRY, doc, ifMatchDoc, ifMatchOf } from './route-kit.js';
import type { BcRouteKit } from './route-kit.js';
import * as S from './schemas.js';
import { key } from './unknown-route.js';
import type { CountryWrite } from '../../store/bc-country-table.js';
import type { BcSource, CountryTableWrites } from './bc-source.js';
import { countryEtag } from './country-etag.js';

const rowEtag = countryEtag;

/** A POST/PATCH body: `code` and `displayName` only, as strings (the entity's rules, entity-body.ts). */
function parseCountryBody(body: unknown): CountryWrite {
  return parseEntityBody(body, { name: 'countryRegion', fields: COUNTRY_REGION_FIELDS }) as CountryWrite;
}

/** BC's Country/Region table (table 9): read, and written in the facade's own store (F41); only paging options are offered on its list. */
export function registerCountryRoutes(kit: BcRouteKit): void {
  const { base, route } = kit;

  /** The company of the path (`raw`, its key as sent), checked (400/404), as rows name it. */
  const companyId = async (request: FastifyRequest, raw: string) =>
    (await kit.company(request, raw)).id.toLowerCase();
  async function countriesRegions(request: FastifyRequest, raw: string) {
    const cid = await companyId(request, raw);
    return { cid, rows: await (await kit.sourceFor(request)).listCountriesRegions(cid) };
  }
  const countriesContext = (request: FastifyRequest, cid: string) =>
    `${base(request)}/$metadata#companies(${cid})/countriesRegions`;
  /** One row as every route answers it: its context, etag and fields. */
  const entity = (request: FastifyRequest, cid: string, row: CountryRegionRow) => ({
    '@odata.context': `${countriesContext(request, cid)}/$entity`,
    ...etagged(rowEtag(row), countryRegionToApi(row)),
  });

  route(
    'GET',
    COUNTRIES,
    doc('Countries/regions (BC table 9, paged)', {
      params: S.CompanyParams,
      querystring: S.PagingQuery,
      response: { 200: S.CountryRegionCollection },
    }),
    async (request, reply) => {
      const { cid, rows } = await countriesRegions(request, request.params.cid);
      const path = `/companies(${cid})/countriesRegions`;
      const page = kit.paged(request, reply, {
        rows,
        path,
        query: request.query,
        keyOf: (r) => [r.code, r.id],
      });
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
    doc('One country/region', {
      params: S.ContactParams,
      querystring: S.NoOptions,
      response: { 200: S.CountryRegionEntity },
    }),
    async (request) => {
      const options = Object.keys(request.query).filter((k) => k.startsWith('$'));
      if (options.length > 0)
        throw quotedRefusal(
          400,
          'BadRequest',
          { name: 'option', value: options[0]! },
          (shown) => `The query option '${shown}' is not supported here.`,
          { target: 'query', kind: 'unsupportedOption' },
        );
      const { cid, rows } = await countriesRegions(request, request.params.cid);
      const id = key(request.params.id, 'countryRegion');
      const row = rows.find((r) => r.id.toLowerCase() === id);
      if (!row)
        throw new HttpError(404, 'Internal_RecordNotFound', `The countryRegion '${id}' does not exist.`);
      return entity(request, cid, row);
    },
  );

  /** The store's writes, or 405 where the table lives in BC itself (upstream). */
  function writesOf(source: BcSource): CountryTableWrites {
    if (source.countryTable) return source.countryTable;
    throw new HttpError(
      405,
      'BadRequest_MethodNotAllowed',
      'The Country/Region table is maintained in Business Central; change it there.',
    );
  }
  /** A write in a company's table: its company (checked: 400/404), the source's writes (405 upstream). */
  const writesIn = async (request: FastifyRequest, raw: string) => {
    const cid = await companyId(request, raw);
    return { cid, writes: writesOf(await kit.sourceFor(request)) };
  };
  /** A write on one country/region: as writesIn, its id (400 when not a GUID), then its If-Match (400 without). */
  const writeTarget = async (request: FastifyRequest, params: { cid: string; id: string }) => ({
    ...(await writesIn(request, params.cid)),
    id: key(params.id, 'countryRegion'),
    ifMatch: ifMatchOf(request),
  });

  route(
    'POST',
    COUNTRIES,
    {
      ...doc('Add a country/region (code: up to 10 characters, unique; displayName: up to 50)', {
        params: S.CompanyParams,
        response: { 201: S.CountryRegionEntity },
      }),
      config: {
        replay: entityCreateReplay,
        access: (request) => kit.company(request, paramOf(request, 'cid')),
      },
    },
    async (request, reply) => {
      const { cid, writes } = await writesIn(request, request.params.cid);
      const row = await writes.create(cid, parseCountryBody(request.body));
      reply
        .status(201)
        .header('location', `${kit.base(request)}/companies(${cid})/countriesRegions(${row.id})`);
      return entity(request, cid, row);
    },
  );

  route(
    'PATCH',
    COUNTRY,
    ifMatchDoc('Change a country/region', { response: { 200: S.CountryRegionEntity } }),
    async (request) => {
      const { cid, writes, id, ifMatch } = await writeTarget(request, request.params);
      return entity(request, cid, await writes.update(cid, id, ifMatch, parseCountryBody(request.body)));
    },
  );

  route(
    'DELETE',
    COUNTRY,
    ifMatchDoc('Delete a country/region', { response: { 204: S.NoContent } }),
    async (request, reply) => {
      const { cid, writes, id, ifMatch } = await writeTarget(request, request.params);
      await writes.delete(cid, id, ifMatch);
      return reply.status(204).send(null);
    },
  );
}
