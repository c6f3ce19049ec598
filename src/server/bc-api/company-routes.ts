import type { Company } from '../../store/bc-repository.js';
import { companyToApi } from './contact-fields.js';
import { etagged } from './contact-reads.js';
import { FACADE_SERVICE, csdl } from './csdl.js';
import { COMPANY, doc } from './route-kit.js';
import type { BcRouteKit } from './route-kit.js';
import * as S from './schemas.js';

const companyEntity = (c: Company) =>
  etagged(`W/"${Buffer.from(c.lastModifiedDateTime).toString('base64')}"`, companyToApi(c));

/** The service document's `$metadata`, the companies the caller may use, and one company. */
export function registerCompanyRoutes(kit: BcRouteKit): void {
  const { app, base, route } = kit;
  const metadata = csdl(FACADE_SERVICE);
  app.get(
    '/$metadata',
    doc('OData CSDL of the service', { response: { 200: S.MetadataAnswer } }),
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
      const may = await kit.allowed(request);
      const mine = (await (await kit.sourceFor(request)).listCompanies()).filter(
        (c) => may === 'all' || may.has(c.id.toLowerCase()),
      );
      // By name as BC lists them; the id makes the key unique.
      const page = kit.paged(request, reply, {
        rows: mine,
        path: '/companies',
        query: request.query,
        keyOf: (c) => [c.name, c.id.toLowerCase()],
      });
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
      const c = await kit.company(request, request.params.cid);
      return { '@odata.context': `${base(request)}/$metadata#companies/$entity`, ...companyEntity(c) };
    },
  );
}
