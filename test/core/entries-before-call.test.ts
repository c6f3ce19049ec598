/**
 * An Outlook write goes out only once the store holds what must precede it (executor-outlook.ts
 * `toFolder`'s `saved`): an update's pending entry (sent-ahead.ts: a lost answer's values would
 * read next run as a user's edit, soak F3), a create's pending-create record. `sending` checks a
 * call whose items were all counted ahead (the updates of a delta's BC changes, updates-ahead.ts)
 * with the cancel's `recheck`, not the announce: before, only the announce waited for `saved`,
 * so a delta's updates of BC's changes went out while their entries were still being stored.
 *
 * Here the store answers each write of entries only some turns of the event loop later, and the
 * mailbox notes, at each write call, whether the entries its items need had been stored by then.
 */
import { describe, expect, test } from '@jest/globals';
import type { Mailbox, SyncStateStore } from '../../src/core/ports.js';
import { silentLogger } from '../../src/core/ports.js';
import type { SyncMode } from '../../src/core/records.js';
import { runSync } from '../../src/core/run.js';
import { USER, deltaReady, person } from '../support/world.js';
import type { World } from '../support/world.js';

/** Lets other work of the run go on meanwhile: the answer of a store on another machine. */
async function someTurns(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** The Outlook ids the pending entries stored so far name (an update's entry: `aheadOl`). */
function storing(store: SyncStateStore, stored: Set<string>, createKeys: { n: number }): SyncStateStore {
  const slowEntries = (view: SyncStateStore): SyncStateStore =>
    new Proxy(view, {
      get(t, p, r) {
        const v = Reflect.get(t, p, r) as unknown;
        if (p !== 'addPendingCreates') return typeof v === 'function' ? (v as () => unknown).bind(t) : v;
        return async (...args: Parameters<SyncStateStore['addPendingCreates']>) => {
          await someTurns();
          await (v as SyncStateStore['addPendingCreates']).apply(t, args);
          for (const key of args[1]) {
            const entry = key.startsWith('{') ? (JSON.parse(key) as { aheadOl?: unknown }) : null;
            if (typeof entry?.aheadOl === 'string') stored.add(entry.aheadOl);
            else createKeys.n++;
          }
        };
      },
    });
  return new Proxy(store, {
    get(t, p, r) {
      const v = Reflect.get(t, p, r) as unknown;
      if (p === 'fenced')
        return (fence: Parameters<SyncStateStore['fenced']>[0]) => slowEntries(t.fenced(fence));
      return typeof v === 'function' ? (v as () => unknown).bind(t) : v;
    },
  });
}

interface Noted {
  /** Per update call: its items whose entry was not stored when it went out. */
  readonly updatesAhead: string[][];
  /** Per create call: its items, and the create entries stored when it went out. */
  readonly creates: [number, number][];
}

async function notedRun(w: World, mode: SyncMode, runId: string): Promise<Noted> {
  const stored = new Set<string>();
  const createKeys = { n: 0 };
  const noted: Noted = { updatesAhead: [], creates: [] };
  const mailbox = new Proxy(w.mailbox, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop === 'update')
        return (folderId: string, items: Parameters<Mailbox['update']>[1], ...rest: unknown[]) => {
          // Only a patch of values has an entry (a BC id stamp alone sends none: sentAheadKey).
          noted.updatesAhead.push(items.filter((i) => !stored.has(i.id)).map((i) => i.id));
          return (value as (...a: unknown[]) => unknown).call(target, folderId, items, ...rest);
        };
      if (prop === 'create')
        return (folderId: string, drafts: Parameters<Mailbox['create']>[1], ...rest: unknown[]) => {
          noted.creates.push([drafts.length, createKeys.n]);
          return (value as (...a: unknown[]) => unknown).call(target, folderId, drafts, ...rest);
        };
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  w.clock.advance(60_000);
  const { record } = await runSync(
    { bc: w.bc, mailbox, store: storing(w.store, stored, createKeys), clock: w.clock, logger: silentLogger },
    { runId, userId: USER, mode, dryRun: false, trigger: 'pane' },
  );
  expect(record.status).toBe('succeeded');
  return noted;
}

/** [name, mode, change]: runs whose Outlook writes have entries stored before them. */
const PLACES: [string, SyncMode, (w: World, ids: readonly string[]) => void][] = [
  // The example: every update counted ahead while Graph read (updates-ahead.ts).
  [
    'a delta: 10 BC contacts edited',
    'delta',
    (w, ids) => ids.slice(0, 10).forEach((id) => w.bc.edit(id, { jobTitle: 'Edited in BC' })),
  ],
  [
    'a delta: 3 BC edits beside 2 new BC contacts',
    'delta',
    (w, ids) => {
      ids.slice(0, 3).forEach((id) => w.bc.edit(id, { city: 'Edited in BC' }));
      w.bc.seed(person(101));
      w.bc.seed(person(102));
    },
  ],
  // Nothing counted ahead in a full sync: its updates took the announce, which waited already.
  [
    'a full sync: 4 BC contacts edited',
    'full',
    (w, ids) => ids.slice(0, 4).forEach((id) => w.bc.edit(id, { jobTitle: 'Edited in BC' })),
  ],
];

let runs = 0;

describe('an Outlook write goes out once its entries are stored', () => {
  test.each(PLACES)('%s', async (_name, mode, change) => {
    const { w, ids } = await deltaReady(30);
    change(w, ids);

    const noted = await notedRun(w, mode, `entries-${++runs}`);

    expect(noted.updatesAhead.length).toBeGreaterThan(0);
    expect(noted.updatesAhead).toEqual(noted.updatesAhead.map(() => []));
    for (const [items, storedKeys] of noted.creates) expect(storedKeys).toBeGreaterThanOrEqual(items);
  });
});
