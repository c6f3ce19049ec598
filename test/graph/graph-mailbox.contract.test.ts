import { runMailboxContract } from '../contracts/mailbox.contract.js';
import type { MailboxSetup } from '../contracts/mailbox.contract.js';
import { startableGraphEmulator, createTestIssuer } from '../../src/emulator/index.js';
import { GraphMailbox } from '../../src/graph/index.js';
import { graphUserSets } from '../support/outlook-only-samples.js';
import { emulatedGraph } from '../support/emulated-graph.js';

/** The Outlook user's own folder edits, straight to the emulator as Graph requests. */
function outlookUser(root: string, token: () => Promise<string>): MailboxSetup['user'] {
  const send = async (method: string, id: string, body?: unknown, contactId?: string) => {
    const item = contactId === undefined ? '' : `/contacts/${encodeURIComponent(contactId)}`;
    const res = await fetch(`${root}/contactFolders/${encodeURIComponent(id)}${item}`, {
      method,
      headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) throw new Error(`${method} folder ${id}: ${res.status} ${await res.text()}`);
  };
  return {
    renameFolder: (id, displayName) => send('PATCH', id, { displayName }),
    deleteFolder: (id) => send('DELETE', id),
    setOutlookOnly: async (folderId, contactId, property, holds) =>
      graphUserSets(
        `${root}/contactFolders/${encodeURIComponent(folderId)}/contacts/${encodeURIComponent(contactId)}`,
        await token(),
        property,
        holds,
      ),
  };
}

const USER = { oid: '5b0c6f1e-1111-4000-8000-00000000c0de', upn: 'contract@contoso.test' };

runMailboxContract('GraphMailbox over the emulator (delegated, /me)', async () => {
  const { app, origin, mailbox, token } = await emulatedGraph(USER);
  return { mailbox, teardown: () => app.close(), user: outlookUser(`${origin}/v1.0/me`, token) };
});

runMailboxContract(
  'GraphMailbox over the emulator (app-only, /users/{id}, mounted at /graph/v1.0)',
  async () => {
    const issuer = await createTestIssuer();
    const { app } = await startableGraphEmulator({
      auth: issuer.auth,
      graphPrefix: '/graph/v1.0',
      seed: { mailboxes: [{ id: USER.oid, upn: USER.upn }] },
    });
    const origin = await app.listen({ port: 0, host: '127.0.0.1' });
    const token = await issuer.appToken(['Contacts.ReadWrite']);
    const mailbox = new GraphMailbox({
      baseUrl: `${origin}/graph/v1.0`,
      mailbox: { kind: 'user', id: USER.upn },
      getToken: async () => token,
      sleep: async () => undefined,
    });
    const user = outlookUser(`${origin}/graph/v1.0/users/${USER.upn}`, async () => token);
    return { mailbox, teardown: () => app.close(), user };
  },
);
