/**
 * Issue 12 (delta-bc-1pct at 1,000): a delta run's first record save goes out while the sides are
 * read, and the planner waited for its answer (a flushed commit: 18-27 ms under load) after the
 * reads had answered. The plan is made while that save is out; nothing the plan says is written or
 * recorded before it answered: no BC or Outlook write, no store write but the save itself. For
 * either kind of store (with `openRun`, whose lease reaches the disk with that save, and without),
 * and for BC's changes and Outlook's (edits and new contacts alike).
 */
import { describe, expect, test } from '@jest/globals';
import { HELD_WRITES } from '../../src/core/lease-keeper.js';
import { silentLogger } from '../../src/core/ports.js';
import type { SyncStateStore } from '../../src/core/ports.js';
import { runSync } from '../../src/core/run.js';
import { USER, World, deltaReady, editedAndNewInOutlook } from '../support/world.js';

/**
 * Store methods that write nothing of a plan: reads, and the leases (the create turn's line is
 * walked while the sides are read, as before; the run's own lease is taken with its opening).
 */
const STORE_READS = /^(get|list|find|page|count|read|openRun$|acquireLease$|renewLease$|releaseLease$)/;

type Change = (w: World, bcIds: readonly string[]) => Promise<void>;
const changes: [string, Change][] = [
  [
    '10 BC contacts edited',
    async (w, bcIds) => {
      for (const id of bcIds.slice(0, 10)) w.bc.edit(id, { jobTitle: 'Edited in BC' });
    },
  ],
  ['5 Outlook contacts edited, 5 new', (w) => editedAndNewInOutlook(w)],
];

const cases = [false, true].flatMap((opensRuns) =>
  changes.map(
    ([name, change]) =>
      [opensRuns ? 'openRun store' : 'store without openRun', name, opensRuns, change] as const,
  ),
);

/** One turn of the event loop: whatever the in-memory ports queued runs (no time passes). */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The world's ports for one run, its first record save held until `release`; `log` says, in order,
 * when that save went out and answered, each progress phase, and every BC, Outlook and store write.
 */
function watched(w: World) {
  const log: string[] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let saves = 0;
  const logging = <T extends object>(port: T, side: string, writes: (name: string) => boolean): T =>
    new Proxy(port, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function' || typeof prop !== 'string') return value;
        const call = (...a: unknown[]) => (value as (...x: unknown[]) => unknown).apply(target, a);
        if (side === 'store' && prop === 'fenced')
          return (...a: unknown[]) => logging(call(...a) as SyncStateStore, side, writes);
        if (side === 'store' && prop === 'saveRun')
          return async (...a: unknown[]) => {
            if (saves++ > 0) return call(...a);
            log.push('first save out');
            await gate;
            await call(...a);
            log.push('first save answered');
          };
        if (!writes(prop)) return call;
        return (...a: unknown[]) => {
          log.push(`${side}.${prop}`);
          return call(...a);
        };
      },
    });
  const ports = {
    bc: logging(w.bc, 'bc', (n) => (HELD_WRITES.bc as readonly string[]).includes(n)),
    mailbox: logging(w.mailbox, 'outlook', (n) => (HELD_WRITES.mailbox as readonly string[]).includes(n)),
    store: logging(w.store as SyncStateStore, 'store', (n) => !STORE_READS.test(n)),
  };
  return { ports, log, release };
}

describe('a delta run plans while its first record save is out, and writes nothing before it answered', () => {
  test.each(cases)('%s, %s', async (_store, _name, opensRuns, change) => {
    const { w, ids } = await deltaReady(20, new World({ opensRuns }));
    await change(w, ids);
    let planned: () => void = () => undefined;
    const planning = new Promise<void>((resolve) => (planned = resolve));

    const { ports, log, release } = watched(w);
    w.clock.advance(60_000);
    const running = runSync(
      { ...ports, clock: w.clock, logger: silentLogger },
      { runId: 'held-save', userId: USER, mode: 'delta', dryRun: false, trigger: 'pane' },
      {
        onProgress: (e) => {
          if (e.phase === 'planning' && e.done === e.total) planned();
          if (log.at(-1) !== `progress ${e.phase}`) log.push(`progress ${e.phase}`);
        },
      },
    );
    running.catch(() => undefined);
    // The plan is made while the save is out (without the change it waits for the save: no plan).
    let state = 'waiting';
    void planning.then(() => (state = 'planned'));
    void running.then(() => (state = 'ended'));
    for (let turn = 0; turn < 500 && state === 'waiting'; turn++) await nextTurn();
    expect([state, log.includes('first save answered')]).toStrictEqual(['planned', false]);
    release();
    const { record } = await running;

    expect(record.status).toBe('succeeded');
    expect(record.counts.bc.updated + record.counts.outlook.updated).toBeGreaterThan(0);
    // Every write after the save answered, and the plan before it.
    const answered = log.indexOf('first save answered');
    const writes = log.flatMap((entry, i) => (/^(bc|outlook|store)\./.test(entry) ? [i] : []));
    expect(writes.length).toBeGreaterThan(0);
    expect(Math.min(...writes)).toBeGreaterThan(answered);
    expect(log.indexOf('progress planning')).toBeLessThan(answered);
  });
});
