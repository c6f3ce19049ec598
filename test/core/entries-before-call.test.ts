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

/** An update's entry names its Outlook contact (`aheadOl`); null for any other entry. */
function aheadOlOf(key: string): string | null {
  const entry = key.startsWith('{') ? (JSON.parse(key) as { aheadOl?: unknown }) : null;
  return typeof entry?.aheadOl === 'string' ? entry.aheadOl : null;
}

/**
 * The update entries stored so far (`stored`, whole keys) and those cleared once their call
 * answered (`cleared`: with the group's links, or the run's end).
 */
function storing(
  store: SyncStateStore,
  keys: { readonly stored: Set<string>; readonly cleared: Set<string> },
  createKeys: { n: number },
): SyncStateStore {
  const noteCleared = (list: readonly string[]) =>
    list.filter((k) => aheadOlOf(k) !== null).forEach((k) => keys.cleared.add(k));
  const slowEntries = (view: SyncStateStore): SyncStateStore =>
    new Proxy(view, {
      get(t, p, r) {
        const v = Reflect.get(t, p, r) as unknown;
        if (p === 'clearPendingCreates')
          return (...args: Parameters<SyncStateStore['clearPendingCreates']>) => {
            noteCleared(args[1]);
            return (v as SyncStateStore['clearPendingCreates']).apply(t, args);
          };
        if (p !== 'addPendingCreates') return typeof v === 'function' ? (v as () => unknown).bind(t) : v;
        return async (...args: Parameters<SyncStateStore['addPendingCreates']>) => {
          await someTurns();
          await (v as SyncStateStore['addPendingCreates']).apply(t, args);
          for (const key of args[1]) {
            if (aheadOlOf(key) !== null) keys.stored.add(key);
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
      if (p === 'endRun')
        return (end: Parameters<SyncStateStore['endRun']>[0]) => {
          noteCleared(end.links?.clearPending ?? []);
          return t.endRun(end);
        };
      return typeof v === 'function' ? (v as () => unknown).bind(t) : v;
    },
  });
}

interface Noted {
  /**
   * Per update call: its items whose entry was not stored when it went out. Only whole keys count:
   * an entry stored ahead for the same contact with other values (entries-ahead.ts) does not.
   */
  readonly updatesAhead: string[][];
  /** Per create call: its items, and the create entries stored when it went out. */
  readonly creates: [number, number][];
}

async function notedRun(w: World, mode: SyncMode, runId: string): Promise<Noted> {
  const keys = { stored: new Set<string>(), cleared: new Set<string>() };
  const createKeys = { n: 0 };
  const noted: Noted = { updatesAhead: [], creates: [] };
  /** Per update call: its Outlook ids, and the entries stored as it went out. */
  const calls: [string[], Set<string>][] = [];
  const mailbox = new Proxy(w.mailbox, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop === 'update')
        return (folderId: string, items: Parameters<Mailbox['update']>[1], ...rest: unknown[]) => {
          calls.push([items.map((i) => i.id), new Set(keys.stored)]);
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
    { bc: w.bc, mailbox, store: storing(w.store, keys, createKeys), clock: w.clock, logger: silentLogger },
    { runId, userId: USER, mode, dryRun: false, trigger: 'pane' },
  );
  expect(record.status).toBe('succeeded');
  // The entry each item went out on is the one cleared once it answered (sentAheadKey); an entry
  // stored ahead that no call took is cleared with the end too, and was stored before any call.
  for (const [ids, stored] of calls) {
    const sentOn = [...keys.cleared].filter((k) => ids.includes(aheadOlOf(k) as string));
    // Every update here sends values (a BC id stamp alone has no entry: sentAheadKey).
    expect(new Set(sentOn.map(aheadOlOf))).toEqual(new Set(ids));
    noted.updatesAhead.push(sentOn.filter((k) => !stored.has(k)).map((k) => aheadOlOf(k) as string));
  }
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
  // Entries stored ahead name other values than the ones sent (entries-ahead.ts plans BC's changes
  // as if Outlook reported nothing): each call waits for its own.
  [
    'a delta: 3 contacts edited on both sides (other fields) beside 2 BC edits',
    'delta',
    (w, ids) => {
      ids.slice(0, 5).forEach((id) => w.bc.edit(id, { city: 'Edited in BC' }));
      for (const o of w.mailbox.folderContacts(w.mailbox.folderByName('Business Central')!.id))
        if (ids.slice(0, 3).includes(o.bcId)) w.mailbox.userEdit(o.id, { jobTitle: 'Edited in Outlook' });
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
