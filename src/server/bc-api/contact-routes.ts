import type { TSchema } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { BcContact } from '../../core/model.js';
import { HttpError } from '../http-error.js';
import { writeKeyOf } from '../idempotency.js';
import { parseContactBody } from './contact-body.js';
import { contactEntity, listContacts } from './contact-reads.js';
import type { ContactRead, Query } from './contact-reads.js';
import { parseContactQuery } from './odata-query.js';
import { CONTACT, CONTACTS, doc, ifMatchOf } from './route-kit.js';
import type { BcRouteKit } from './route-kit.js';
import * as S from './schemas.js';
import { key } from './unknown-route.js';
import { BULK_WORK } from '../work-limits.js';

/** A company's contacts: the list (OData options, paging, change tracking), create, read, update, delete. */
export function registerContactRoutes(kit: BcRouteKit): void {
  const { route } = kit;

  /** A read of a company's contacts that takes OData options (list and its extension). */
  function contactsRead(
    url: string,
    summary: string,
    schemas: { querystring: TSchema; ok: TSchema },
    read: (r: ContactRead, query: Query) => Promise<unknown>,
  ): void {
    const { querystring, ok } = schemas;
    // A list's $filter and $orderby run over all the company's contacts, its page holds up to
    // 1,000 (work-limits.ts).
    const options = {
      ...doc(summary, { params: S.CompanyParams, querystring, response: { 200: ok } }),
      config: BULK_WORK,
    };
    route('GET', url, options, async (request, reply) =>
      read(await kit.contactRead(request, reply), request.query as Query),
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
      const r = await kit.contactRead(request, reply);
      const created = await r.source.createContact(
        r.cid,
        parseContactBody(request.body),
        writeKeyOf(request),
      );
      reply.status(201).header('location', `${r.base}/companies(${r.cid})/contacts(${created.id})`);
      return {
        '@odata.context': `${r.base}/$metadata#companies(${r.cid})/contacts/$entity`,
        ...contactEntity(created, null),
      };
    },
  );

  /** The contact of the path, after its company (400 when its key is not a GUID), and its answer. */
  async function theContact(request: FastifyRequest, reply: ContactRead['reply']) {
    const r = await kit.contactRead(request, reply);
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
}
