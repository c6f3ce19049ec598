import { describe, expect, test } from '@jest/globals';
import { measuredRun } from '../support/round-trips.js';
import { World, person } from '../support/world.js';

// Issue 12 §2: a first full sync into the folder it makes waits for nothing of that folder before
// its first write: the folder is new, so empty (MailFolder.startLink), and holds no sync state.
// Counted in rounds of port calls, which load does not change (7 rounds before the first write, 16
// in all at 250 contacts, before).

describe('a first full sync into the folder it makes (issue 12 §2)', () => {
  test('its first write goes out in the round after the folder is made', async () => {
    const w = new World();
    for (let i = 1; i <= 250; i++) w.bc.seed(person(i));
    const { result, rounds } = await measuredRun(w, 'full', 'first-full');
    expect(result.record.status).toBe('succeeded');
    expect(result.record.counts.outlook.created).toBe(250);
    const made = rounds.findIndex((r) => r.includes('outlook.ensureFolder'));
    const firstWrite = rounds.findIndex((r) => r.includes('outlook.create'));
    // Between them only what the first write call needs saved: its pending creates and the record.
    expect(firstWrite).toBe(made + 2);
    expect([...new Set(rounds[made + 1])].sort()).toEqual(['store.addPendingCreates', 'store.saveRun']);
    // The folder is read once, after the writes (the round past them, beside the links' save).
    expect(rounds.flat().filter((c) => c === 'outlook.readChanges')).toHaveLength(1);
    expect(rounds.findIndex((r) => r.includes('outlook.readChanges'))).toBeGreaterThan(firstWrite);
    // The last group's links and settled pending creates go with the end (end-links.ts): 14 rounds
    // when they were two rounds of their own before it. The folder's creation waits for the run's
    // first save and one more (run.ts `fresh`, 04492f9: a cancel marked at any process since is
    // seen before the folder is made, review V10): two store rounds, 12 -> 14, none of them Graph's.
    expect(rounds.at(-1)).toStrictEqual(['store.endRun']);
    // The folder is looked up beside BC's read and made only once the run may write (after the
    // plan: a run refused for the company makes none, leaks item 4): one Graph GET more, no round.
    expect(rounds.slice(3, 6)).toStrictEqual([
      ['outlook.findFolder', 'bc.readChanges', 'store.saveRun'],
      ['store.saveRun'],
      ['outlook.ensureFolder'],
    ]);
    expect(rounds).toHaveLength(14);
  });
});
