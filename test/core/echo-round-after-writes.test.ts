import { describe, expect, test } from '@jest/globals';
import type { Mailbox } from '../../src/core/ports.js';
import { World, person } from '../support/world.js';

// Issue 12: a first full sync's echo round (run-cursor.ts EchoRound) moves the cursor past the
// run's own writes. It starts once every write answered, never while some are still out: its pages
// go on their own, not as items in the writes' envelopes (graph-delta.ts), so starting earlier
// gains no time and costs a catch-up read for the writes that land after the round passed them.
// Told here by the order of the mailbox's port calls: one round, after the last create, and the
// cursor past every write (the next delta reads nothing), at sizes on both sides of a delta page
// (200) and with a last group smaller or larger than half a page.

/** The order of the run's create calls (their sizes) and its folder reads. */
function logged(w: World): string[] {
  const mailbox = w.mailbox as Mailbox;
  const create = mailbox.create.bind(mailbox);
  const readChanges = mailbox.readChanges.bind(mailbox);
  const log: string[] = [];
  mailbox.create = async (folderId, drafts) => {
    const out = await create(folderId, drafts);
    log.push(`created ${drafts.length}`);
    return out;
  };
  mailbox.readChanges = async (...args) => {
    log.push('readChanges');
    return readChanges(...args);
  };
  return log;
}

describe('the echo round starts once every write answered (issue 12)', () => {
  test.each([250, 1000, 1150])('a first full sync of %i: one round, after the last create', async (n) => {
    const w = new World();
    for (let i = 1; i <= n; i++) w.bc.seed(person(i));
    const log = logged(w);
    const full = await w.sync('full');
    expect(full.record.status).toBe('succeeded');
    expect(full.record.counts.outlook.created).toBe(n);
    const reads = log.flatMap((e, i) => (e === 'readChanges' ? [i] : []));
    const lastCreate = log.findLastIndex((e) => e.startsWith('created'));
    expect({ reads: reads.length, afterLastCreate: reads[0]! > lastCreate }).toEqual({
      reads: 1,
      afterLastCreate: true,
    });
    const link = (await w.store.getCursor(await w.scope()))?.deltaLink ?? null;
    expect(link).not.toBe('');
    // Nothing after the stored link: the next delta reads none of the run's writes.
    const after = await w.mailbox.readChanges((await w.folder()).id, link);
    expect(after.kind === 'changes' && [after.changed.length, after.removedIds.length]).toEqual([0, 0]);
    w.later();
    const delta = await w.sync('delta');
    expect(delta.plan?.items).toEqual([]);
  });
});
