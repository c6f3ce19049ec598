import { describe, expect, test } from '@jest/globals';
import type { Mailbox } from '../../src/core/ports.js';
import { World, outlookPerson, person } from '../support/world.js';

// Issue 12 §2: a first full sync's echo round (run-cursor.ts EchoRound) starts while its last
// writes are still out — so over Graph its pages go beside the last write envelope (sent as 3
// sequential envelopes, batch-lanes.ts) instead of after it — and, once every write answered,
// follows its link once more (a catch-up page): the
// writes that landed after the round passed them are told as the run's own too, and the cursor is
// past all of them. A change of someone else's meanwhile leaves the link unused.
// Here the last group of writes is held until the round has read: they land after it, always.

/** The run's create calls, the last one held until the round read the folder; the round's reads. */
function heldLastCreates(w: World, groups: number, during?: () => void) {
  const mailbox = w.mailbox as Mailbox;
  const create = mailbox.create.bind(mailbox);
  const readChanges = mailbox.readChanges.bind(mailbox);
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const log: string[] = [];
  let calls = 0;
  mailbox.create = async (folderId, drafts) => {
    // Only one call is held: the round starts once the others have answered, so it cannot wait on it.
    if (++calls === groups) {
      log.push('held');
      await gate;
      during?.();
    }
    const out = await create(folderId, drafts);
    log.push(`created ${drafts.length}`);
    return out;
  };
  mailbox.readChanges = async (...args) => {
    const read = readChanges(...args);
    log.push('readChanges');
    open();
    return read;
  };
  return log;
}

async function cursorOf(w: World) {
  return (await w.store.getCursor(await w.scope()))?.deltaLink ?? null;
}

describe('the echo round started before the last writes answered (issue 12 §2)', () => {
  test('the writes that land after the round passed are told as own: the cursor is past every write', async () => {
    const w = new World();
    for (let i = 1; i <= 1000; i++) w.bc.seed(person(i));
    // 1,000 creates go in 5 groups of 200; the round starts when 200 are still out.
    const log = heldLastCreates(w, 5);
    const full = await w.sync('full');
    expect(full.record.status).toBe('succeeded');
    expect(full.record.counts.outlook.created).toBe(1000);
    // The round read while the last 200 were held, then once more after they landed.
    const reads = log.flatMap((e, i) => (e === 'readChanges' ? [i] : []));
    expect(reads).toHaveLength(2);
    expect(log.indexOf('held')).toBeGreaterThan(-1);
    expect([reads[0]! < log.lastIndexOf('created 200'), log.lastIndexOf('created 200') < reads[1]!]).toEqual([
      true,
      true,
    ]);
    const link = await cursorOf(w);
    expect(link).not.toBe('');
    // Nothing after the stored link: the next delta reads none of the run's writes.
    const after = await w.mailbox.readChanges((await w.folder()).id, link);
    expect(after.kind === 'changes' && [after.changed.length, after.removedIds.length]).toEqual([0, 0]);
    w.later();
    const delta = await w.sync('delta');
    expect(delta.plan?.items).toEqual([]);
  });

  test.each([
    ['edits a contact the round passed', 'edit'],
    ['adds a contact', 'add'],
    ['deletes a contact the round passed', 'delete'],
  ] as const)(
    'the user %s between the round and the catch-up: the link is not used, and the next delta brings it',
    async (_, change) => {
      const w = new World();
      for (let i = 1; i <= 1000; i++) w.bc.seed(person(i));
      let touched = '';
      heldLastCreates(w, 5, () => {
        const id = w.mailbox.folderContacts(w.mailbox.folderByName('Business Central')!.id)[0]!.id;
        const folderId = w.mailbox.folderByName('Business Central')!.id;
        if (change === 'edit') touched = w.mailbox.userEdit(id, { jobTitle: 'Owner' }).id;
        else if (change === 'add') touched = w.mailbox.userCreate(folderId, outlookPerson(900)).id;
        else {
          touched = id;
          w.mailbox.userDelete(id);
        }
      });
      const full = await w.sync('full');
      expect(full.record.status).toBe('succeeded');
      expect(touched).not.toBe('');
      // The folder was made by the run: an unused link is none (the next run reads the folder whole).
      expect(await cursorOf(w)).toBe('');
      w.later();
      const delta = await w.sync('delta');
      expect(delta.record.status).toBe('succeeded');
      const outlook = await w.outlook();
      if (change === 'edit') {
        const bcId = outlook.find((o) => o.id === touched)!.bcId;
        expect((await w.bc.listAll()).find((c) => c.id === bcId)?.jobTitle).toBe('Owner');
      } else if (change === 'add') expect(outlook.find((o) => o.id === touched)?.bcId).not.toBe('');
      else expect(outlook).toHaveLength(1000);
    },
  );

  test('the catch-up only when the round started before the last writes answered', async () => {
    // 250 creates (groups of 120, 120, 10): never half a page left of them, so the round starts
    // once every write answered, and reads once.
    const w = new World();
    for (let i = 1; i <= 250; i++) w.bc.seed(person(i));
    const mailbox = w.mailbox as Mailbox;
    const readChanges = mailbox.readChanges.bind(mailbox);
    let reads = 0;
    mailbox.readChanges = async (...args) => {
      reads++;
      return readChanges(...args);
    };
    const full = await w.sync('full');
    expect(full.record.counts.outlook.created).toBe(250);
    expect(reads).toBe(1);
    const after = await w.mailbox.readChanges((await w.folder()).id, await cursorOf(w));
    expect(after.kind === 'changes' && after.changed.length).toBe(0);
  });
});
