import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { createTestIssuer, startableGraphEmulator } from '../../src/emulator/index.js';
import { GraphMailbox } from '../../src/graph/index.js';
import {
  hostNeutralLink,
  isHostNeutral,
  linkForMailbox,
  replayableLink,
} from '../../src/graph/delta-link.js';
import type { MailboxTarget } from '../../src/graph/graph-mailbox.js';
import { outlookDraft } from '../contracts/mailbox.contract.js';

describe('delta links are stored host-neutral and replayed on each host’s mailbox root', () => {
  const token = '$deltatoken=WyJ1LTEiLCJmIl0';
  test.each([
    [
      'pane, /me, on the page origin',
      `https://localhost:3000/graph/v1.0/me/contactFolders/F%3D/contacts/delta?${token}`,
    ],
    [
      'facade, /users/{oid}, in-process',
      `http://facade.internal/graph/v1.0/users/1b2c/contactFolders/F%3D/contacts/delta?${token}`,
    ],
    [
      'real Graph, /users/{upn}',
      `https://graph.microsoft.com/v1.0/users/ann%40contoso.com/contactFolders/F%3D/contacts/delta?${token}`,
    ],
    [
      "real Graph, /users('{id}')",
      `https://graph.microsoft.com/v1.0/users('1b2c')/contactFolders/F%3D/contacts/delta?${token}`,
    ],
    ['relative to the version root', `/me/contactFolders/F%3D/contacts/delta?${token}`],
  ])('%s', (_host, link) => {
    const stored = hostNeutralLink(link);
    expect(stored).toBe(`contactFolders/F%3D/contacts/delta?${token}`);
    expect(isHostNeutral(stored)).toBe(true);
    expect(linkForMailbox(stored, '/users/9z')).toBe(`/users/9z/contactFolders/F%3D/contacts/delta?${token}`);
    // A link stored before links were neutral is rebased the same way.
    expect(linkForMailbox(link, '/me')).toBe(`/me/contactFolders/F%3D/contacts/delta?${token}`);
  });

  test('a link without a mailbox segment is kept as it is', () => {
    const odd = 'https://example.test/other/delta?$deltatoken=x';
    expect(hostNeutralLink(odd)).toBe(odd);
    expect(linkForMailbox(odd, '/me')).toBe(odd);
  });
});

describe('GraphMailbox follows links stored by another host', () => {
  let app: FastifyInstance;
  let port: string;
  let issuer: Awaited<ReturnType<typeof createTestIssuer>>;
  const OID = 'u-1';

  const makeMailbox = (host: string, target: MailboxTarget) =>
    new GraphMailbox({
      baseUrl: `http://${host}:${port}/graph/v1.0`,
      mailbox: target,
      getToken: () =>
        target.kind === 'me' ? issuer.userToken(OID, 'links@contoso.test') : issuer.appToken(),
      sleep: async () => undefined,
    });

  beforeAll(async () => {
    issuer = await createTestIssuer();
    ({ app } = await startableGraphEmulator({ auth: issuer.auth, graphPrefix: '/graph/v1.0' }));
    port = new URL(await app.listen({ port: 0, host: '127.0.0.1' })).port;
  });
  afterAll(async () => {
    await app.close();
  });

  test('a delta link stored by a client on 127.0.0.1 is followed by a client on localhost', async () => {
    const pane = makeMailbox('127.0.0.1', { kind: 'me' });
    const folder = await pane.ensureFolder('Business Central');
    const first = await pane.readChanges(folder.id, null);
    expect(isHostNeutral(first.deltaLink)).toBe(true);
    const [created] = await pane.create(folder.id, [outlookDraft(1)]);
    const other = makeMailbox('localhost', { kind: 'me' });
    const next = await other.readChanges(folder.id, first.deltaLink);
    expect(next.kind).toBe('changes');
    expect(next.kind === 'changes' && next.changed.map((c) => c.id)).toEqual([
      created?.ok && created.value.id,
    ]);
  });

  test('the pane’s link (delegated, /me) is followed by the facade (app-only, /users/{id}) and back', async () => {
    const pane = makeMailbox('localhost', { kind: 'me' });
    const facade = makeMailbox('127.0.0.1', { kind: 'user', id: OID });
    const folder = await pane.ensureFolder('Three hosts');
    const first = await pane.readChanges(folder.id, null);
    const [a] = await pane.create(folder.id, [outlookDraft(2)]);
    const byFacade = await facade.readChanges(folder.id, first.deltaLink);
    expect(byFacade.kind === 'changes' && byFacade.changed.map((c) => c.id)).toEqual([a?.ok && a.value.id]);
    const [b] = await facade.create(folder.id, [outlookDraft(3)]);
    const byPane = await pane.readChanges(folder.id, byFacade.deltaLink);
    expect(byPane.kind === 'changes' && byPane.changed.map((c) => c.id)).toEqual([b?.ok && b.value.id]);
  });

  test('an absolute /me link stored before links were neutral works for the app-only facade', async () => {
    const pane = makeMailbox('localhost', { kind: 'me' });
    const folder = await pane.ensureFolder('Legacy link');
    const first = await pane.readChanges(folder.id, null);
    const legacy = `http://localhost:${port}/graph/v1.0/me/${first.deltaLink}`;
    const [a] = await pane.create(folder.id, [outlookDraft(4)]);
    const facade = makeMailbox('127.0.0.1', { kind: 'user', id: OID });
    const next = await facade.readChanges(folder.id, legacy);
    expect(next.kind === 'changes' && next.changed.map((c) => c.id)).toEqual([a?.ok && a.value.id]);
  });

  test("F32: a stored link that leaves the run's folder is not followed: a snapshot of the own folder instead", async () => {
    const ann = makeMailbox('127.0.0.1', { kind: 'user', id: OID });
    const bob = makeMailbox('127.0.0.1', { kind: 'user', id: 'u-2' });
    const annFolder = await ann.ensureFolder('Ann BC');
    await ann.create(annFolder.id, [outlookDraft(5)]);
    const bobFolder = await bob.ensureFolder('Bob BC');
    const [bobs] = await bob.create(bobFolder.id, [outlookDraft(6)]);
    const bobsId = bobs?.ok ? bobs.value.id : '';
    const forged = `contactFolders/../../u-2/contactFolders/${encodeURIComponent(bobFolder.id)}/contacts/delta?$select=id`;
    const read = await ann.readChanges(annFolder.id, forged);
    expect(read.kind).toBe('snapshot');
    const ids = read.kind === 'snapshot' ? read.contacts.map((c) => c.id) : [];
    expect(ids).toHaveLength(1);
    expect(ids).not.toContain(bobsId);
    expect(replayableLink(read.deltaLink, annFolder.id, '/users/x')).not.toBeNull();
  });
});

describe("replayableLink: only this folder's contacts delta is replayed (F32)", () => {
  const F = 'AAMkF/1=';
  const own = `contactFolders/${encodeURIComponent(F)}/contacts/delta`;
  test.each([
    ['the own folder, $deltatoken', `${own}?$deltatoken=abc`, true],
    ['the own folder, $skiptoken and $select', `${own}?$skiptoken=x&$select=id,displayName`, true],
    [
      'the own folder, quoted key form',
      `contactFolders('${encodeURIComponent(F)}')/contacts/delta?$deltatoken=abc`,
      true,
    ],
    [
      'an absolute link on another host, own folder',
      `https://graph.microsoft.com/v1.0/users/u-9/${own}?$deltatoken=a`,
      true,
    ],
    ['another folder', 'contactFolders/OTHER/contacts/delta?$deltatoken=abc', false],
    ["'..' out of the mailbox", `contactFolders/../../u-2/${own}?$deltatoken=a`, false],
    ["encoded '..'", `contactFolders/%2e%2e/%2e%2e/u-2/${own}?$deltatoken=a`, false],
    ['the folder, then more path', `${own}/../../../u-2/contacts/delta`, false],
    ['not a delta', `contactFolders/${encodeURIComponent(F)}/contacts?$top=1000`, false],
    ['another query option', `${own}?$deltatoken=a&$expand=x`, false],
    ['a link with no mailbox segment', 'https://example.test/other/delta?$deltatoken=x', false],
  ])('%s → %s', (_name, stored, replayed) => {
    const url = replayableLink(stored, F, '/users/u-1');
    expect(url === null ? false : url.startsWith('/users/u-1/contactFolders')).toBe(replayed);
  });
});
