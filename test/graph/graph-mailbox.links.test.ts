import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { createTestIssuer, startableGraphEmulator } from '../../src/emulator/index.js';
import { GraphMailbox } from '../../src/graph/index.js';
import { outlookDraft } from '../contracts/mailbox.contract.js';

describe('GraphMailbox follows links of the same service under another host name', () => {
  let app: FastifyInstance;
  let port: string;
  let makeMailbox: (host: string) => GraphMailbox;

  beforeAll(async () => {
    const issuer = await createTestIssuer();
    ({ app } = await startableGraphEmulator({ auth: issuer.auth, graphPrefix: '/graph/v1.0' }));
    port = new URL(await app.listen({ port: 0, host: '127.0.0.1' })).port;
    makeMailbox = (host) =>
      new GraphMailbox({
        baseUrl: `http://${host}:${port}/graph/v1.0`,
        mailbox: { kind: 'me' },
        getToken: () => issuer.userToken('u-1', 'links@contoso.test'),
        sleep: async () => undefined,
      });
  });
  afterAll(async () => {
    await app.close();
  });

  test('a delta link stored by a client on 127.0.0.1 is followed by a client on localhost', async () => {
    const pane = makeMailbox('127.0.0.1');
    const folder = await pane.ensureFolder('Business Central');
    const first = await pane.readChanges(folder.id, null);
    expect(first.deltaLink.startsWith(`http://127.0.0.1:${port}/graph/v1.0/`)).toBe(true);
    const [created] = await pane.create(folder.id, [outlookDraft(1)]);
    const server = makeMailbox('localhost');
    const next = await server.readChanges(folder.id, first.deltaLink);
    expect(next.kind).toBe('changes');
    expect(next.kind === 'changes' && next.changed.map((c) => c.id)).toEqual([
      created?.ok && created.value.id,
    ]);
  });
});
