/**
 * Review of 0ae6c88 (a first full sync into the folder it makes follows the folder's start link
 * past its writes), over Graph (the emulator, as of e2167df). The user deletes one of the contacts
 * the run has just created while the run is still writing. Design §2: an Outlook contact deleted
 * while its BC contact is still in scope is made again at the next sync. Graph's first round from
 * the start reports no removal, so the round counts nothing foreign and its link — past the
 * deletion — is stored: the next delta never sees it. Reading the empty folder first (86499fa) gave
 * a link that reports the deletion.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { newGraphUser } from '../support/new-graph-user.js';

let app: FastifyInstance | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

describe('a contact the run created, deleted by the user while the run writes', () => {
  test.each([30, 300])('%i BC persons: the next delta makes it again', async (n) => {
    const made = await newGraphUser('deleted-during-run', '3333', n);
    app = made.app;
    const { world, user, mailbox } = made;
    let creates = 0;
    let deleted: string | null = null;
    world.hooks.beforeBatch = async (these) => {
      // Before the run's second batch of creates: the user deletes one the first batch made. Up to
      // four envelopes are in flight at once (c66c0f4c), so this hook runs concurrently with itself:
      // the turn is claimed before the first await, or two envelopes each delete one (CI: 298 left).
      if (!these.some((i) => i.startsWith('POST '))) return;
      if (++creates !== 2) return;
      const folder = await user.ensureFolder('Business Central');
      const [first] = await user.listContacts(folder.id);
      const [gone] = await user.delete(folder.id, [{ id: first!.id, changeKey: first!.changeKey }]);
      expect(gone?.ok).toBe(true);
      deleted = first!.id;
    };
    const full = await world.sync(mailbox, 'full');
    world.hooks.beforeBatch = null;
    expect(deleted).not.toBeNull();
    expect(full.record.counts.outlook.created).toBe(n);
    const folder = await user.ensureFolder('Business Central');
    expect(await user.listContacts(folder.id)).toHaveLength(n - 1);
    const delta = await world.sync(mailbox, 'delta');
    expect([delta.record.counts.outlook.created, (await user.listContacts(folder.id)).length]).toEqual([
      1,
      n,
    ]);
  });
});
