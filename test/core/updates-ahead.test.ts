/**
 * Issue 12 (delta-bc-1pct): the Outlook updates of a delta's BC changes are counted as uncertain
 * (F114) and saved while Graph still reads the folder's changes (core/updates-ahead.ts), so no
 * store round trip sits between Graph's answer and the first write. What that must keep: every
 * update call goes out only once a saved record counts its items (F114), a run's end counts none
 * that did not go out (F126), a save that failed or was refused sends nothing on its count, and
 * the cancel's check before the call (review V10, within IN_TURN_FRESH_MS as every write checked
 * in its turn: README "Cancelling a run").
 */
import { describe, expect, test } from '@jest/globals';
import { IN_TURN_FRESH_MS } from '../../src/core/lease.js';
import type { Mailbox } from '../../src/core/ports.js';
import { silentLogger } from '../../src/core/ports.js';
import type { RunRecord } from '../../src/core/records.js';
import { runSync } from '../../src/core/run.js';
import { aroundFencedSaves } from '../support/noting-saves.js';
import { measuredRun } from '../support/round-trips.js';
import { USER, deltaReady, person } from '../support/world.js';
import type { World } from '../support/world.js';

/** Graph answers three rounds after a call (a Graph round trip against loopback BC and store calls). */
const GRAPH_ROUNDS = { outlook: 3 };

type Arrange = (w: World, ids: readonly string[]) => Promise<void> | void;
const editBc =
  (ids: readonly string[], n: number, from = 0) =>
  (w: World) => {
    for (const id of ids.slice(from, from + n)) w.bc.edit(id, { jobTitle: 'Edited in BC' });
  };

/** Deltas whose plans send Outlook updates of BC's changes: [name, change, Outlook updates made]. */
const UPDATING: [string, Arrange, number][] = [
  ['10 BC contacts edited', (w, ids) => editBc(ids, 10)(w), 10],
  [
    'BC edits beside Outlook edits of other contacts (BC updates too)',
    async (w, ids) => {
      editBc(ids, 4)(w);
      for (const o of (await w.outlook()).filter((c) => !ids.slice(0, 4).includes(c.bcId)).slice(0, 3))
        w.mailbox.userEdit(o.id, { jobTitle: 'Edited in Outlook' });
    },
    4,
  ],
  [
    'the same contacts edited on both sides (other fields)',
    async (w, ids) => {
      for (const id of ids.slice(0, 3)) {
        w.bc.edit(id, { city: 'Edited in BC' });
        w.mailbox.userEdit((await w.outlookByBcId(id))!.id, { jobTitle: 'Edited in Outlook' });
      }
    },
    3,
  ],
  [
    'BC edits beside BC creates and a delete (other kinds announced as before)',
    (w, ids) => {
      editBc(ids, 2)(w);
      w.bc.seed(person(101));
      w.bc.seed(person(102));
      w.bc.remove(ids[5]!);
    },
    2,
  ],
  ['an update found stale is re-planned and sent again', (w, ids) => editBc(ids, 3)(w), 3],
];

/** Runs a delta of `w` with each Outlook update call noted with the last saved record's count. */
async function notedDelta(
  w: World,
  runId: string,
  options: {
    /** Before the first update call goes (a user edit that makes it stale). */
    readonly beforeFirstUpdate?: () => void;
    /** Around the record's saves: return false to refuse one (it throws). */
    readonly save?: (record: RunRecord) => boolean;
  } = {},
) {
  let saved: RunRecord | null = null;
  const store = aroundFencedSaves(w.store, async (record, _commit, send) => {
    if (options.save && !options.save(record)) throw new Error('the store is unreachable');
    await send();
    saved = record;
  });
  /** Each update call: its items, and the uncertain updates the record saved last counted. */
  const calls: [number, number][] = [];
  const mailbox = new Proxy(w.mailbox, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop === 'update')
        return (folderId: string, items: Parameters<Mailbox['update']>[1], ...rest: unknown[]) => {
          if (calls.length === 0) options.beforeFirstUpdate?.();
          calls.push([items.length, (saved as RunRecord | null)?.uncertain?.outlook.updated ?? 0]);
          return (value as (...a: unknown[]) => unknown).call(target, folderId, items, ...rest);
        };
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  w.clock.advance(60_000);
  const { record } = await runSync(
    { bc: w.bc, mailbox, store, clock: w.clock, logger: silentLogger },
    { runId, userId: USER, mode: 'delta', dryRun: false, trigger: 'pane' },
  );
  return { record, calls };
}

let runs = 0;

describe("the Outlook updates of a delta's BC changes: counted while Graph reads", () => {
  test('10 BC edits: the updates go out after Graph answers and their entries are stored, no record save between', async () => {
    const { w, ids } = await deltaReady(30);
    editBc(ids, 10)(w);

    const { result, rounds } = await measuredRun(w, 'delta', `ahead-${++runs}`, GRAPH_ROUNDS);

    expect(result.record.status).toBe('succeeded');
    expect(result.record.counts.outlook.updated).toBe(10);
    const read = rounds.findIndex((r) => r.includes('outlook.folderWithChanges'));
    const update = rounds.findIndex((r) => r.includes('outlook.update'));
    // Was read + 4: the record's save announcing them in the round after Graph's answer. Then read
    // + 3, the call going out beside its pending entries (sent-ahead.ts) before they were stored;
    // then read + 4, waiting for them after the plan (entries-before-call.test.ts). Now read + 3
    // again: they are stored while Graph reads (entries-ahead.ts), and the call goes in the round
    // after Graph's answer, their save answered long before.
    expect(update).toBe(read + GRAPH_ROUNDS.outlook);
    const entries = rounds.findIndex((r) => r.includes('store.addPendingCreates'));
    expect(entries).toBeGreaterThan(read);
    expect(entries).toBeLessThan(read + GRAPH_ROUNDS.outlook);
    const saves = rounds.slice(read, update).flat();
    expect(saves.filter((c) => c === 'store.saveRun')).toHaveLength(2);
  });

  test.each(UPDATING)(
    '%s: each update call goes once a saved record counts its items (F114), none counted at the end (F126)',
    async (name, arrange, updated) => {
      const { w, ids } = await deltaReady(30);
      await arrange(w, ids);
      const stale = name.includes('stale');
      const { record, calls } = await notedDelta(w, `ahead-${++runs}`, {
        beforeFirstUpdate: stale
          ? () => {
              const first = w.mailbox.folderContacts(w.mailbox.folderByName('Business Central')!.id);
              const o = first.find((c) => c.bcId === ids[0]);
              w.mailbox.userEdit(o!.id, { mobilePhone: '+46 70 000 00 00' });
            }
          : undefined,
      });

      expect(record.status).toBe('succeeded');
      expect(record.counts.outlook.updated).toBe(updated);
      expect(calls.length).toBeGreaterThanOrEqual(stale ? 2 : 1);
      for (const [items, counted] of calls)
        expect({ items, counted: counted >= items }).toEqual({ items, counted: true });
      expect(record.uncertain).toBeUndefined();
    },
  );
});

/** Ends with no Outlook update sent, or some not sent: [name, change, what the run does]. */
const ENDINGS: [string, Arrange, (w: World) => Promise<RunRecord>][] = [
  [
    'BC changes Outlook holds nothing of',
    (w, ids) => {
      for (const id of ids.slice(0, 4)) w.bc.edit(id, { territoryCode: 'NORTH' });
    },
    async (w) => (await w.sync('delta')).record,
  ],
  ['a dry run', (w, ids) => editBc(ids, 4)(w), async (w) => (await w.sync('delta', { dryRun: true })).record],
  [
    'a run held by the mass-delete guard',
    (w, ids) => {
      editBc(ids, 4)(w);
      for (const id of ids.slice(10, 20)) w.bc.remove(id);
    },
    async (w) => (await w.sync('delta')).record,
  ],
  [
    'a run cancelled while it plans',
    (w, ids) => editBc(ids, 4)(w),
    async (w) => {
      let cancelled = false;
      const hooks = {
        cancel: { isCancelled: () => cancelled },
        onProgress: (e: { phase: string }) => {
          if (e.phase === 'planning') cancelled = true;
        },
      };
      return (await w.sync('delta', { hooks })).record;
    },
  ],
  [
    "a run whose Graph read fails after BC's changes were counted",
    (w, ids) => {
      editBc(ids, 4)(w);
      w.mailbox.folderWithChanges = async () => {
        // BC's read and its links answer first.
        for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
        throw new Error('Graph is unreachable');
      };
    },
    async (w) => {
      await w.sync('delta').catch(() => undefined);
      return (await w.store.listRuns(USER, 1))[0]!;
    },
  ],
];

describe('updates counted ahead that never go out stop counting (F126)', () => {
  test.each(ENDINGS)('%s: the record ends with none uncertain', async (_name, arrange, run) => {
    const { w, ids } = await deltaReady(30);
    await arrange(w, ids);
    const record = await run(w);
    expect(record.status).not.toBe('running');
    expect(record.counts.outlook.updated).toBe(0);
    expect(record.uncertain?.outlook.updated ?? 0).toBe(0);
    const stored = await w.store.getRun(USER, record.id);
    expect(stored?.status).toBe(record.status);
    expect(stored?.uncertain?.outlook.updated ?? 0).toBe(0);
  });
});

describe("the count's save failed or was refused", () => {
  test('the save counting them ahead fails: the update call is announced by a save of its own', async () => {
    const { w, ids } = await deltaReady(30);
    editBc(ids, 5)(w);
    let refused = 0;
    const { record, calls } = await notedDelta(w, `ahead-${++runs}`, {
      // The first save that counts them (the one made while Graph reads) does not land.
      save: (r) => !(refused === 0 && (r.uncertain?.outlook.updated ?? 0) > 0 && ++refused > 0),
    });
    expect(refused).toBe(1);
    expect(record.status).toBe('succeeded');
    expect(calls).toEqual([[5, 5]]);
  });

  test('a cancel marked at another process before it: refused, and no update goes', async () => {
    const { w, ids } = await deltaReady(30);
    editBc(ids, 5)(w);
    const runId = `ahead-${++runs}`;
    const { record, calls } = await notedDelta(w, runId, {
      save: (r) => {
        if ((r.uncertain?.outlook.updated ?? 0) > 0) w.store.requestCancel(USER, runId);
        return true;
      },
    });
    expect(calls).toEqual([]);
    expect(record.status).toBe('cancelled');
    expect(record.uncertain?.outlook.updated ?? 0).toBe(0);
  });
});

describe("the cancel's check before the call: a save again once IN_TURN_FRESH_MS passed", () => {
  /** A delta whose Graph read is held `heldMs` after BC's changes were counted and saved, then the cancel marked elsewhere. */
  async function cancelledWhileGraphReads(heldMs: number) {
    const { w, ids } = await deltaReady(30);
    editBc(ids, 5)(w);
    const runId = `ahead-${++runs}`;
    let counted = false;
    const store = aroundFencedSaves(w.store, async (record, _commit, send) => {
      await send();
      if ((record.uncertain?.outlook.updated ?? 0) > 0) counted = true;
    });
    const read = w.mailbox.folderWithChanges.bind(w.mailbox);
    w.mailbox.folderWithChanges = async (...args) => {
      // BC's read, the links of what it reports and the save counting them answer meanwhile.
      for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
      expect(counted).toBe(true);
      w.clock.advance(heldMs);
      expect(w.store.requestCancel(USER, runId)).toBe('marked');
      return read(...args);
    };
    const updates: number[] = [];
    const update = w.mailbox.update.bind(w.mailbox);
    w.mailbox.update = async (folderId, items) => {
      updates.push(items.length);
      return update(folderId, items);
    };
    w.clock.advance(60_000);
    const { record } = await runSync(
      { bc: w.bc, mailbox: w.mailbox, store, clock: w.clock, logger: silentLogger },
      { runId, userId: USER, mode: 'delta', dryRun: false, trigger: 'pane' },
    );
    return { record, updates };
  }

  test('marked while Graph reads, IN_TURN_FRESH_MS after the count was saved: no update goes', async () => {
    const { record, updates } = await cancelledWhileGraphReads(IN_TURN_FRESH_MS);
    expect(updates).toEqual([]);
    expect(record.status).toBe('cancelled');
  });

  test('within the bound: marked sooner than IN_TURN_FRESH_MS after that save, the call goes on the lease check', async () => {
    const { record, updates } = await cancelledWhileGraphReads(0);
    // The run's last write: it ends as it would, the cancel too late (README "Cancelling a run").
    expect(updates).toEqual([5]);
    expect(record.status).toBe('succeeded');
  });
});
