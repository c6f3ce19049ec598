/**
 * Brief leasecrash item 1: a run whose host dies with no stop handler (its process killed, its
 * machine gone) left its folder lease to expire LEASE_TTL_MS (30 s) past its last heartbeat, while
 * a write it sent could land up to the write settle (65 s) after the save that announced it: a
 * run on another machine took the folder at 50 s and created the contact again. e69ef21a kept it
 * only where the holder's death is seen (a dead pid of this machine, the restart's sweep). Now the
 * save announcing the write keeps the lease itself (store/announced-keep.ts), so every host — one
 * that probes the holder, one that cannot — waits until the write can no longer land.
 *
 * One table over every store a run holds its lease in (memory, SQL) × every way its holder dies
 * (another machine, nothing to probe; its process killed here, found dead by the next acquire; a
 * restart's sweep) × with a create out or none (dead while reading: freed as before), with the
 * run itself (runSync) and time from its ManualClock, + the named example.
 * The pane's lease over HTTP keeps by its route (pane-silent-writes-out, released-take-late).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { LEASE_HEARTBEAT_MS, LEASE_TTL_MS, announcedKeepMs, leaseKeyOf } from '../../src/core/lease.js';
import { silentLogger } from '../../src/core/ports.js';
import type { LeaseHolder, SyncStateStore } from '../../src/core/ports.js';
import { runSync } from '../../src/core/run.js';
import { RunInProgressError } from '../../src/core/run-types.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { openPglite } from '../../src/store/db.js';
import type { Db } from '../../src/store/db.js';
import { markDeadRunsInterrupted } from '../../src/store/interrupted-runs.js';
import { SqlSyncStateStore } from '../../src/store/sql-state-store.js';
import { manualTicker } from '../support/manual-ticker.js';
import { USER, World, person } from '../support/world.js';
import { buildMigratedTemplate } from './pglite-template.js';

/** A write settle other than the default: the keep follows the host's, not a constant. */
const SETTLE = 47_000; // > LEASE_TTL_MS: the keep outlasts the last heartbeat's expiry
/** How long a save counting a write out keeps the folder: a write goes out up to 5 s after it. */
const KEEP = announcedKeepMs(SETTLE);
const HOST = 'machine-a';
const DEAD_PID = 4242;
/** The process that takes over: on machine A (it can probe A's pids) after A's run died. */
const local = { self: { host: HOST, pid: 1000 }, alive: (pid: number) => pid !== DEAD_PID };
/** While its write is out, the dying run's host still beats this often before it dies. */
const BEATS_BEFORE_DEATH = 2;

let db: Db;
beforeAll(async () => {
  db = await openPglite({ loadDataDir: (await buildMigratedTemplate()).template });
});
afterAll(async () => db.close());

type StoreKind = 'memory' | 'sql';
const stores: Record<StoreKind, () => SyncStateStore> = {
  memory: () => new MemorySyncStateStore(),
  sql: () => new SqlSyncStateStore(db, local, undefined, SETTLE),
};

interface Death {
  readonly name: string;
  readonly stores: readonly StoreKind[];
  /** The dying run's holder. */
  readonly holder: LeaseHolder;
  /** Whether its death is seen (a dead pid here): then a lease with nothing out is free at once. */
  readonly seen: boolean;
  /** What the next run's host does before it asks for the folder (a restart sweeps first). */
  readonly before?: (now: string) => Promise<void>;
}
const DEATHS: Death[] = [
  {
    name: 'another machine (nothing to probe)',
    stores: ['memory', 'sql'],
    holder: { host: 'machine-b', pid: 7 },
    seen: false,
  },
  {
    name: 'its process killed on this machine',
    stores: ['sql'],
    holder: { host: HOST, pid: DEAD_PID },
    seen: true,
  },
  {
    name: 'a restart (the sweep finds it dead)',
    stores: ['sql'],
    holder: { host: HOST, pid: DEAD_PID },
    seen: true,
    before: async (now) => void (await markDeadRunsInterrupted(db, local, now, undefined, SETTLE)),
  },
];

/** A port whose first call of `method` never answers: the host died while it was out. */
function dyingAt<T extends object>(port: T, method: string): { port: T; entered: Promise<void> } {
  let enter!: () => void;
  const entered = new Promise<void>((r) => (enter = r));
  let first = true;
  const proxied = new Proxy(port, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (property !== method || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (!first) return (value as (...a: unknown[]) => unknown).apply(target, args);
        first = false;
        enter();
        return new Promise(() => undefined);
      };
    },
  });
  return { port: proxied, entered };
}

let n = 0;
/**
 * A run of the user's folder on `holder`'s host that dies with an Outlook create out (`writeOut`)
 * or while reading BC: its host beats BEATS_BEFORE_DEATH times more, then nothing. Answers when
 * the last heartbeat (epoch ms) was: a save of the record, counting the create out while it is.
 */
async function runThatDies(w: World, store: SyncStateStore, holder: LeaseHolder, writeOut: boolean) {
  for (let i = 1; i <= 3; i++) w.bc.seed(person(i));
  const mailbox = writeOut ? dyingAt(w.mailbox, 'create') : { port: w.mailbox, entered: null };
  const bc = writeOut ? { port: w.bc, entered: null } : dyingAt(w.bc, 'listAll');
  const { ticker, fire } = manualTicker();
  void runSync(
    {
      bc: bc.port,
      mailbox: mailbox.port,
      store,
      clock: w.clock,
      logger: silentLogger,
      ticker,
      holder,
      writeSettleMs: SETTLE,
    },
    { runId: `dying-${++n}`, userId: USER, mode: 'full', dryRun: false, trigger: 'schedule' },
  );
  await (mailbox.entered ?? bc.entered);
  for (let b = 0; b < BEATS_BEFORE_DEATH; b++) {
    w.clock.advance(LEASE_HEARTBEAT_MS);
    await fire();
  }
  return { lastBeatAt: Date.parse(w.clock.now()) };
}

/** Whether the next run's host (this machine's process) takes the folder at `atMs`. */
async function takes(w: World, store: SyncStateStore, death: Death, atMs: number): Promise<boolean> {
  w.clock.advance(atMs - Date.parse(w.clock.now()));
  await death.before?.(w.clock.now());
  const owner = `next-${n}-${atMs}`;
  const got = await store.acquireLease(
    leaseKeyOf(USER, 'Business Central'),
    owner,
    w.clock.now(),
    LEASE_TTL_MS,
    local.self,
  );
  if (got.ok) await store.releaseLease(leaseKeyOf(USER, 'Business Central'), owner);
  return got.ok;
}

const ROWS = DEATHS.flatMap((d) =>
  d.stores.flatMap((s) =>
    ([true, false] as const).map(
      (out) => [`${s} × ${d.name} × ${out ? 'a create out' : 'no write out'}`, s, d, out] as const,
    ),
  ),
);

describe('a run that dies keeps its folder as long as its writes can still land', () => {
  test.each(ROWS)('%s', async (_name, kind, death, writeOut) => {
    const w = new World();
    const store = stores[kind]();
    const { lastBeatAt } = await runThatDies(w, store, death.holder, writeOut);
    if (writeOut) {
      // Past the last heartbeat's TTL the create may still land: kept to the last save that
      // counted it out (the heartbeat's checkpoint) + its keep (the settle, and the 5 s a write
      // may go out after a save).
      expect(await takes(w, store, death, lastBeatAt + KEEP - 1)).toBe(false);
      expect(await takes(w, store, death, lastBeatAt + KEEP)).toBe(true);
    } else if (death.seen) {
      expect(await takes(w, store, death, lastBeatAt + 1)).toBe(true);
    } else {
      // Nothing to probe, nothing out: the heartbeat's TTL, as before.
      expect(await takes(w, store, death, lastBeatAt + LEASE_TTL_MS - 1)).toBe(false);
      expect(await takes(w, store, death, lastBeatAt + LEASE_TTL_MS)).toBe(true);
    }
  });

  test('the named example: machine A dies with an Outlook create out; machine B’s scheduled run makes no second copy', async () => {
    const w = new World();
    const store = stores.sql();
    let land!: () => void;
    const landed = new Promise<void>((r) => (land = r));
    // A's create reaches Graph and lands late; A itself never hears of it again (it died).
    let first = true;
    const late = new Proxy(w.mailbox, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property, target);
        if (property !== 'create' || typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          if (!first) return (value as (...a: unknown[]) => unknown).apply(target, args);
          first = false;
          await landed;
          await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          return new Promise(() => undefined);
        };
      },
    });
    for (let i = 1; i <= 3; i++) w.bc.seed(person(i));
    const { ticker, fire } = manualTicker();
    const machineA = { host: 'machine-a-gone', pid: 7 };
    void runSync(
      {
        bc: w.bc,
        mailbox: late,
        store,
        clock: w.clock,
        logger: silentLogger,
        ticker,
        holder: machineA,
        writeSettleMs: SETTLE,
      },
      { runId: 'run-a', userId: USER, mode: 'full', dryRun: false, trigger: 'schedule' },
    );
    while (first) await new Promise((r) => setImmediate(r));
    for (let b = 0; b < BEATS_BEFORE_DEATH; b++) {
      w.clock.advance(LEASE_HEARTBEAT_MS);
      await fire();
    }
    const lastBeatAt = Date.parse(w.clock.now());
    const runB = (runId: string) =>
      runSync(
        {
          bc: w.bc,
          mailbox: w.mailbox,
          store,
          clock: w.clock,
          logger: silentLogger,
          holder: local.self,
          writeSettleMs: SETTLE,
        },
        { runId, userId: USER, mode: 'full', dryRun: false, trigger: 'schedule' },
      );
    // B's scheduler past A's last heartbeat's TTL: refused while A's create may land.
    w.clock.advance(LEASE_TTL_MS);
    await expect(runB('run-b1')).rejects.toBeInstanceOf(RunInProgressError);
    // The create lands, before the settle's end.
    land();
    await new Promise((r) => setImmediate(r));
    w.clock.advance(lastBeatAt + KEEP - Date.parse(w.clock.now()));
    expect((await runB('run-b2')).record.status).toBe('succeeded');
    const copies = w.mailbox.folderContacts(w.mailbox.folderByName('Business Central')!.id);
    expect(copies.map((c) => c.emailAddresses[0]?.address).sort()).toStrictEqual(
      [1, 2, 3].map((i) => person(i).email).sort(),
    );
  });
});
