import { describe, expect, test } from '@jest/globals';
import { normalizeEmail } from '../../src/core/model.js';
import type { BcRead } from '../../src/core/ports.js';
import { silentLogger } from '../../src/core/ports.js';
import { runSync } from '../../src/core/run.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { MemoryBcContacts } from '../../src/fakes/memory-bc-contacts.js';
import { MemoryMailbox } from '../../src/fakes/memory-mailbox.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { outlookPerson } from '../support/world.js';

// Tester F61 (issue 9 §5, "never done twice"): users of one company whose runs overlap import the
// same new person from their mailboxes. Each run read BC before any created it, so each created
// it: two BC contacts for one address. Now a run creates in a company only under the company's
// create turn, looking the addresses up again first: one BC contact per address, whatever the
// overlap; the other runs' drafts fail as `stale` and their next sync matches the one contact.

/** Runs whose BC reads all finish before any of them writes (the worst overlap). */
async function overlapping(users: number, addresses: number) {
  const clock = new ManualClock('2026-12-01T19:00:00.000Z');
  const bc = new MemoryBcContacts(clock);
  const store = new MemorySyncStateStore();
  let waiting = 0;
  let release!: () => void;
  const allRead = new Promise<void>((r) => (release = r));
  const read = bc.readChanges.bind(bc);
  bc.readChanges = async (link): Promise<BcRead> => {
    const answer = await read(link);
    if (++waiting === users) release();
    await allRead;
    return answer;
  };
  const mailboxes = Array.from({ length: users }, () => new MemoryMailbox());
  for (const m of mailboxes) {
    const folder = await m.ensureFolder('Business Central');
    for (let a = 0; a < addresses; a++) m.userCreate(folder.id, outlookPerson(900 + a));
  }
  const run = (u: number) =>
    runSync(
      { bc, mailbox: mailboxes[u]!, store, clock, logger: silentLogger },
      {
        runId: `run-${u}-${clock.now()}`,
        userId: `user-${u}`,
        mode: 'full',
        dryRun: false,
        trigger: 'schedule',
      },
    );
  const first = await Promise.all(mailboxes.map((_m, u) => run(u)));
  bc.readChanges = read;
  const emails = (await bc.listAll()).map((c) => normalizeEmail(c.email));
  const perAddress = new Map<string, number>();
  for (const e of emails) perAddress.set(e, (perAddress.get(e) ?? 0) + 1);
  // The next run of every user matches the one contact: nothing more is created anywhere.
  const second = [];
  for (let u = 0; u < users; u++) second.push(await run(u));
  return { first, second, perAddress, bcAfter: (await bc.listAll()).length, mailboxes };
}

describe('concurrent imports of one person by users of one company (F61)', () => {
  test('the named example: two users, one new person, both runs read BC first: one BC contact', async () => {
    const { first, perAddress, second } = await overlapping(2, 1);
    expect([...perAddress.values()]).toEqual([1]);
    expect(first.map((o) => o.record.counts.bc.created).sort()).toEqual([0, 1]);
    // The run that lost the race is no failure (F69): it leaves its cursor, its next sync links it.
    const lost = first.find((o) => o.record.counts.bc.created === 0)!;
    expect([lost.record.status, lost.record.errors]).toEqual(['succeeded', []]);
    expect(second.map((o) => [o.record.status, o.record.counts.bc.created])).toEqual([
      ['succeeded', 0],
      ['succeeded', 0],
    ]);
  });

  test.each([
    [2, 5],
    [3, 1],
    [3, 4],
  ])(
    '%i users, %i new people each, all overlapping: one BC contact per address, one copy per mailbox',
    async (users, addresses) => {
      const { perAddress, bcAfter, second, mailboxes } = await overlapping(users, addresses);
      expect(perAddress.size).toBe(addresses);
      expect([...perAddress.values()].every((n) => n === 1)).toBe(true);
      expect(bcAfter).toBe(addresses);
      for (const o of second) expect(o.record.counts.bc.created).toBe(0);
      for (const m of mailboxes) {
        const copies = m.folderContacts(m.folderByName('Business Central')!.id);
        expect(copies).toHaveLength(addresses);
        expect(new Set(copies.map((c) => c.bcId)).size).toBe(addresses);
      }
    },
  );
});

describe('the run that loses the create turn (F69)', () => {
  test.each([1, 3, 5])(
    'two users, %i new people: the loser ends succeeded with no error per contact, and its next sync links them',
    async (addresses) => {
      const { first, second, perAddress } = await overlapping(2, addresses);
      expect([...perAddress.values()]).toEqual(Array.from({ length: addresses }, () => 1));
      // Before: the loser failed with one "changed again" (stale) error per contact.
      expect(first.map((o) => [o.record.status, o.record.errors.length])).toEqual([
        ['succeeded', 0],
        ['succeeded', 0],
      ]);
      expect(second.map((o) => [o.record.status, o.record.counts.bc.created])).toEqual([
        ['succeeded', 0],
        ['succeeded', 0],
      ]);
      // The loser's record counts what it left for the next sync, and why (these runs have no
      // ticker to wait on: the turn held by the other run defers at once); the winner's has none.
      expect(first.map((o) => o.record.deferred ?? null).sort()).toEqual([
        { createTurnBusy: addresses, createdElsewhere: 0 },
        null,
      ]);
      expect(second.map((o) => o.record.deferred ?? null)).toEqual([null, null]);
    },
  );
});
