import type { FastifyPluginAsync } from 'fastify';
import type { DevAudience } from '../auth/dev-issuer.js';
import type { FacadeContext } from '../context.js';
import { HttpError } from '../http-error.js';

const UPN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** AUTH_MODE=dev only: tokens for any user, so the demo and tests need no Entra tenant. */
export const devAuthRoutes: FastifyPluginAsync<{ ctx: FacadeContext }> = async (app, { ctx }) => {
  const issuer = ctx.devIssuer;
  if (!issuer) return;
  app.get('/jwks.json', async () => issuer.publicJwks);
  app.get<{ Querystring: { user?: string; audience?: string } }>('/token', async (request) => {
    const user = request.query.user ?? '';
    if (!UPN.test(user))
      throw new HttpError(
        400,
        'BadRequest',
        `user=${user}: expected a user principal name like ann@contoso.com.`,
      );
    const audience = (request.query.audience ?? 'facade') as DevAudience;
    if (audience !== 'facade' && audience !== 'graph')
      throw new HttpError(400, 'BadRequest', `audience=${audience}: expected facade or graph.`);
    const token = await issuer.userToken(user, audience);
    return { token_type: 'Bearer', access_token: token, expires_in: 3600, user, audience };
  });
};
