import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import type { SyncMode } from '../../src/core/records.js';
import type { GraphMailbox } from '../../src/graph/index.js';
import { emulatedGraph } from '../support/emulated-graph.js';
import { recordedSync } from '../support/recorded-sync.js';

// Issue 12 §2 over Graph (the emulator on loopback): a full sync leaves a fresh delta link, and the
// next delta recognises the contacts the run wrote by their changeKey instead of reading them back.

const USER = { oid: '5b0c6f1e-2222-4000-8000-00000000ec40', upn: 'echo@contoso.test' };
const N = 250;

let app: FastifyInstance;
let origin = '';
let issuerToken: () => Promise<string>;
let mailbox: GraphMailbox;
const world = recordedSync(USER.upn);
const { bc } = world;

beforeAll(async () => {
  ({ app, origin, mailbox, token: issuerToken } = await emulatedGraph(USER, world.fetch));
});
afterAll(async () => {
  await app.close();
});

const sync = (mode: SyncMode) => world.sync(mailbox, mode);

describe('delta after a full sync (issue 12 §2)', () => {
  test('a first full sync writes N contacts; the next delta reads none of them back', async () => {
    // The folder it makes is known empty: no delta page before its writes. It follows the folder's
    // first round past them (linkPastOwnWrites): the round reports the N creates (200 a page); none
    // is read by id.
    const lookUps = jest.spyOn(world.store, 'findLinks');
    const first = await world.firstFullSync(mailbox, N);
    // The folder it made was empty at its first delta round: its list is not read.
    expect(first.listPages).toEqual([]);
    // The round past its own writes knows them by the links the run stored: none is looked up.
    expect(lookUps).not.toHaveBeenCalled();
    lookUps.mockRestore();

    const echo = await sync('delta');
    expect(echo.plan.items).toEqual([]);
    // Nothing left to report: one page, none read by id.
    expect(echo.deltaPages).toHaveLength(1);
    expect(echo.readsById).toEqual([]);

    const idle = await sync('delta');
    expect(idle.deltaPages).toHaveLength(1);
    expect(idle.readsById).toEqual([]);
    // The folder check and the delta page go in one $batch: one HTTP request (was 2).
    expect(idle.requests).toBe(1);
  });

  test('a full sync with nothing changed renews its delta link with one request, and the next delta follows it with one', async () => {
    const full = await sync('full');
    expect(full.plan.items).toEqual([]);
    // The stored link is followed for the fresh one (one page: nothing changed), not a first
    // round over the whole folder (two pages of 200); the folder itself is listed.
    expect(full.deltaPages).toHaveLength(1);
    // Folder look-up, one delta page, one list page.
    expect(full.requests).toBe(3);
    expect(full.listPages).toHaveLength(1);
    const idle = await sync('delta');
    expect(idle.deltaPages).toHaveLength(1);
    expect(idle.requests).toBe(1);
    expect(idle.plan.items).toEqual([]);
  });

  test('a contact someone else edits after our write is read and reaches BC; our own edits are not read back', async () => {
    const folder = await mailbox.ensureFolder('Business Central');
    const [target] = await mailbox.findByEmails(folder.id, ['person7@contoso.com']);
    expect(target).toBeDefined();
    const edited = await mailbox.update(folder.id, [
      {
        id: target!.id,
        changeKey: target!.changeKey,
        patch: { displayName: target!.displayName, jobTitle: 'Buyer' },
      },
    ]);
    expect(edited[0]?.ok).toBe(true);
    const bcTarget = (await bc.listAll()).find((c) => c.email === 'person7@contoso.com')!;
    bc.edit(bcTarget.id, { city: 'Leeds' });
    const both = await sync('delta');
    expect(bc.peek(bcTarget.id)?.jobTitle).toBe('Buyer');
    expect((await mailbox.getMany(folder.id, [target!.id]))[0]?.businessAddress.city).toBe('Leeds');
    // After our write to Outlook (Leeds), the next delta reports it and recognises it as ours.
    const after = await sync('delta');
    expect(after.plan.items).toEqual([]);
    expect(after.readsById).toEqual([]);
    expect(both.record.counts.outlook.updated).toBe(1);
  });

  // Graph moves a deleted folder to Deleted Items with its id, where its delta keeps answering
  // (the emulator does so): the delta run must still see that the folder is gone and write the
  // contacts into a new folder of the name, as the run after a deletion always did.
  test('a delta after the user deleted the folder makes a new one and writes every contact there', async () => {
    const before = await mailbox.ensureFolder('Business Central');
    await mailbox.listContacts(before.id);
    const token = await issuerToken();
    const gone = await fetch(`${origin}/v1.0/me/contactFolders/${before.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(gone.status).toBe(204);
    const after = await sync('delta');
    expect(after.record.folderId).not.toBe(before.id);
    expect(after.record.counts.outlook.created).toBe(N);
    const made = await mailbox.folderById(after.record.folderId!);
    expect(made?.displayName).toBe('Business Central');
    expect(await mailbox.listContacts(made!.id)).toHaveLength(N);
    // The run moved its link past its own N creates: the next delta and an idle one cost 1 request.
    const echo = await sync('delta');
    expect([echo.plan.items, echo.readsById]).toEqual([[], []]);
    const idle = await sync('delta');
    expect([idle.requests, idle.plan.items]).toEqual([1, []]);
  });
});
