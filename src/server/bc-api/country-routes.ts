import type { FastifyRequest } from 'fastify';
import type { CountryRegionRow } from '../../store/bc-countries-regions.js';
import { HttpError } from '../http-error.js';
import { countryRegionToApi } from './contact-fields.js';
import { etagged } from './contact-reads.js';
import type { Query } from './contact-reads.js';
import { COUNTRIES, COUNTRY, doc } from './route-kit.js';
import type { BcRouteKit } from './route-kit.js';
import * as S from './schemas.js';
import { key } from './unknown-route.js';

const rowEtag = (r: CountryRegionRow) => `W/"${Buffer.from(r.lastModifiedDateTime).toString('base64')}"`;

/** BC's Country/Region table (table 9), read-only here; only paging options are offered on its list. */
export function registerCountryRoutes(kit: BcRouteKit): void {
  const { base, route } = kit;

  async function countriesRegions(request: FastifyRequest) {
    const cid = (await kit.company(request)).id.toLowerCase();
    return { cid, rows: await (await kit.sourceFor(request)).listCountriesRegions(cid) };
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
      const page = kit.paged(request, reply, rows, `/companies(${cid})/countriesRegions`);
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
}
