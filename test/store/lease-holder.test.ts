import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { LeaseHolder } from '../../src/core/ports.js';
import { openPglite } from '../../src/store/db.js';
import type { Db } from '../../src/store/db.js';
import { SqlSyncStateStore } from '../../src/store/sql-state-store.js';
import { buildMigratedTemplate } from './pglite-template.js';
import { LONGEST_LEASE_MS } from '../../src/core/lease.js';

// Issue 9 §4: a lease held by a dead process of this machine is taken over at once; every other
// holder keeps it until it expires. One store per side: "theirs" took the lease, "ours" asks.
const HOST = 'build-7/boot-a';
const T0 = '2026-02-01T09:00:00.000Z';
/** Just past twice the longest lease any holder is granted: no lease anybody keeps. */
const FAR_S = (2 * LONGEST_LEASE_MS) / 1000 + 1;
const TTL = 30_000;
const DEAD = 4242;
const LIVE = 5151;
const alive = (pid: number) => pid !== DEAD;

let db: Db;
beforeAll(async () => {
  db = await openPglite({ loadDataDir: (await buildMigratedTemplate()).template });
});
afterAll(async () => {
  await db?.close();
});

const ours = () => new SqlSyncStateStore(db, { self: { host: HOST, pid: 1000 }, alive });

let n = 0;
async function heldBy(holder: LeaseHolder | null): Promise<string> {
  const key = `ann|folder-${++n}`;
  const theirs = new SqlSyncStateStore(db);
  expect(await theirs.acquireLease(key, 'their-run', T0, TTL, holder)).toEqual({ ok: true });
  return key;
}

describe('a lease and the process holding it', () => {
  test.each<[string, LeaseHolder | null, boolean]>([
    ['a dead process on this machine: taken over at once', { host: HOST, pid: DEAD }, true],
    ['a live process on this machine: refused', { host: HOST, pid: LIVE }, false],
    ['this very process (another run of it): refused', { host: HOST, pid: 1000 }, false],
    [
      'a process of another machine (cannot be probed): refused',
      { host: 'build-8/boot-b', pid: DEAD },
      false,
    ],
    [
      'the same host name after a reboot (another boot id): refused',
      { host: 'build-7/boot-z', pid: DEAD },
      false,
    ],
    ['a holder the store cannot see (the pane over HTTP): refused', null, false],
  ])('%s', async (_name, holder, taken) => {
    const key = await heldBy(holder);
    // One second later: far from the TTL, so only the holder check can free it.
    const result = await ours().acquireLease(key, 'our-run', '2026-02-01T09:00:01.000Z', TTL);
    if (taken) {
      expect(result).toEqual({ ok: true });
      // The dead holder's run can no longer renew: it would stop before writing twice.
      expect(await ours().renewLease(key, 'their-run', '2026-02-01T09:00:02.000Z', TTL)).toBe(false);
    } else {
      expect(result).toEqual({
        ok: false,
        heldBy: { owner: 'their-run', expiresAt: '2026-02-01T09:00:30.000Z' },
      });
    }
  });

  test('the lease names this process as its holder unless told otherwise', async () => {
    const key = `ann|folder-${++n}`;
    await ours().acquireLease(key, 'run-a', T0, TTL);
    await ours().acquireLease(`${key}-pane`, 'run-b', T0, TTL, null);
    const { rows } = await db.query<{ key: string; holder_host: string | null; holder_pid: number | null }>(
      'SELECT key, holder_host, holder_pid FROM sync_leases WHERE key = $1 OR key = $2 ORDER BY key',
      [key, `${key}-pane`],
    );
    expect(rows).toEqual([
      { key, holder_host: HOST, holder_pid: 1000 },
      { key: `${key}-pane`, holder_host: null, holder_pid: null },
    ]);
  });
});

// Stored state is not trusted blindly (brief "stored"): no holder is granted an expiry more than a
// TTL ahead, so a row expiring further ahead than twice the TTL (a spoilt row, an older version's,
// a clock far ahead) is no lease anybody keeps; a clock somewhat ahead keeps its lease.
describe('a lease row expiring far ahead', () => {
  test.each<[string, string, boolean]>([
    ['the year 9999 (a spoilt row): taken over at once', '9999-01-01T00:00:00.000Z', true],
    // Past twice LONGEST_LEASE_MS (a closing pane's lease is kept for the write settle and the
    // fresh window: 70 s), computed from the constant so the bound follows it.
    [
      `${FAR_S} s ahead (a clock far ahead): taken over at once`,
      new Date(Date.parse(T0) + FAR_S * 1000).toISOString(),
      true,
    ],
    ['one TTL and a half ahead (a clock somewhat ahead): refused', '2026-02-01T09:00:45.000Z', false],
  ])('%s', async (_name, expiresAt, taken) => {
    const key = `ann|far-${++n}`;
    await db.query(
      `INSERT INTO sync_leases (key, owner, expires_at, holder_host, holder_pid) VALUES ($1, 'their-run', $2, 'build-8/boot-b', 1)`,
      [key, expiresAt],
    );
    const result = await ours().acquireLease(key, 'our-run', T0, TTL);
    expect(result.ok).toBe(taken);
    if (taken) expect(await ours().renewLease(key, 'their-run', T0, TTL)).toBe(false);
  });
});

// Issue 12 §2: an acquire that wins is one statement (the far-ahead check is in the upsert, not a
// clamp of its own before it); one refused reads the row and stores a far-ahead expiry as now in
// one more.
describe('the statements of an acquire', () => {
  const counted = () => {
    const sent: string[] = [];
    const store = new SqlSyncStateStore(
      { ...db, query: (sql, params) => (sent.push(sql), db.query(sql, params)) },
      { self: { host: HOST, pid: 1000 }, alive },
    );
    return { sent, store };
  };
  const farAhead = async (holder: LeaseHolder) => {
    const key = `ann|count-${++n}`;
    await db.query(
      `INSERT INTO sync_leases (key, owner, expires_at, holder_host, holder_pid)
       VALUES ($1, 'their-run', '9999-01-01T00:00:00.000Z', $2, $3)`,
      [key, holder.host, holder.pid],
    );
    return key;
  };

  test('a free key, an expired lease and a far-ahead one: taken in one statement', async () => {
    const { sent, store } = counted();
    expect(await store.acquireLease(`ann|count-${++n}`, 'our-run', T0, TTL)).toEqual({ ok: true });
    const expired = await heldBy(null);
    expect(await store.acquireLease(expired, 'our-run', '2026-02-01T09:00:31.000Z', TTL)).toEqual({
      ok: true,
    });
    const spoilt = await farAhead({ host: 'build-8/boot-b', pid: 7 });
    expect(await store.acquireLease(spoilt, 'our-run', T0, TTL)).toEqual({ ok: true });
    expect(sent).toHaveLength(3);
  });

  test('refused: the holder read in a second statement, a far-ahead expiry stored as now', async () => {
    const { sent, store } = counted();
    const held = await heldBy(null);
    expect(await store.acquireLease(held, 'our-run', '2026-02-01T09:00:01.000Z', TTL)).toEqual({
      ok: false,
      heldBy: { owner: 'their-run', expiresAt: '2026-02-01T09:00:30.000Z' },
    });
    expect(sent).toHaveLength(2);
    // A live process of this machine keeps even a far-ahead lease for its grace, expiring now.
    const live = await farAhead({ host: HOST, pid: LIVE });
    expect(await store.acquireLease(live, 'our-run', T0, TTL)).toEqual({
      ok: false,
      heldBy: { owner: 'their-run', expiresAt: T0 },
    });
    const { rows } = await db.query<{ expires_at: Date }>(
      'SELECT expires_at FROM sync_leases WHERE key = $1',
      [live],
    );
    expect(rows[0]?.expires_at.toISOString()).toBe(T0);
  });
});

// Found by helper replay2: the furthest expiry trusted was twice the REQUESTER's TTL, so a request
// for 1 ms (the lease routes accept it; an honest creator is granted 1 s near its hold's end) read
// a live 30 s lease as spoilt and took it. Every requested TTL against a fresh holder of each
// length any holder is granted: refused while it holds.
describe('a short request against a live lease', () => {
  const cases = [1, 2, 1_000, 2_000, 15_000, TTL].flatMap((asked) =>
    [TTL, 10_000].map((held): [number, number] => [asked, held]),
  );
  test.each(cases)('asking %i ms while a %i ms lease holds: refused', async (asked, held) => {
    const key = `ann|short-${++n}`;
    const theirs = new SqlSyncStateStore(db);
    expect(await theirs.acquireLease(key, 'their-run', T0, held, { host: 'build-8/boot-b', pid: 1 })).toEqual(
      {
        ok: true,
      },
    );
    expect((await ours().acquireLease(key, 'our-run', T0, asked)).ok).toBe(false);
    expect(await theirs.renewLease(key, 'their-run', T0, held)).toBe(true);
  });
});

// A renewal never moves an expiry earlier (the contract suite), but a spoilt one is no expiry to
// keep: renewed, it is now + TTL again, as an acquire reads it.
test('a renewal of a lease row expiring far ahead sets it to now + TTL', async () => {
  const key = `ann|far-renew-${++n}`;
  await db.query(
    `INSERT INTO sync_leases (key, owner, expires_at, holder_host, holder_pid) VALUES ($1, 'their-run', '9999-01-01T00:00:00.000Z', NULL, NULL)`,
    [key],
  );
  expect(await ours().renewLease(key, 'their-run', T0, TTL)).toBe(true);
  const { rows } = await db.query<{ e: string }>(
    `SELECT to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') AS e FROM sync_leases WHERE key = $1`,
    [key],
  );
  expect(rows).toEqual([{ e: '2026-02-01T09:00:30' }]);
});
