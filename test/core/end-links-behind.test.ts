/**
 * Issue 12 (delta-outlook-1pct at 10,000): BC updates sent behind the phases (executor-bc.ts, an
 * update whose pair needs no Outlook write, in a group with creates) answered after the last BC id
 * stamps; their links were then a store round trip of their own before the run's end. They go with
 * the end now (end-links.ts), as the last Outlook group's links do, whichever answers last.
 */
import { describe, expect, test } from '@jest/globals';
import { silentLogger } from '../../src/core/ports.js';
import type { BcContacts, Mailbox } from '../../src/core/ports.js';
import { runSync } from '../../src/core/run.js';
import { roundTrips } from '../support/round-trips.js';
import { USER, deltaReady, editedAndNewInOutlook } from '../support/world.js';
import type { World } from '../support/world.js';

/** `bc` whose updates answer `late` rounds after BC made them (a BC slower than Graph's stamps). */
function lateUpdates(bc: BcContacts, late: () => Promise<void>): BcContacts {
  return new Proxy(bc, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop !== 'update') return value;
      return async (...args: Parameters<BcContacts['update']>) => {
        const out = await target.update(...args);
        await late();
        return out;
      };
    },
  });
}

/** `mailbox` whose updates (the BC id stamps of a delta with new contacts) fail: the call is lost. */
function failingUpdates(mailbox: Mailbox): Mailbox {
  return new Proxy(mailbox, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop !== 'update') return value;
      return async () => {
        throw new Error('connection reset');
      };
    },
  });
}

/**
 * 5 edited and 5 new contacts in Outlook, then a delta counted in rounds: BC's updates `slow`, or
 * Graph's BC id stamps `failing`.
 */
async function editedAndNewDelta(slow: boolean, failing = false) {
  const { w } = await deltaReady(30);
  await editedAndNewInOutlook(w);
  const rt = roundTrips();
  const wait = rt.gated({ round: async () => undefined }, 'late');
  w.clock.advance(60_000);
  const bc = slow ? lateUpdates(w.bc, () => wait.round()) : w.bc;
  const mailbox = failing ? failingUpdates(w.mailbox) : w.mailbox;
  const { result, rounds } = await rt.measure(async () =>
    runSync(
      {
        bc: rt.gated(bc, 'bc'),
        mailbox: rt.gated(mailbox, 'outlook'),
        store: rt.gated(w.store, 'store'),
        clock: w.clock,
        logger: silentLogger,
      },
      { runId: `behind-${slow}`, userId: USER, mode: 'delta', dryRun: false, trigger: 'pane' },
    ).then(
      (r) => r.record,
      // The stamps' failure ends the run (thrown); its record is what the end stored.
      async () => (await w.store.listRuns(USER, 1))[0],
    ),
  );
  expect(result?.status).toBe(failing ? 'failed' : 'succeeded');
  expect(result?.counts.bc).toMatchObject({ created: 5, updated: 5 });
  return { w, rounds };
}

/** Every Outlook contact linked as written: BC's etag and Outlook's change key, BC holding its values. */
async function everyPairLinked(w: World): Promise<void> {
  const links = await w.store.listLinks(await w.scope());
  const bc = new Map((await w.bc.listAll()).map((c) => [c.id, c]));
  for (const o of await w.outlook()) {
    const link = links.find((l) => l.outlookId === o.id);
    expect([o.id, bc.get(o.bcId)?.jobTitle]).toEqual([o.id, o.jobTitle]);
    expect([o.id, link?.bcEtag, link?.outlookChangeKey]).toEqual([o.id, bc.get(o.bcId)?.etag, o.changeKey]);
  }
  expect(await w.store.listPendingCreates(await w.scope())).toEqual([]);
}

describe("BC updates behind the phases store their links with the run's end", () => {
  test('updates answered a round after the stamps: the end is the next round, no upsertLinks of their own', async () => {
    const { w, rounds } = await editedAndNewDelta(true);
    const updated = rounds.findIndex((r) => r.includes('bc.update'));
    // BC made them in their round, and answers the round after it.
    expect(rounds[updated]).toContain('late.round');
    // The stamps went with the updates (their cancel check a save only once IN_TURN_FRESH_MS passed
    // since the creates', lease-keeper.ts: not here) and answered first, their links held for the end; the
    // updates' answer is followed by the end alone (an upsertLinks round before it, without).
    expect(rounds[updated]).toContain('outlook.update');
    expect(rounds.slice(updated + 1)).toStrictEqual([[], ['store.endRun']]);
    await everyPairLinked(w);
  });

  test('updates and stamps answered in one round: both sets of links go with the end', async () => {
    const { w, rounds } = await editedAndNewDelta(false);
    const updated = rounds.findIndex((r) => r.includes('bc.update'));
    expect(rounds[updated]).toContain('outlook.update');
    expect(rounds.slice(updated + 1)).toStrictEqual([['store.endRun']]);
    await everyPairLinked(w);
  });

  test("stamps that fail after the updates' links waited for them: those links go with the failed run's end", async () => {
    const { w, rounds } = await editedAndNewDelta(false, true);
    const updated = rounds.findIndex((r) => r.includes('bc.update'));
    expect(rounds.slice(updated + 1).flat()).not.toContain('store.upsertLinks');
    // The 5 edited pairs are linked at BC's new etags: the next run has nothing to compare again.
    const links = await w.store.listLinks(await w.scope());
    const edited = (await w.outlook()).filter((o) => o.jobTitle === 'Edited in Outlook');
    expect(edited).toHaveLength(5);
    const bc = new Map((await w.bc.listAll()).map((c) => [c.id, c]));
    for (const o of edited) {
      const link = links.find((l) => l.outlookId === o.id);
      expect([o.id, link?.bcEtag]).toEqual([o.id, bc.get(o.bcId)?.etag]);
    }
  });
});
