import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ADMIN_API } from '../auth/access.js';
import type { FacadeContext } from '../context.js';
import { quotedRefusal } from '../quoted-refusal.js';

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
        throw quotedRefusal(
          400,
          'BadRequest',
          { name: 'user', value: user },
          (shown) => `user=${shown}: expected a user principal name like ann@contoso.com.`,
          { target: 'query.user', kind: 'format', params: { format: 'upn' } },
        );
      const audience = request.query.audience ?? 'facade';
      if (audience !== 'facade' && audience !== 'graph')
        throw quotedRefusal(
          400,
          'BadRequest',
          { name: 'audience', value: audience },
          (shown) => `audience=${shown}: expected facade or graph.`,
          { target: 'query.audience', kind: 'enum' },
        );
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
