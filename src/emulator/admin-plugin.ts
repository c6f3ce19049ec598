import type { FastifyPluginAsync } from 'fastify';
import type { GraphEmulator } from './emulator.js';
import { GraphError, errorBody } from './errors.js';
import type { RuntimeConfigPatch, SeedData } from './options.js';
import { dumpContact, serializeFolder } from './serialize.js';
import type { TestTokenClaims } from './test-issuer.js';

export interface AdminPluginOptions {
  emulator: GraphEmulator;
}

/**
 * Test and benchmark controls, without auth: register with prefix `/_emulator` at the app root,
 * outside the Graph version root. Never expose this beyond loopback.
 */
export const emulatorAdminPlugin: FastifyPluginAsync<AdminPluginOptions> = async (app, { emulator }) => {
  app.setErrorHandler(async (error, _request, reply) => {
    const graphError =
      error instanceof GraphError ? error : new GraphError(400, 'BadRequest', (error as Error).message);
    await reply.code(graphError.status).send(errorBody(graphError, emulator.newIds(undefined)));
  });

  app.get('/counters', async () => emulator.counters.snapshot());

  app.post('/reset', async (_request, reply) => {
    emulator.reset();
    await reply.code(204).send();
  });

  app.post('/seed', async (request, reply) => {
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
  app.put('/config', async (request) => emulator.updateConfig(request.body as RuntimeConfigPatch));

  // Only when the emulator owns its issuer (standalone without `auth`): mint tokens for manual use.
  app.post('/token', async (request, reply) => {
    if (!emulator.issuer) {
      return reply
        .code(404)
        .send({ error: { code: 'NotFound', message: 'Tokens come from the external issuer.' } });
    }
    const claims = (request.body ?? {}) as TestTokenClaims;
    const accessToken = await emulator.issuer.sign(claims);
    return { token_type: 'Bearer', expires_in: claims.expiresInSeconds ?? 3600, access_token: accessToken };
  });
};
