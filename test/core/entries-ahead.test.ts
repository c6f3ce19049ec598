/**
 * The pending entries of a delta's BC-change updates are stored while Graph reads, planned as if
 * Outlook reported nothing (core/entries-ahead.ts). What that must keep: an entry stored ahead that
 * no call takes (Outlook changed the contact too, the run stopped) leaves nothing wrong behind. The
 * run's end clears it; a run that died before its end leaves it to the next run's recovery, which
 * finds its values not written and keeps the link's base (sent-ahead.ts recoverSentAhead): the next
 * run decides the pair as if the entry had never been stored.
 */
import { describe, expect, test } from '@jest/globals';
import { silentLogger } from '../../src/core/ports.js';
import type { SyncStateStore } from '../../src/core/ports.js';
import { runSync } from '../../src/core/run.js';
import { USER, deltaReady } from '../support/world.js';
import type { World } from '../support/world.js';

/** The update entries (`aheadOl`) among the scope's pending ones. */
async function updateEntries(w: World): Promise<string[]> {
  return (await w.store.listPendingCreates(await w.scope())).filter((k) => k.includes('"aheadOl"'));
}

/** A delta that stops once Graph answered, before any write (a cancel), and dies at its end. */
async function diedBeforeItsWrites(w: World): Promise<void> {
  let answered = false;
  const mailbox = new Proxy(w.mailbox, {
    get(t, p, r) {
      const v = Reflect.get(t, p, r) as unknown;
      if (p === 'folderWithChanges')
        return async (...a: unknown[]) => {
          const read = await (v as (...x: unknown[]) => Promise<unknown>).apply(t, a);
          answered = true;
          return read;
        };
      return typeof v === 'function' ? (v as () => unknown).bind(t) : v;
    },
  });
  const store = new Proxy(w.store, {
    get(t, p, r) {
      if (p === 'endRun') return () => Promise.reject(new Error('the process died'));
      const v = Reflect.get(t, p, r) as unknown;
      return typeof v === 'function' ? (v as () => unknown).bind(t) : v;
    },
  }) as SyncStateStore;
  w.clock.advance(60_000);
  await runSync(
    { bc: w.bc, mailbox, store, clock: w.clock, logger: silentLogger },
    { runId: 'died', userId: USER, mode: 'delta', dryRun: false, trigger: 'pane' },
    { cancel: { isCancelled: () => answered } },
  ).catch(() => undefined);
  // Its lease runs out.
  w.clock.advance(10 * 60_000);
}

describe('entries stored ahead that no call took', () => {
  test('Outlook changed the contacts too: the run writes on entries of its own, and its end clears the others', async () => {
    const { w, ids } = await deltaReady(30);
    for (const id of ids.slice(0, 5)) w.bc.edit(id, { city: 'Edited in BC' });
    for (const id of ids.slice(0, 3))
      w.mailbox.userEdit((await w.outlookByBcId(id))!.id, { jobTitle: 'Edited in Outlook' });

    const { record } = await w.sync('delta');

    expect(record.status).toBe('succeeded');
    expect(record.counts.outlook.updated).toBe(5);
    expect(await updateEntries(w)).toEqual([]);
  });

  const THEN: [string, (w: World, outlookId: string) => void, string, number][] = [
    ['nothing else', () => undefined, 'Buyer', 0],
    // The value the entry names, typed by the user: the sides agree, nothing to decide.
    [
      'the user types BC’s value in Outlook',
      (w, o) => w.mailbox.userEdit(o, { jobTitle: 'Buyer' }),
      'Buyer',
      0,
    ],
    // Another value: a change on both sides, as without the entry (bcWins settles it, listed).
    [
      'the user types another value in Outlook',
      (w, o) => w.mailbox.userEdit(o, { jobTitle: 'Clerk' }),
      'Buyer',
      1,
    ],
  ];

  test.each(THEN)(
    'the run died before its writes, then %s: the next run decides as if no entry had been stored',
    async (_name, then, title, conflicts) => {
      const { w, ids } = await deltaReady(30);
      const id = ids[0]!;
      w.bc.edit(id, { jobTitle: 'Buyer' });
      await diedBeforeItsWrites(w);
      expect(await updateEntries(w)).toHaveLength(1);
      const copy = (await w.outlookByBcId(id))!;
      then(w, copy.id);

      const { record } = await w.sync('delta');

      expect(record.status).toBe('succeeded');
      expect((await w.outlookByBcId(id))?.jobTitle).toBe(title);
      expect((await w.bc.listAll()).find((c) => c.id === id)?.jobTitle).toBe(title);
      expect(await w.store.listConflicts(await w.scope())).toHaveLength(conflicts);
      expect(await updateEntries(w)).toEqual([]);
    },
  );
});
