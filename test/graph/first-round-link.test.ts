import { afterEach, describe, expect, jest, test } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { newGraphUser } from '../support/new-graph-user.js';
import { outlookPerson } from '../support/world.js';

// Issue 12 §2 over Graph (the emulator on loopback): a run that makes its folder knows it empty, so
// it sends no delta request before its first write; it follows the folder's first round
// (MailFolder.startLink) past its own writes instead. That link reports no removal, so it is never
// the cursor: the run stores the round's own link, or none when the round saw someone else's contact.

let app: FastifyInstance | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

/** A new user (a mailbox with no folder yet), the world that syncs it, and the user's own client. */
async function fresh(n: number) {
  const made = await newGraphUser('first-round', '2222', n);
  app = made.app;
  return made;
}

describe('a first sync into the folder it makes (issue 12 §2)', () => {
  test('no delta request before the first write; the round from the start follows past its writes', async () => {
    const { world, mailbox } = await fresh(250);
    // Nor does it ask the store for the links, lists or cursor of the folder's new id.
    const reads = (['getCursor', 'listLinks', 'listPendingCreates', 'listConflicts'] as const).map((m) =>
      jest.spyOn(world.store, m),
    );
    const sent: string[] = [];
    world.hooks.beforeBatch = async (these) => {
      sent.push(...these.map((i) => i.split(' ')[0] ?? ''));
    };
    const full = await world.sync(mailbox, 'full');
    expect(full.record.counts.outlook.created).toBe(250);
    // Its 250 creates in 13 batches, then the round over them: 2 pages of 200, none read by id.
    expect(full.deltaPages).toHaveLength(2);
    expect(full.readsById).toEqual([]);
    // Folder look-up as the run reads, creation once it may write (leaks item 4: a run refused for
    // the company makes none; no second look-up before it, ensure-folder-first), then writes: the
    // first delta page comes after every create.
    expect(sent.filter((m) => m === 'POST')).toHaveLength(250);
    expect(full.requests).toBe(2 + 13 + 2);
    for (const read of reads) expect(read).not.toHaveBeenCalled();
    for (const read of reads) read.mockRestore();
    const delta = await world.sync(mailbox, 'delta');
    expect([delta.requests, delta.deltaPages.length, delta.readsById.length]).toEqual([1, 1, 0]);
    expect(delta.plan.items).toEqual([]);
  });

  test('a few writes (under a delta page): the stored link is a round link, which reports a contact the user deletes', async () => {
    const { world, mailbox, user } = await fresh(5);
    const full = await world.sync(mailbox, 'full');
    expect(full.record.counts.outlook.created).toBe(5);
    // The round from the start (one page) is followed even for 5 writes: it is not stored as it is.
    expect(full.deltaPages).toHaveLength(1);
    const folder = await user.ensureFolder('Business Central');
    const [first] = await user.listContacts(folder.id);
    const [gone] = await user.delete(folder.id, [{ id: first!.id, changeKey: first!.changeKey }]);
    expect(gone?.ok).toBe(true);
    // Deleted in Outlook while its BC contact is in scope: made again (design §2).
    const delta = await world.sync(mailbox, 'delta');
    expect(delta.record.counts.outlook.created).toBe(1);
    expect(await user.listContacts(folder.id)).toHaveLength(5);
  });

  test('a contact the user adds to the new folder while the run writes: no link is stored, and the next delta brings it to BC', async () => {
    const { world, mailbox, user } = await fresh(300);
    let added = false;
    world.hooks.beforeBatch = async (these) => {
      if (added || !these.some((i) => i.startsWith('POST '))) return;
      added = true;
      const folder = await user.ensureFolder('Business Central');
      const [r] = await user.create(folder.id, [outlookPerson(1)]);
      expect(r?.ok).toBe(true);
    };
    const full = await world.sync(mailbox, 'full');
    world.hooks.beforeBatch = null;
    expect(added).toBe(true);
    expect(full.record.counts.outlook.created).toBe(300);
    const before = (await world.bc.listAll()).length;
    // The folder is read whole (no link was stored): the user's contact is new to BC.
    const delta = await world.sync(mailbox, 'delta');
    expect(delta.record.counts.bc.created).toBe(1);
    expect(await world.bc.listAll()).toHaveLength(before + 1);
    const idle = await world.sync(mailbox, 'delta');
    expect(idle.plan.items).toEqual([]);
  });
});
