/**
 * Renaming the sync folder moves its contacts with it (issue 14: a renamed folder never leaves a
 * second copy): the emulator answers PATCH /contactFolders/{id} as Graph does, and GraphMailbox's
 * renameFolder keeps ids, contacts and delta links.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { createTestIssuer, startableGraphEmulator } from '../../src/emulator/index.js';
import { GraphMailbox } from '../../src/graph/index.js';
import { PortFailure } from '../../src/core/ports.js';
import { outlookDraft } from '../contracts/mailbox.contract.js';
import { UNKNOWN_ID } from '../emulator/harness.js';

describe('renaming the sync folder', () => {
  let app: FastifyInstance;
  let origin: string;
  let issuer: Awaited<ReturnType<typeof createTestIssuer>>;
  let mailbox: GraphMailbox;
  const token = () => issuer.userToken('u-rename', 'rename@contoso.test');
  const graph = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${origin}/graph/v1.0/me${path}`, {
      method,
      headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> };
  };

  beforeAll(async () => {
    issuer = await createTestIssuer();
    ({ app } = await startableGraphEmulator({ auth: issuer.auth, graphPrefix: '/graph/v1.0' }));
    origin = await app.listen({ port: 0, host: '127.0.0.1' });
    mailbox = new GraphMailbox({
      baseUrl: `${origin}/graph/v1.0`,
      mailbox: { kind: 'me' },
      getToken: token,
      sleep: async () => undefined,
    });
  });
  afterAll(async () => {
    await app.close();
  });

  test('the folder keeps its id, its contacts and its delta link; the old name is free', async () => {
    const folder = await mailbox.ensureFolder('Business Central');
    const [created] = await mailbox.create(folder.id, [outlookDraft(1)]);
    const before = await mailbox.readChanges(folder.id, null);
    const renamed = await mailbox.renameFolder('Business Central', 'Sales contacts');
    expect(renamed).toEqual({ id: folder.id, displayName: 'Sales contacts' });
    expect((await mailbox.ensureFolder('Sales contacts')).id).toBe(folder.id);
    expect((await mailbox.listContacts(folder.id)).map((c) => c.id)).toEqual([
      created?.ok && created.value.id,
    ]);
    const after = await mailbox.readChanges(folder.id, before.deltaLink);
    expect(after.kind === 'changes' && after.changed).toEqual([]);
    const { body } = await graph(
      'GET',
      `/contactFolders?$filter=${encodeURIComponent("displayName eq 'Business Central'")}`,
    );
    expect(body.value).toEqual([]);
  });

  test('nothing to move when no folder has the old name; a repeat after a lost answer is a no-op', async () => {
    expect(await mailbox.renameFolder('Never synced', 'Anything')).toBeNull();
    const folder = await mailbox.ensureFolder('Twice');
    expect((await mailbox.renameFolder('Twice', 'Twice renamed'))?.id).toBe(folder.id);
    expect(await mailbox.renameFolder('Twice', 'Twice renamed')).toBeNull();
  });

  test('a folder of the new name exists: refused as Graph does (409), nothing renamed', async () => {
    const a = await mailbox.ensureFolder('Clash A');
    await mailbox.ensureFolder('Clash B');
    await expect(mailbox.renameFolder('Clash A', 'clash b')).rejects.toBeInstanceOf(PortFailure);
    const { status, body } = await graph('PATCH', `/contactFolders/${a.id}`, { displayName: 'CLASH B' });
    expect([status, (body.error as { code: string }).code]).toEqual([409, 'ErrorFolderExists']);
    expect((await graph('GET', `/contactFolders/${a.id}`)).body.displayName).toBe('Clash A');
  });

  test.each([
    [{ displayName: '' }, 400],
    [{ displayName: 7 }, 400],
    [{ parentFolderId: 'x' }, 400],
    [[], 400],
  ])('bad body %j → %i', async (body, status) => {
    const folder = await mailbox.ensureFolder('Bad bodies');
    expect((await graph('PATCH', `/contactFolders/${folder.id}`, body)).status).toBe(status);
  });

  test('the default Contacts folder cannot be renamed; an unknown folder is 404', async () => {
    expect((await graph('PATCH', '/contactFolders/contacts', { displayName: 'Mine' })).status).toBe(400);
    expect((await graph('PATCH', `/contactFolders/${UNKNOWN_ID}`, { displayName: 'Mine' })).status).toBe(404);
    expect((await graph('PATCH', '/contactFolders/nope', { displayName: 'Mine' })).status).toBe(400);
  });
});
