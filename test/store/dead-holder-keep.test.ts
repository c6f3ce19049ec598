import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { announcedKeepMs, leaseKeyOf } from '../../src/core/lease.js';
import type { RunRecord } from '../../src/core/records.js';
import { openPglite } from '../../src/store/db.js';
import type { Db } from '../../src/store/db.js';
import { markDeadRunsInterrupted } from '../../src/store/interrupted-runs.js';
import { SqlSyncStateStore } from '../../src/store/sql-state-store.js';
import { buildMigratedTemplate } from './pglite-template.js';
import { run as runFixture } from '../contracts/sync-state-store.fixtures.js';

// Audit 1: a lease whose holder is a dead process of this machine is freed early by two paths —
// the sweep (run-reaper.ts, at start-up and every heartbeat) and an acquire that finds the holder
// dead (sql-leases.ts). (This process's own ended runs are its RunManager's: endedHere waits for
// keptUntilMs, stop-keeps-lease.) Neither may free it before its writes can no more land
// (dead-holder-keep.ts): a stop's keep (the run ended, its row kept to its expiry) and a crash
// mid-write (the last checkpoint counts unanswered writes: until it + announcedKeepMs of the
// settle). A crash between writes and an expired keep are freed at once, as before. Every path × every case, on PGlite.
const HOST = 'build-7/boot-a';
const OLD = 4242; // the stopped or crashed process: dead after the restart
const NEW = 1000; // the restarted process
const local = { self: { host: HOST, pid: NEW }, alive: (pid: number) => pid !== OLD };
const SETTLE = 65_000;
/** A crash's keep past its last checkpoint (a write goes out up to IN_TURN_FRESH_MS after it). */
const KEEP = announcedKeepMs(SETTLE);
const T0 = Date.parse('2026-02-01T09:00:00.000Z');
const at = (ms: number): string => new Date(T0 + ms).toISOString();
/** The restart: 3 s after the stop or crash. */
const NOW = 3_000;

interface Case {
  readonly name: string;
  readonly status: RunRecord['status'];
  /** The lease row's expiry (ms after T0) as the old process left it. */
  readonly expiresMs: number;
  /** Unanswered writes in the record, and its last save (ms after T0: startedAt T0 + durationMs). */
  readonly uncertain: number;
  readonly savedMs: number;
  /** Until when it must stay (ms after T0), or null: freed at NOW. */
  readonly keptUntilMs: number | null;
}
const CASES: Case[] = [
  // cancelkeep a841f5d5: the end stored with keepMs, its row kept to end + settle.
  {
    name: 'a stop with a create in flight (kept)',
    status: 'cancelled',
    expiresMs: SETTLE,
    uncertain: 1,
    savedMs: 0,
    keptUntilMs: SETTLE,
  },
  {
    name: 'a crash mid-write (kept to checkpoint + settle + the 5 s a write may go after it)',
    status: 'running',
    expiresMs: 28_000,
    uncertain: 2,
    savedMs: -2_000,
    keptUntilMs: KEEP - 2_000,
  },
  {
    name: 'an ended run’s row left with nothing unanswered (not kept)',
    status: 'succeeded',
    expiresMs: 28_000,
    uncertain: 0,
    savedMs: 0,
    keptUntilMs: null,
  },
  {
    name: 'a crash between writes (not kept)',
    status: 'running',
    expiresMs: 28_000,
    uncertain: 0,
    savedMs: -2_000,
    keptUntilMs: null,
  },
  {
    name: 'a crash mid-write whose keep has passed (not kept)',
    status: 'running',
    expiresMs: 28_000,
    uncertain: 1,
    savedMs: NOW - KEEP - 1,
    keptUntilMs: null,
  },
];

interface Path {
  readonly name: string;
  /** Frees the lease if it may: whether the key is free after, else until when it is held. */
  free(
    db: Db,
    store: SqlSyncStateStore,
    key: string,
    nowMs: number,
  ): Promise<{ free: boolean; until?: string }>;
}
async function leaseLeft(db: Db, key: string): Promise<{ free: boolean; until?: string }> {
  const rows = await db.query<{ expires_at: Date | string }>(
    'SELECT expires_at FROM sync_leases WHERE key = $1',
    [key],
  );
  const row = rows.rows[0];
  return row ? { free: false, until: new Date(row.expires_at).toISOString() } : { free: true };
}
const PATHS: Path[] = [
  {
    name: 'the sweep at start-up',
    free: async (db, _store, key, nowMs) => {
      await markDeadRunsInterrupted(db, local, at(nowMs), undefined, SETTLE);
      return leaseLeft(db, key);
    },
  },
  {
    name: 'an acquire by the next run',
    free: async (_db, store, key, nowMs) => {
      const got = await store.acquireLease(key, `next-${nowMs}`, at(nowMs), 30_000, local.self);
      if (got.ok) {
        await store.releaseLease(key, `next-${nowMs}`);
        return { free: true };
      }
      return { free: false, until: got.heldBy.expiresAt };
    },
  },
];

const ROWS = PATHS.flatMap((p) => CASES.map((c) => [`${p.name} × ${c.name}`, p, c] as const));

describe('a dead holder’s lease is kept until its writes can no more land', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openPglite({ loadDataDir: (await buildMigratedTemplate()).template });
  });
  afterAll(async () => db.close());

  let n = 0;
  test.each(ROWS)('%s', async (_name, path, c) => {
    const user = `user-${++n}`;
    const id = `run-${n}`;
    const key = leaseKeyOf(user, 'Business Central');
    const store = new SqlSyncStateStore(db, local, undefined, SETTLE);
    expect(await store.acquireLease(key, id, at(0), 30_000, { host: HOST, pid: OLD })).toEqual({ ok: true });
    await db.query('UPDATE sync_leases SET expires_at = $2::timestamptz WHERE key = $1', [
      key,
      at(c.expiresMs),
    ]);
    const side = { created: c.uncertain, updated: 0, deleted: 0 };
    await store.saveRun({
      ...runFixture(user, id, at(0)),
      status: c.status,
      finishedAt: c.status === 'running' ? null : at(c.savedMs),
      startedAt: at(c.savedMs - 1_000),
      durationMs: 1_000,
      ...(c.uncertain > 0
        ? { uncertain: { bc: { created: 0, updated: 0, deleted: 0 }, outlook: side } }
        : {}),
    });

    const first = await path.free(db, store, key, NOW);
    // The sweep marks a crashed run interrupted at once, kept or not (nothing runs it).
    if (path.name.includes('sweep') && c.status === 'running')
      expect((await store.getRun(user, id))?.status).toBe('interrupted');
    if (c.keptUntilMs === null) {
      expect(first).toEqual({ free: true });
      return;
    }
    // Refused with the keep's end, 1 ms before it still, and free at it.
    expect(first).toEqual({ free: false, until: at(c.keptUntilMs) });
    expect(await path.free(db, store, key, c.keptUntilMs - 1)).toEqual({
      free: false,
      until: at(c.keptUntilMs),
    });
    expect((await path.free(db, store, key, c.keptUntilMs)).free).toBe(true);
  });
});
