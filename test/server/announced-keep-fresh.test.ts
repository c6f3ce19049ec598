/**
 * Brief keep item 1: a save announcing writes kept the holder's folder lease and create turn for the
 * write settle past it (store/announced-keep.ts), but a write it announces may go out up to
 * IN_TURN_FRESH_MS after it (a BC create's `recheck`, a Graph envelope in its turn: a save again
 * only once that passed, run.ts `inTurn`), so it could land up to 5 s after the keep ended: a
 * colleague's run could start under a dead holder's write. The keep is announcedKeepMs (lease.ts)
 * of the settle now, the one length every store derives it from.
 *
 * One table over every place a keep is derived — the memory store's fenced save, the SQL store's
 * (a holder on another machine: nothing to probe), the SQL store finding its local holder's process
 * dead (an acquire; a restart's sweep), the state API's save of a pane's record — × the folder's
 * lease and the company's create turn: a write sent IN_TURN_FRESH_MS - 1 ms after the save lands
 * while the key is still refused to anyone else, and the key is free once the keep ended. And
 * every host's wait for the turn outlasts such a keep. The named example, a run that dies after its
 * create went out that late, is crash-keeps-turn.test.ts.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  CREATE_TURN_MS,
  DEFAULT_WRITE_SETTLE_MS,
  IN_TURN_FRESH_MS,
  LEASE_TTL_MS,
  LONGEST_WRITE_TIMEOUT_MS,
  announcedKeepMs,
  createTurnKey,
  createTurnWaitMs,
  leaseKeyOf,
  userLeaseKey,
  writeSettleMs,
} from '../../src/core/lease.js';
import type { LeaseFence } from '../../src/core/state-store-port.js';
import type { LeaseHolder, SyncStateStore } from '../../src/core/ports.js';
import type { RunRecord } from '../../src/core/records.js';
import { turnOwnerOf } from '../../src/core/turn-ahead.js';
import { MemoryTurnHoldRecords } from '../../src/core/turn-hold-records.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { injectFetch } from '../../src/server/embedded/inject-fetch.js';
import { openPglite } from '../../src/store/db.js';
import type { Db } from '../../src/store/db.js';
import { markDeadRunsInterrupted } from '../../src/store/interrupted-runs.js';
import { SqlSyncStateStore } from '../../src/store/sql-state-store.js';
import { HttpSyncStateStore } from '../../src/sync-client/http-state-store.js';
import { run } from '../contracts/sync-state-store.fixtures.js';
import { buildMigratedTemplate } from '../store/pglite-template.js';
import { syncHarness } from './sync-harness.js';
import type { SyncHarness } from './sync-harness.js';

const COMPANY = 'c0ffee00-0000-0000-0000-00000000cafe';
// Every user is a member of COMPANY (the lease route asks the database for the create turn's).
const members = { query: async () => ({ rows: [{ company_id: COMPANY }] }) } as unknown as Db;
/** A host's settle other than the default: the keep follows the holder's, not a constant. */
const SETTLE = 47_000;
const DEAD_PID = 4242;
const local = { self: { host: 'machine-a', pid: 1000 }, alive: (pid: number) => pid !== DEAD_PID };
const REMOTE: LeaseHolder = { host: 'machine-b', pid: 7 };
const DEAD_HERE: LeaseHolder = { host: 'machine-a', pid: DEAD_PID };
const FOLDER = 'Business Central';

let pg: Db;
let h: SyncHarness;
beforeAll(async () => {
  pg = await openPglite({ loadDataDir: (await buildMigratedTemplate()).template });
  h = await syncHarness({
    store: new SqlSyncStateStore(pg, local, undefined, SETTLE),
    ctx: { db: members, turnHolds: new MemoryTurnHoldRecords() },
  });
});
afterAll(async () => {
  await h.close();
  await pg.close();
});

/** Where the dying holder holds its lease and saves, and where the next run asks (`store`'s keys). */
interface Place {
  /** The holder's store, and the holder it names. */
  readonly holderStore: SyncStateStore;
  readonly holder: LeaseHolder | null;
  /** The store the next run asks, and the key of the holder's `key` there. */
  readonly store: SyncStateStore;
  readonly keyThere: (userId: string, key: string) => string;
  /** What the next run's host does before it asks (a restart sweeps first). */
  readonly before?: (now: string) => Promise<void>;
}

interface Host {
  readonly name: string;
  /** The holder's write settle: a write lands within it of going out or never. */
  readonly settleMs: number;
  readonly place: (upn: string) => Promise<Place>;
}

const sqlAt = (holder: LeaseHolder, before?: Place['before']) => async (): Promise<Place> => {
  const store = new SqlSyncStateStore(pg, local, undefined, SETTLE);
  return { holderStore: store, holder, store, keyThere: (_u, k) => k, ...(before ? { before } : {}) };
};
const HOSTS: Host[] = [
  {
    name: 'memory store',
    settleMs: SETTLE,
    place: async () => {
      const store = new MemorySyncStateStore();
      return { holderStore: store, holder: REMOTE, store, keyThere: (_u, k) => k };
    },
  },
  { name: 'SQL store, holder on another machine', settleMs: SETTLE, place: sqlAt(REMOTE) },
  { name: 'SQL store, its process found dead by the acquire', settleMs: SETTLE, place: sqlAt(DEAD_HERE) },
  {
    name: 'SQL store, its process found dead by a restart’s sweep',
    settleMs: SETTLE,
    place: sqlAt(
      DEAD_HERE,
      async (now) => void (await markDeadRunsInterrupted(pg, local, now, undefined, SETTLE)),
    ),
  },
  {
    // The facade keeps a pane's lease for its own settle (state-helpers.ts paneWriteSettleMs: the
    // harness's default timeouts), whatever the pane's fence names.
    name: 'state API (the pane’s saves through the facade)',
    settleMs: DEFAULT_WRITE_SETTLE_MS,
    place: async (upn) => {
      const bearer = (await h.auth(upn)).slice('Bearer '.length);
      const holderStore = new HttpSyncStateStore({
        baseUrl: 'http://localhost/sync/v1',
        getToken: async () => bearer,
        fetch: injectFetch(h.app),
      });
      const keyThere = (userId: string, key: string) => (key === turnKey ? key : userLeaseKey(userId, key));
      return { holderStore, holder: null, store: h.store, keyThere };
    },
  },
];
const turnKey = createTurnKey(COMPANY);
const KEYS = ['folder lease', 'create turn'] as const;
const ROWS = HOSTS.flatMap((host) => KEYS.map((key) => [`${host.name} × ${key}`, host, key] as const));

let n = 0;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A holder of a new user's folder (and its company's create turn) that saves its running record
 * counting a BC create out at the clock's time, then dies. Answers the save's time (epoch ms), the
 * key asked for next (`keyThere`'s) and whether the next run takes it at a time (epoch ms).
 */
async function dyingHolder(host: Host, which: (typeof KEYS)[number]) {
  h.clock.advance(10 * 60_000);
  const upn = `keep-${++n}@contoso.com`;
  const userId = devUserKey(upn);
  const folderId = `folder-${n}`;
  const place = await host.place(upn);
  const runId = `dying-${n}`;
  const lease = leaseKeyOf(userId, FOLDER);
  const turn = { key: turnKey, owner: turnOwnerOf({ userId, folderId }) };
  const savedAt = Date.parse(h.clock.now());
  expect(
    (await place.holderStore.acquireLease(lease, runId, iso(savedAt), LEASE_TTL_MS, place.holder)).ok,
  ).toBe(true);
  const holdsTurn = await place.holderStore.acquireLease(
    turn.key,
    turn.owner,
    iso(savedAt),
    CREATE_TURN_MS,
    place.holder,
  );
  expect(holdsTurn.ok).toBe(true);
  const none = { created: 0, updated: 0, deleted: 0 };
  const record: RunRecord = {
    ...run(userId, runId, iso(savedAt)),
    folderId,
    uncertain: { bc: { ...none, created: 1 }, outlook: none },
  };
  const fence: LeaseFence = { key: lease, owner: runId, settleMs: host.settleMs, turn };
  await place.holderStore.fenced(fence).saveRun(record);
  const asked = which === 'create turn' ? turn.key : lease;
  const key = place.keyThere(userId, asked);
  let tries = 0;
  const takes = async (atMs: number): Promise<boolean> => {
    h.clock.advance(atMs - Date.parse(h.clock.now()));
    await place.before?.(iso(atMs));
    const owner = `next-${n}-${++tries}`;
    const got = await place.store.acquireLease(key, owner, iso(atMs), LEASE_TTL_MS, local.self);
    if (got.ok) await place.store.releaseLease(key, owner);
    return got.ok;
  };
  return { savedAt, takes };
}

describe('a save announcing writes keeps its keys until a write sent IN_TURN_FRESH_MS after it can land', () => {
  test.each(ROWS)('%s', async (_name, host, which) => {
    const { savedAt, takes } = await dyingHolder(host, which);
    // The write the save announced goes out as late as a send in its turn may, and lands as late
    // as it can: the key is nobody else's until then.
    const sentAt = savedAt + IN_TURN_FRESH_MS - 1;
    const landsBy = sentAt + host.settleMs;
    expect(await takes(landsBy - 1)).toBe(false);
    expect(await takes(landsBy)).toBe(false);
    // And no longer than that keep: free once it ended.
    expect(await takes(savedAt + announcedKeepMs(host.settleMs))).toBe(true);
  });
});

// Every host's waiter for the turn: the server's and the CLI's at their configured timeouts (the
// default, the longest allowed), the pane's at its own (pane-engine.ts, the defaults).
const SETTLES: [string, number][] = [
  ['the default timeouts (server, CLI, pane)', DEFAULT_WRITE_SETTLE_MS],
  ['a host’s own settle', SETTLE],
  ['the longest configurable timeouts', writeSettleMs([LONGEST_WRITE_TIMEOUT_MS])],
];
test.each(SETTLES)(
  'at %s, a creator waiting from the save outlasts the turn kept for a create sent IN_TURN_FRESH_MS - 1 after it',
  (_name, settleMs) => {
    const landsBy = IN_TURN_FRESH_MS - 1 + settleMs;
    expect(announcedKeepMs(settleMs)).toBeGreaterThan(landsBy);
    expect(createTurnWaitMs(settleMs)).toBeGreaterThan(announcedKeepMs(settleMs));
  },
);
