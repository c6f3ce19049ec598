import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { lastFolderIdIn, recordedFolderIn } from '../../src/core/folder.js';
import { LEASE_TTL_MS, leaseKeyOf } from '../../src/core/lease.js';
import type { SyncStateStore } from '../../src/core/ports.js';
import type { RunRecord } from '../../src/core/records.js';
import { markInterrupted } from '../../src/core/run-interrupted.js';
import { STATE_LIMITS } from '../../src/core/state-limits.js';
import { readRecentRuns, stateOriginIn } from '../../src/core/state-origin.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { stateCompanyOf } from '../../src/server/sync/state-company.js';
import { openPglite } from '../../src/store/db.js';
import type { Db } from '../../src/store/db.js';
import { SqlSyncStateStore } from '../../src/store/sql-state-store.js';
import { run as runFixture } from '../contracts/sync-state-store.fixtures.js';
import { buildMigratedTemplate } from '../store/pglite-template.js';

/*
 * Review V3: a dry run stores its record (flagged `dryRun`) so every process answers its GET,
 * events and cancel. Every reader of "the user's runs" — the state's folder and company (the
 * company pick, the state admission), the settings' folder id, the recorded folder (a folder move),
 * records left `running`, a run's opening, the stored history — reads them through listRuns (or
 * openRun, its one-statement twin), which skips a dry run's record. The table: each reader's
 * answer with dry-run records added (newest, naming another folder and company, running or
 * ended) is its answer without them, on the memory store and on SQL (PGlite).
 */
const FOLDER = 'Business Central';
const NOW = '2026-04-01T12:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(NOW) - minutes * 60_000).toISOString();

function real(userId: string): RunRecord[] {
  return [
    {
      ...runFixture(userId, 'real-1', at(60)),
      status: 'succeeded',
      finishedAt: at(59),
      folderId: 'folder-1',
      companyId: 'company-1',
      companyName: 'Cronus',
    },
    { ...runFixture(userId, 'real-2', at(30)), status: 'failed', finishedAt: at(29), folderId: 'folder-1' },
    { ...runFixture(userId, 'real-3', at(20)), status: 'running', folderId: 'folder-1' },
  ];
}
function dry(userId: string): RunRecord[] {
  const other = { folderId: 'folder-2', companyId: 'company-2', companyName: 'Other', dryRun: true };
  return [
    { ...runFixture(userId, 'dry-1', at(10)), ...other, status: 'succeeded', finishedAt: at(9) },
    { ...runFixture(userId, 'dry-2', at(5)), ...other, status: 'running' },
  ];
}

type Reader = [name: string, read: (store: SyncStateStore, userId: string) => Promise<unknown>];
let owners = 0;
const READERS: Reader[] = [
  ['listRuns (the stored history, GET /state/runs)', (s, u) => s.listRuns(u, 50)],
  ['the recent runs a run and the state routes read', (s, u) => readRecentRuns(s, u)],
  ['the state origin: folder and company', async (s, u) => stateOriginIn(await readRecentRuns(s, u))],
  ['the state company (company pick, state admission)', (s, u) => stateCompanyOf(s, u)],
  [
    'the settings folder id (lastFolderIdIn)',
    async (s, u) => lastFolderIdIn(await readRecentRuns(s, u), u, FOLDER),
  ],
  [
    'the recorded folder (a folder move)',
    async (s, u) => recordedFolderIn(await readRecentRuns(s, u), u, 'Renamed'),
  ],
  [
    'a run opening: the runs it reads with its lease',
    async (s, u) => {
      // The memory store opens a run in steps (listRuns, then the lease): its row is listRuns'.
      if (!s.openRun) return readRecentRuns(s, u);
      const owner = `opening-${++owners}`;
      const defaultKey = leaseKeyOf(u, FOLDER);
      const o = await s.openRun({ userId: u, runs: 20, owner, now: NOW, ttlMs: LEASE_TTL_MS, defaultKey });
      if (o.leaseKey !== null) await s.releaseLease(o.leaseKey, owner);
      return o.runs;
    },
  ],
  [
    'records left running: marked by the next run of the folder',
    async (s, u) => {
      const owner = `next-${++owners}`;
      await markInterrupted(s, u, owner, leaseKeyOf(u, FOLDER), NOW);
      return (await s.listRuns(u, 50)).map((r) => [r.id, r.status]);
    },
  ],
];

interface Backend {
  readonly name: string;
  open(): Promise<{ store: SyncStateStore; close: () => Promise<void> }>;
}
const backends: Backend[] = [
  { name: 'memory', open: async () => ({ store: new MemorySyncStateStore(), close: async () => undefined }) },
  {
    name: 'SQL (PGlite)',
    open: async () => {
      const db: Db = await openPglite({ loadDataDir: (await buildMigratedTemplate()).template });
      return { store: new SqlSyncStateStore(db), close: () => db.close() };
    },
  },
];

describe.each(backends)('dry-run records change no reader of the user’s runs, on $name', (backend) => {
  let store: SyncStateStore;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ store, close } = await backend.open());
  });
  afterAll(async () => close());

  let n = 0;
  test.each(READERS)('%s', async (_name, read) => {
    n += 1;
    const without = `without-${n}`;
    const withDry = `with-${n}`;
    const onlyDry = `only-dry-${n}`;
    const none = `none-${n}`;
    for (const r of real(without)) await store.saveRun(r);
    for (const r of [...real(withDry), ...dry(withDry)]) await store.saveRun(r);
    for (const r of dry(onlyDry)) await store.saveRun(r);
    const named = (v: unknown, u: string) =>
      JSON.parse(
        JSON.stringify(v ?? null)
          .split(u)
          .join('(user)'),
      ) as unknown;
    expect(named(await read(store, withDry), withDry)).toEqual(named(await read(store, without), without));
    expect(named(await read(store, onlyDry), onlyDry)).toEqual(named(await read(store, none), none));
    // The dry runs' records are kept as they were, for their GET, events and cancel.
    for (const r of dry(withDry)) expect(await store.getRun(withDry, r.id)).toEqual(r);
  });

  test('past the cap: dry runs drop their own oldest, never a run’s record', async () => {
    const u = 'capped';
    for (const r of real(u)) await store.saveRun(r);
    const extra = STATE_LIMITS.perUser.dryRuns + 5;
    for (let i = 0; i < extra; i++)
      await store.saveRun({
        ...runFixture(u, `dry-${i}`, at(10 - i / 100)),
        dryRun: true,
        status: 'succeeded',
      });
    expect((await store.listRuns(u, 50)).map((r) => r.id)).toEqual(['real-3', 'real-2', 'real-1']);
    const kept = await Promise.all([...Array(extra).keys()].map((i) => store.getRun(u, `dry-${i}`)));
    expect(kept.map((r) => r !== null)).toEqual([...Array(extra).keys()].map((i) => i >= 5));
  });
});
