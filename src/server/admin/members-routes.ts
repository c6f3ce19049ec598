import { Type } from '@sinclair/typebox';
import { MAX_USER_NAME_LENGTH } from '../../platform/server-options.js';
import type { TSchema } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { companyMembers, grantMembership, revokeMembership } from '../../store/company-members.js';
import { ADMIN_API, requireAccess } from '../auth/access.js';
import { parseUserKey } from '../auth/identity.js';
import type { Identity } from '../auth/identity.js';
import type { BcSource } from '../bc-api/bc-source.js';
import { defaultBcSource } from '../bc-api/default-source.js';
import { key } from '../bc-api/unknown-route.js';
import { isUuid } from '../../store/bc-repository.js';
import type { FacadeContext } from '../context.js';
import { identityOf } from '../context.js';
import { NoContent, refusalsAnswerErrorBody } from '../error-schema.js';
import { HttpError } from '../http-error.js';
import { quotedRefusal } from '../quoted-refusal.js';

/** A user principal name as Entra writes one: name@domain, no spaces. */
const UPN = /^[^@\s]+@[^@\s]+$/;

/** The `{user}` of a members route that is neither a user key nor a UPN: 400 naming the parameter. */
function notAUser(text: string): HttpError {
  return quotedRefusal(
    400,
    'BadRequest',
    { name: 'user', value: text },
    (shown) =>
      `'${shown}' is neither a user key <tenant id>:<object id> (two GUIDs, as GET /sync/v1/me's userId) nor a UPN (name@domain).`,
    { target: 'params/user', kind: 'format', params: { format: 'userKeyOrUpn' } },
  );
}

/** Most members one list answers (a company's salespeople, not a tenant's directory). */
const MAX_MEMBERS = 1000;

const companyId = Type.String({ maxLength: 100, description: 'The BC company id (a GUID)' });
const companyParams = Type.Object({ companyId });
const memberParams = Type.Object({
  companyId,
  user: Type.String({
    maxLength: MAX_USER_NAME_LENGTH,
    description:
      "The user key `<tenant id>:<object id>` (GET /sync/v1/me's userId), or the UPN of a user who has signed in",
  }),
});
// Answers: every field optional, as the plain schemas before them (documented, never a filter:
// the facade serializes with JSON.stringify).
const member = Type.Object({
  userId: Type.Optional(Type.String()),
  upn: Type.Optional(Type.String()),
  grantedAt: Type.Optional(Type.String()),
  grantedBy: Type.Optional(Type.String()),
});
const company = Type.Object({
  id: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  displayName: Type.Optional(Type.String()),
});
const list = <T extends TSchema>(item: T) => Type.Object({ value: Type.Optional(Type.Array(item)) });

/**
 * The company access admin API (issue 10 §2, README "Company access"), mounted at /admin/v1: which
 * users may use which company through the BC API. A user's BC API answers only for the companies
 * listed here (company_members); the demo user is granted the demo company by the dev seed.
 * Access: ADMIN_API (a user holding the app role Memberships.Admin, or a daemon with
 * Memberships.ReadWrite.All). The company must exist where the facade's contacts live (its store,
 * or the upstream tenant), else 404 as in the BC API.
 */
export const membersRoutes: FastifyPluginAsyncTypebox<{ ctx: FacadeContext; source?: BcSource }> = async (
  app,
  { ctx, source: given },
) => {
  const source = given ?? defaultBcSource(ctx);
  requireAccess(app, ctx, ADMIN_API);
  refusalsAnswerErrorBody(app);
  app.addHook('onRoute', (route) => {
    route.schema = { tags: ['admin'], security: [{ bearerAuth: [] }], ...route.schema };
  });

  const companyOf = async (raw: string): Promise<string> => {
    const id = key(raw, 'company', 'params/companyId');
    if (!(await source.getCompany(id)))
      throw new HttpError(404, 'Internal_CompanyNotFound', `The company '${id}' does not exist.`);
    return id;
  };
  /**
   * A user key of two GUIDs as given (Entra's tenant id and object id: an admin may grant before the
   * first sign-in), or the key of a UPN that has signed in (the user directory: 404/409 otherwise).
   * Never a user made up from the text, in dev mode either: anything else is a 400 saying what.
   */
  const userKeyOf = async (text: string): Promise<string> => {
    const trimmed = text.trim().toLowerCase();
    if (trimmed.includes(':')) {
      const parsed = parseUserKey(trimmed);
      if (!parsed || !isUuid(parsed.tenantId) || !isUuid(parsed.oid)) throw notAUser(text);
      return `${parsed.tenantId}:${parsed.oid}`;
    }
    // Neither a key nor a UPN (name@domain): malformed, not a user who is missing (was 404).
    if (!ctx.users || !UPN.test(trimmed)) throw notAUser(text);
    return ctx.users.resolve(text, { signedInOnly: true });
  };
  /** Who granted, for the record: never a secret, always someone an auditor can look up. */
  const grantor = (id: Identity): string =>
    id.kind === 'user' ? `user ${id.userId} (${id.upn})` : `app ${id.appId}`;
  const who = (request: FastifyRequest) => identityOf(ctx, request);

  // Where an administrator finds the company id the routes below take (F87): every company where
  // the contacts live, members or not (the BC API's own list shows a user only their companies).
  app.get(
    '/companies',
    {
      schema: {
        summary: 'Every company the facade syncs with (id, name): the companyId of the routes below',
        response: { 200: list(company) },
      },
    },
    async () => ({
      value: (await source.listCompanies()).map((c) => ({
        id: c.id,
        name: c.name,
        displayName: c.displayName,
      })),
    }),
  );

  app.get(
    '/companies/:companyId/members',
    {
      schema: {
        summary: 'The users who may use a company through the BC API (by user key, at most 1000)',
        params: companyParams,
        response: { 200: list(member) },
      },
    },
    async (request) => ({
      value: await companyMembers(ctx.db, await companyOf(request.params.companyId), { limit: MAX_MEMBERS }),
    }),
  );

  app.put(
    '/companies/:companyId/members/:user',
    {
      schema: {
        summary: 'Let a user use a company (201 new, 200 already a member)',
        params: memberParams,
        response: { '2xx': member },
      },
    },
    async (request, reply) => {
      const companyId = await companyOf(request.params.companyId);
      const userId = await userKeyOf(request.params.user);
      const by = grantor(await who(request));
      const added = await grantMembership(ctx.db, userId, companyId, by, ctx.clock.now());
      const [row] = await companyMembers(ctx.db, companyId, { limit: 1, userId });
      // Revoked again between the grant and this read (another admin): as a DELETE would answer.
      if (!row)
        throw new HttpError(
          404,
          'BadRequest_NotFound',
          `The user ${userId} is not a member of the company '${companyId}'.`,
        );
      return reply.status(added ? 201 : 200).send(row);
    },
  );

  app.delete(
    '/companies/:companyId/members/:user',
    {
      schema: {
        summary: "End a user's use of a company (404 when not a member)",
        params: memberParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      const companyId = await companyOf(request.params.companyId);
      const userId = await userKeyOf(request.params.user);
      if (!(await revokeMembership(ctx.db, userId, companyId)))
        throw new HttpError(
          404,
          'BadRequest_NotFound',
          `The user ${userId} is not a member of the company '${companyId}'.`,
        );
      return reply.status(204).send(null);
    },
  );
};
