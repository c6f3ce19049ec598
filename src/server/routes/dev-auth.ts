import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ADMIN_API } from '../auth/access.js';
import type { FacadeContext } from '../context.js';
import { HttpError } from '../http-error.js';

const UPN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** AUTH_MODE=dev only: tokens for any user, so the demo and tests need no Entra tenant. */
export const devAuthRoutes: FastifyPluginAsyncTypebox<{ ctx: FacadeContext }> = async (app, { ctx }) => {
  const issuer = ctx.devIssuer;
  if (!issuer) return;
  app.get('/jwks.json', async () => issuer.publicJwks);
  // `admin=1`: the token of a company access administrator (README "Company access"): the admin
  // API's scope and the user role it needs, besides the pane's scopes.
  app.get(
    '/token',
    {
      schema: {
        querystring: Type.Object({
          user: Type.Optional(Type.String()),
          audience: Type.Optional(Type.String()),
          admin: Type.Optional(Type.String()),
        }),
      },
    },
    async (request) => {
      const user = request.query.user ?? '';
      if (!UPN.test(user))
        throw new HttpError(
          400,
          'BadRequest',
          `user=${user}: expected a user principal name like ann@contoso.com.`,
        );
      const audience = request.query.audience ?? 'facade';
      if (audience !== 'facade' && audience !== 'graph')
        throw new HttpError(400, 'BadRequest', `audience=${audience}: expected facade or graph.`);
      const admin = request.query.admin === '1' && audience === 'facade';
      const token = await issuer.userToken(
        user,
        audience,
        admin
          ? {
              scopes: ['Sync.ReadWrite', 'BC.ReadWrite', ADMIN_API.scope],
              roles: [...(ADMIN_API.userRoles ?? [])],
            }
          : {},
      );
      return { token_type: 'Bearer', access_token: token, expires_in: 3600, user, audience };
    },
  );
};
