/**
 * A first full sync into the folder it makes (issue 12 §2, the full helper's change: the folder is
 * not read before the first write, its start link is followed past the run's writes instead). The
 * user may add a contact to the new folder while the run writes into it: that contact is nobody's
 * echo and must come into BC by the next sync at the latest — the cursor the run stores must not
 * move past it unread.
 */
import { describe, expect, test } from '@jest/globals';
import { World, outlookPerson, person } from '../support/world.js';

describe('a contact the user adds to the folder a first full sync has just made', () => {
  test.each([10, 250])('%i BC persons: the contact is in BC after the next delta', async (n) => {
    const w = new World();
    for (let i = 1; i <= n; i++) w.bc.seed(person(i));
    const ensure = w.mailbox.ensureFolder.bind(w.mailbox);
    let added: string | null = null;
    w.mailbox.ensureFolder = async (name: string) => {
      const folder = await ensure(name);
      // The user's own contact, added right after the folder appeared.
      added ??= w.mailbox.userCreate(folder.id, outlookPerson(900)).id;
      return folder;
    };
    const full = await w.sync('full');
    expect(full.record.status).toBe('succeeded');
    expect(added).not.toBeNull();
    w.later();
    const delta = await w.sync('delta');
    expect(delta.record.status).toBe('succeeded');
    const mine = (await w.outlook()).find((o) => o.id === added);
    const inBc = (await w.bc.listAll()).filter((c) => c.email === 'outlook900@fabrikam.com');
    expect([mine?.bcId !== '' && mine?.bcId !== undefined, inBc.map((c) => c.id)]).toEqual([
      true,
      [mine?.bcId],
    ]);
    expect((await w.bc.listAll()).length).toBe(n + 1);
  });
});
