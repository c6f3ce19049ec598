import type { FastifyPluginAsync } from 'fastify';
import { crossOriginReason } from '../platform/request-origin.js';
import { sameSecret } from '../platform/same-secret.js';
import type { GraphEmulator } from './emulator.js';
import { CONFIG_PATCH, TOKEN_CLAIMS, adminBody } from './admin-bodies.js';
import { GraphError, errorBody, toGraphError } from './errors.js';
import type { RuntimeConfigPatch, SeedData } from './options.js';
import { dumpContact, serializeFolder } from './serialize.js';
import type { TestTokenClaims } from './test-issuer.js';

export interface AdminPluginOptions {
  emulator: GraphEmulator;
  /** The secret every admin request carries in the `X-Admin-Token` header. */
  adminToken: string;
}

/** A seed's byte limit (README "Limits"); the other admin routes take the app's default. */
const SEED_BODY_LIMIT = 4 * 1024 * 1024;

/** The header admin requests carry their token in (the facade's /internal routes use the same). */
const ADMIN_TOKEN_HEADER = 'x-admin-token';

/**
 * Test and benchmark controls (dump a mailbox, reset, seed, config, tokens): register with prefix
 * `/_emulator` at the app root, outside the Graph version root. Every request needs the admin token
 * (401 without it) and is refused when a browser sends it from another origin (403): a web page must
 * not be able to empty the mailboxes with a simple cross-origin POST.
 */
export const emulatorAdminPlugin: FastifyPluginAsync<AdminPluginOptions> = async (
  app,
  { emulator, adminToken },
) => {
  if (adminToken.length < 16) throw new Error('The emulator admin token must have at least 16 characters.');
  app.setErrorHandler(async (error, request, reply) => {
    const graphError = toGraphError(
      error,
      request.routeOptions.bodyLimit ?? 0,
      request.headers['content-type'],
    );
    await reply.code(graphError.status).send(errorBody(graphError, emulator.newIds(undefined)));
  });

  // onRequest runs before the body is read: a refused request changes nothing and costs nothing.
  app.addHook('onRequest', async (request) => {
    const crossOrigin = crossOriginReason(request.headers, `${request.protocol}://${request.host}`);
    if (crossOrigin !== null)
      throw new GraphError(403, 'Forbidden', `Admin request refused: ${crossOrigin}.`);
    const given = request.headers[ADMIN_TOKEN_HEADER];
    if (typeof given !== 'string' || !sameSecret(given, adminToken))
      throw new GraphError(
        401,
        'InvalidAuthenticationToken',
        `Admin requests need the emulator's admin token in the ${ADMIN_TOKEN_HEADER} header.`,
      );
  });

  app.get('/counters', async () => emulator.counters.snapshot());

  app.post('/reset', async (_request, reply) => {
    emulator.reset();
    await reply.code(204).send();
  });

  // A whole mailbox set (the bench suite seeds 400 contacts a call); admins only.
  app.post('/seed', { bodyLimit: SEED_BODY_LIMIT }, async (request, reply) => {
    emulator.seed(request.body as SeedData);
    await reply.code(204).send();
  });

  app.get<{ Params: { id: string } }>('/mailboxes/:id', async (request, reply) => {
    const mailbox = emulator.store.findMailbox(request.params.id);
    if (!mailbox)
      return reply.code(404).send({ error: { code: 'ErrorItemNotFound', message: 'No such mailbox.' } });
    return {
      id: mailbox.id,
      upn: mailbox.upn,
      defaultFolderId: mailbox.defaultFolderId,
      folders: [...mailbox.folders.values()].map((folder) => ({
        ...serializeFolder(folder),
        contacts: [...folder.contacts.values()].map(dumpContact),
      })),
    };
  });

  app.get('/config', async () => emulator.config);
  app.put('/config', async (request) =>
    emulator.updateConfig(adminBody(CONFIG_PATCH, request.body, 'config') as RuntimeConfigPatch),
  );

  // Only when the emulator owns its issuer (standalone without `auth`): mint tokens for manual use.
  app.post('/token', async (request, reply) => {
    if (!emulator.issuer) {
      return reply
        .code(404)
        .send({ error: { code: 'NotFound', message: 'Tokens come from the external issuer.' } });
    }
    const claims = adminBody(TOKEN_CLAIMS, request.body, 'token') as TestTokenClaims;
    const accessToken = await emulator.issuer.sign(claims);
    return { token_type: 'Bearer', expires_in: claims.expiresInSeconds ?? 3600, access_token: accessToken };
  });
};
