/**
 * Issue 12 (first full sync): once every Outlook write answered, a run whose echo round started
 * before the last of them (run-cursor.ts EchoRound.tail) reads a catch-up page, and its end waits
 * for it. The last group's links (200 of them at 1,000 contacts: most of the end's store call,
 * 88 ms of it at load 4) are stored beside that page now, not in the end's call after it; their
 * pending entries are still cleared by the end, after the links. In a folder the run made, a full
 * plan's skipped list replaces nothing: no putSkipped call between the last write and the end.
 */
import { describe, expect, test } from '@jest/globals';
import type { RunEnd } from '../../src/core/ports.js';
import { measuredRun } from '../support/round-trips.js';
import { World, deltaReady, person } from '../support/world.js';

/** `w`'s store with every endRun's argument kept in `ends`. */
function keepingEnds(w: World): RunEnd[] {
  const ends: RunEnd[] = [];
  const endRun = w.store.endRun.bind(w.store);
  w.store.endRun = async (end: RunEnd) => {
    ends.push(end);
    return endRun(end);
  };
  return ends;
}

/** Every run kind whose echo round starts before its last Outlook write answered. */
const kinds: [string, () => Promise<{ w: World; mode: 'full' | 'delta'; writes: number }>][] = [
  [
    'a first full sync of 1,000 into the folder it makes',
    async () => {
      const w = new World();
      for (let i = 1; i <= 1000; i++) w.bc.seed(person(i));
      return { w, mode: 'full', writes: 1000 };
    },
  ],
  [
    'a delta with 600 contacts changed in BC (Outlook updates)',
    async () => {
      const { w, ids } = await deltaReady(600);
      for (const id of ids) w.bc.edit(id, { jobTitle: 'Edited in BC' });
      return { w, mode: 'delta', writes: 600 };
    },
  ],
];

describe('the last links go beside the catch-up page (issue 12, first full sync)', () => {
  test.each(kinds)('%s', async (_name, setUp) => {
    const { w, mode, writes } = await setUp();
    const ends = keepingEnds(w);
    const { result, rounds } = await measuredRun(w, mode, 'beside');
    expect(result.record.status).toBe('succeeded');
    const c = result.record.counts.outlook;
    expect(c.created + c.updated).toBe(writes);
    const pages = rounds.flatMap((r, i) => (r.includes('outlook.readChanges') ? [i] : []));
    const catchUp = pages.at(-1) as number;
    // The catch-up page follows the last write call; the end the round after it.
    const lastWrite = rounds.findLastIndex((r) => r.some((x) => /^outlook\.(create|update)$/.test(x)));
    expect(catchUp).toBeGreaterThan(lastWrite);
    expect(rounds[catchUp]).toContain('store.upsertLinks');
    expect(rounds.slice(catchUp + 1)).toStrictEqual([['store.endRun']]);
    // The end clears no pending entry whose link it would store itself: it stores no links.
    expect(ends).toHaveLength(1);
    expect(ends[0]?.links?.upserts ?? []).toHaveLength(0);
    // Every pair linked all the same.
    expect(await w.store.listLinks(await w.scope())).toHaveLength(mode === 'full' ? 1000 : 600);
    if (mode === 'full') {
      expect(await w.store.listPendingCreates(await w.scope())).toHaveLength(0);
      expect(rounds.flat()).not.toContain('store.putSkipped');
    }
  });
});
