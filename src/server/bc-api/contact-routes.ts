import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BcContact } from '../../core/model.js';
import { HttpError } from '../http-error.js';
import { writeKeyOf } from '../idempotency.js';
import { entityCreateReplay, paramOf } from '../replay.js';
import { parseContactBody } from './contact-body.js';
import { createContactFor } from './batch-creates.js';
import { updateContactFor } from './batch-patches.js';
import { contactEntity, listContacts } from './contact-reads.js';
import type { ContactRead } from './contact-reads.js';
import { parseContactQuery } from './odata-query.js';
import { CONTACT, CONTACTS, doc, ifMatchDoc, ifMatchOf } from './route-kit.js';
import type { BcRouteKit } from './route-kit.js';
import * as S from './schemas.js';
import { key } from './unknown-route.js';
import { BULK_WORK } from '../work-limits.js';

/** A company's contacts: the list (OData options, paging, change tracking), create, read, update, delete. */
export function registerContactRoutes(kit: BcRouteKit): void {
  const { route } = kit;

  /** A read of a company's contacts that takes OData options (list and its extension). */
  // A list's $filter and $orderby run over all the company's contacts, its page holds up to
  // 1,000 (work-limits.ts).
  route(
    'GET',
    CONTACTS,
    {
      ...doc('Contacts: OData options, paging, change tracking (Prefer: odata.track-changes)', {
        params: S.CompanyParams,
        querystring: S.ContactListQuery,
        response: { 200: S.ContactCollection },
      }),
      config: BULK_WORK,
    },
    async (request, reply) =>
      listContacts(await kit.contactRead(request, reply, request.params.cid), request.query),
  );

  route(
    'POST',
    CONTACTS,
    {
      ...doc('Create a contact', {
        params: S.CompanyParams,
        body: S.ContactBody,
        response: { 201: S.ContactEntity },
      }),
      // Sent again with its key: the contact as it is now; once deleted, made anew (replay.ts).
      config: {
        replay: entityCreateReplay,
        access: (request) => kit.company(request, paramOf(request, 'cid')),
      },
    },
    async (request, reply) => {
      const r = await kit.contactRead(request, reply, request.params.cid);
      const created = await createContactFor(
        request,
        r.source,
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

  /**
   * The contact of the path: after its company, its key (400 when not a GUID), and how an answer
   * names it.
   */
  async function oneContact(
    request: FastifyRequest,
    reply: FastifyReply,
    params: S.ContactParams,
  ): Promise<OneContact> {
    const r = await kit.contactRead(request, reply, params.cid);
    const id = key(params.id, 'contact');
    const answer = (c: BcContact, select: readonly string[] | null = null) => ({
      '@odata.context': `${r.base}/$metadata#companies(${r.cid})/contacts/$entity`,
      ...contactEntity(c, select),
    });
    return { cid: r.cid, id, answer, source: r.source };
  }

  route(
    'GET',
    CONTACT,
    doc('One contact', {
      params: S.ContactParams,
      response: { 200: S.ContactEntity },
      querystring: S.ContactGetQuery,
    }),
    async (request, reply) => {
      const { cid, id, answer, source } = await oneContact(request, reply, request.params);
      const { select } = parseContactQuery({ $select: request.query.$select });
      const found = await source.getContact(cid, id);
      if (!found) throw new HttpError(404, 'Internal_RecordNotFound', `The contact '${id}' does not exist.`);
      return answer(found, select);
    },
  );

  route(
    'PATCH',
    CONTACT,
    ifMatchDoc('Update a contact', { response: { 200: S.ContactEntity }, body: S.ContactBody }),
    async (request, reply) => {
      const { cid, id, answer, source } = await oneContact(request, reply, request.params);
      const update = { id, ifMatch: ifMatchOf(request), body: parseContactBody(request.body) };
      return answer(await updateContactFor(request, source, cid, update));
    },
  );

  route(
    'DELETE',
    CONTACT,
    ifMatchDoc('Delete a contact', { response: { 204: S.NoContent } }),
    async (request, reply) => {
      const { cid, id, source } = await oneContact(request, reply, request.params);
      await source.deleteContact(cid, id, ifMatchOf(request));
      return reply.status(204).send(null);
    },
  );
}

/** The contact a route is on: its company, its key, its source, and its answer's shape. */
interface OneContact {
  readonly cid: string;
  readonly id: string;
  readonly answer: (
    c: BcContact,
    select?: readonly string[] | null,
  ) => { '@odata.context': string } & Record<string, unknown>;
  readonly source: ContactRead['source'];
}
