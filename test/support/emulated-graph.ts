import type { FastifyInstance } from 'fastify';
import { createTestIssuer, startableGraphEmulator } from '../../src/emulator/index.js';
import { GraphMailbox } from '../../src/graph/index.js';
import type { FetchLike } from '../../src/graph/graph-client.js';

/** A user the emulator's test issuer signs in. */
interface GraphUser {
  readonly oid: string;
  readonly upn: string;
}

/**
 * The Graph emulator on loopback (its own test issuer) and a `GraphMailbox` of `user`'s own mailbox
 * on it that sends through `send` (a test's recording fetch; the client's own when absent) and never
 * sleeps between tries (graph-mailbox.contract, bc/scenario-requests, graph/delta-echo).
 */
export async function emulatedGraph(
  user: GraphUser,
  send?: FetchLike,
): Promise<{ app: FastifyInstance; origin: string; mailbox: GraphMailbox; token: () => Promise<string> }> {
  const issuer = await createTestIssuer();
  const { app } = await startableGraphEmulator({ auth: issuer.auth });
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  const token = () => issuer.userToken(user.oid, user.upn, { scopes: ['Contacts.ReadWrite'] });
  const mailbox = new GraphMailbox({
    baseUrl: `${origin}/v1.0`,
    mailbox: { kind: 'me' },
    getToken: token,
    sleep: async () => undefined,
    ...(send ? { fetch: send } : {}),
  });
  return { app, origin, mailbox, token };
}
