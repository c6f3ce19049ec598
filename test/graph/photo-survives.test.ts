import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { silentLogger } from '../../src/core/ports.js';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import type { SyncMode } from '../../src/core/records.js';
import { runSync } from '../../src/core/run.js';
import { createTestIssuer, startableGraphEmulator } from '../../src/emulator/index.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { MemoryBcContacts } from '../../src/fakes/memory-bc-contacts.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { GraphMailbox } from '../../src/graph/index.js';
import { TINY_PNG, graphUserSets } from '../support/outlook-only-samples.js';
import { person } from '../support/world.js';

// F58 (issue 8 "Nothing lost"): a contact photo, or a "file as" the user set, lives only in
// Outlook. The engine, reading through the real GraphMailbox from the Graph emulator on loopback,
// keeps such a copy when BC deletes the contact or it leaves scope: a deletedInBc conflict names
// "photo" / "fileAs", and the photo is still there, byte for byte.

const USER = { oid: '5b0c6f1e-3333-4000-8000-00000000f058', upn: 'photo@contoso.test' };
let origin = '';
let token = '';
let close: () => Promise<void> = async () => undefined;

beforeAll(async () => {
  const issuer = await createTestIssuer();
  const { app } = await startableGraphEmulator({ auth: issuer.auth });
  origin = await app.listen({ port: 0, host: '127.0.0.1' });
  token = await issuer.userToken(USER.oid, USER.upn, { scopes: ['Contacts.ReadWrite'] });
  close = () => app.close();
});
afterAll(async () => {
  await close();
});

/** One salesperson: BC in memory, Outlook through Graph (the emulator), the state in memory. */
async function world() {
  const clock = new ManualClock();
  const bc = new MemoryBcContacts(clock);
  const store = new MemorySyncStateStore();
  const folderName = `Photos ${Math.random().toString(36).slice(2, 8)}`;
  await store.putSettings(USER.upn, { ...DEFAULT_SETTINGS, folderName, massDeleteShare: 1 });
  const mailbox = new GraphMailbox({
    baseUrl: `${origin}/v1.0`,
    mailbox: { kind: 'me' },
    getToken: async () => token,
    sleep: async () => undefined,
  });
  let runs = 0;
  const sync = async (mode: SyncMode) => {
    clock.advance(60_000);
    const deps = { bc, mailbox, store, clock, logger: silentLogger };
    const request = { runId: `r${++runs}`, userId: USER.upn, mode, dryRun: false, trigger: 'pane' } as const;
    return (await runSync(deps, request)).record;
  };
  const folderId = async () => (await mailbox.findFolder(folderName))!.id;
  const contactUrl = async (id: string) =>
    `${origin}/v1.0/me/contactFolders/${encodeURIComponent(await folderId())}/contacts/${encodeURIComponent(id)}`;
  /** The user types a "file as" on an Outlook contact (a Graph PATCH, as Outlook sends it). */
  const setFileAs = async (id: string, fileAs: string) => {
    const res = await fetch(await contactUrl(id), {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ fileAs }),
    });
    expect(res.status).toBe(200);
  };
  return { bc, store, mailbox, sync, folderId, contactUrl, setFileAs };
}

async function syncedCopy() {
  const w = await world();
  const a = w.bc.seed(person(1));
  w.bc.seed(person(2)); // BC is never empty: rule guard.bcEmpty would hold the run
  expect((await w.sync('full')).status).toBe('succeeded');
  const copy = (await w.mailbox.listContacts(await w.folderId())).find((c) => c.bcId === a.id)!;
  return { ...w, a, copy };
}

describe('F58: Outlook-only data the sync cannot restore keeps the copy (Graph emulator)', () => {
  test.each(['delta', 'full'] as const)('photo survives a BC delete (%s sync)', async (mode) => {
    const { bc, store, mailbox, sync, folderId, contactUrl, a, copy } = await syncedCopy();
    await graphUserSets(await contactUrl(copy.id), token, 'photo', true);
    expect((await sync(mode)).status).toBe('succeeded');
    bc.remove(a.id);
    const record = await sync(mode);
    expect(record).toMatchObject({ status: 'succeeded', counts: { outlook: { deleted: 0 } } });
    const [conflict] = await store.listConflicts({ userId: USER.upn, folderId: await folderId() });
    expect(conflict).toMatchObject({
      bcId: a.id,
      outlookId: copy.id,
      record: { kind: 'deletedInBc', reason: { kind: 'bcDeleted' } },
    });
    expect(conflict?.record.kind === 'deletedInBc' ? conflict.record.outlookOnly?.properties : null).toEqual([
      'photo',
    ]);
    const [kept] = await mailbox.getMany(await folderId(), [copy.id]);
    expect(kept?.outlookOnly).toEqual(['photo']);
    const photo = await fetch(`${await contactUrl(copy.id)}/photo/$value`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(photo.status).toBe(200);
    expect(Buffer.from(await photo.arrayBuffer())).toEqual(TINY_PNG);
  });

  test('a "file as" the user typed survives the contact leaving scope', async () => {
    const { bc, store, sync, folderId, setFileAs, a, copy } = await syncedCopy();
    const patch = (fileAs: string) => setFileAs(copy.id, fileAs);
    await patch('Key account: Person 1');
    await sync('delta');
    bc.edit(a.id, { privacyBlocked: true });
    expect(await sync('delta')).toMatchObject({ status: 'succeeded', counts: { outlook: { deleted: 0 } } });
    const [conflict] = await store.listConflicts({ userId: USER.upn, folderId: await folderId() });
    expect(conflict?.record).toMatchObject({
      kind: 'deletedInBc',
      reason: { kind: 'outOfScope' },
      outlookOnly: { properties: ['fileAs'], emails: [], phones: [] },
    });
  });

  test('a copy whose "file as" is the one Outlook derives from the name is still removed on a BC delete', async () => {
    const { bc, sync, mailbox, folderId, setFileAs, a, copy } = await syncedCopy();
    // "Last, First": what Outlook files a contact under by itself.
    await setFileAs(copy.id, '1, Person');
    await sync('delta');
    bc.remove(a.id);
    expect(await sync('delta')).toMatchObject({ status: 'succeeded', counts: { outlook: { deleted: 1 } } });
    expect(await mailbox.getMany(await folderId(), [copy.id])).toEqual([]);
  });

  test('a "file as" Outlook derived follows a BC rename through Graph, so a later BC delete removes the copy', async () => {
    const { bc, sync, mailbox, folderId, setFileAs, a, copy } = await syncedCopy();
    await setFileAs(copy.id, '1, Person');
    await sync('delta');
    bc.edit(a.id, { surname: '1b', displayName: 'Person 1b' });
    await sync('delta');
    const [renamed] = await mailbox.getMany(await folderId(), [copy.id]);
    expect(renamed).toMatchObject({ displayName: 'Person 1b', fileAs: '1b, Person', outlookOnly: [] });
    bc.remove(a.id);
    expect(await sync('delta')).toMatchObject({ status: 'succeeded', counts: { outlook: { deleted: 1 } } });
    expect(await mailbox.getMany(await folderId(), [copy.id])).toEqual([]);
  });
});
