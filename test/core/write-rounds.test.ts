import { describe, expect, test } from '@jest/globals';
import { measuredRun } from '../support/round-trips.js';
import type { World } from '../support/world.js';
import { deltaReady, editedAndNewInOutlook } from '../support/world.js';

// Issue 12 §2 (perfdelta): a run's writes wait only for what they need. Counted in round trips on
// the critical path (test/support/round-trips: every port call answered at the end of its round),
// which load does not change.

let runs = 0;
async function measuredDelta(w: World) {
  const { result, rounds } = await measuredRun(w, 'delta', `rounds-${++runs}`);
  /** The first round from `from` on that sends `call`. */
  const first = (call: string, from = 0) => rounds.findIndex((r, n) => n >= from && r.includes(call));
  return { record: result.record, rounds, first };
}

describe("BC's writes of a group go out together (issue 12 §2)", () => {
  test("BC's updates whose pair needs an Outlook write do not wait for the create turn, its look-up and the creates", async () => {
    const { w } = await deltaReady(30);
    // Five pairs edited on both sides (Outlook's job title, BC's city): BC gets Outlook's value and
    // Outlook BC's, which waits for BC's answer; and five new Outlook contacts to create in BC.
    const edited = (await w.outlook()).slice(0, 5);
    for (const o of edited) {
      w.mailbox.userEdit(o.id, { jobTitle: 'Edited in Outlook' });
      w.bc.edit(o.bcId, { city: 'Edited in BC' });
    }
    await editedAndNewInOutlook(w);

    const { record, first } = await measuredDelta(w);

    expect(record.status).toBe('succeeded');
    expect(record.counts.bc).toMatchObject({ created: 5, updated: 5 });
    // The updates go out in the round after the group's record save (F114), not after the turn's
    // walk, the look-up under it and the creates have answered (the turn may be taken while Graph
    // reads by id: turn-ahead.ts; this mailbox reads them with the delta page).
    // (The group's save goes beside its pending creates; the saves before it are the record of the
    // run's start and the count of the Outlook updates of BC's changes, updates-ahead.ts.)
    const saved = first('store.addPendingCreates');
    expect(first('store.saveRun', saved)).toBe(saved);
    expect(first('bc.update')).toBeLessThan(first('bc.create'));
    expect(first('bc.update')).toBe(saved + 1);
    // Nothing lost: every Outlook contact is linked to a BC contact with its values.
    const bc = new Map((await w.bc.listAll()).map((c) => [c.id, c]));
    const outlook = await w.outlook();
    expect(outlook).toHaveLength(35);
    for (const o of outlook)
      expect([o.displayName, bc.get(o.bcId)?.jobTitle, bc.get(o.bcId)?.city]).toEqual([
        o.displayName,
        o.jobTitle,
        o.businessAddress.city,
      ]);
  });
});
