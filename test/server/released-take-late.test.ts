/**
 * Brief leasegaps item 4 (crash-hosts soak, landed model seed 99, path 5): a pane asked for its
 * lease and closed at once; its `pagehide` release (writes in flight) reached the facade before the
 * acquire, let go of nothing, and the acquire then gave the dead pane a fresh lease — the user's
 * next sync refused for LEASE_TTL_MS, a company's create turn kept from colleagues. The release
 * route now remembers the takes such a release lets go (released-takes.ts), and refuses their
 * acquire when it lands later; landing on a lease kept for the pane's writes, that acquire no
 * longer cuts the keep short to its TTL.
 */
import { describe, expect, test } from '@jest/globals';
import {
  CREATE_TURN_MS,
  DEFAULT_WRITE_SETTLE_MS,
  LEASE_TTL_MS,
  createTurnKey,
} from '../../src/core/lease.js';
import { MemoryTurnHoldRecords } from '../../src/core/turn-hold-records.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import type { Db } from '../../src/store/db.js';
import { ANN, call, useSyncHarness } from './sync-harness.js';

const COMPANY = 'c0ffee00-0000-0000-0000-0000000000a4';
// Every user is a member of COMPANY (the lease route asks the database for the create turn's).
const db = { query: async () => ({ rows: [{ company_id: COMPANY }] }) } as unknown as Db;
const h = useSyncHarness({
  store: new MemorySyncStateStore(),
  ctx: { db, turnHolds: new MemoryTurnHoldRecords() },
});

let n = 0;
/** Every lease a pane takes through the routes, each row under fresh names. */
const kinds: [string, () => { key: string; take?: string }, number][] = [
  ['a folder lease (a run takes it once, no take)', () => ({ key: `Folder ${++n}` }), LEASE_TTL_MS],
  ['a folder lease named by a take', () => ({ key: `Folder ${++n}`, take: `take-${n}` }), LEASE_TTL_MS],
  [
    "a company's create turn, its group's take",
    () => ({ key: createTurnKey(COMPANY), take: `g-${++n}` }),
    CREATE_TURN_MS,
  ],
  ["a company's create turn, no take", () => ({ key: createTurnKey(COMPANY) }), CREATE_TURN_MS],
  [
    'a place in the turn’s line',
    () => ({ key: createTurnKey(COMPANY, 5), take: `w-${++n}` }),
    CREATE_TURN_MS,
  ],
];

const lease = (op: 'acquire' | 'release', body: Record<string, unknown>) =>
  call(h, ANN, 'POST', `/sync/v1/state/lease/${op}`, body);
const acquire = (held: { key: string; take?: string }, owner: string, ttlMs: number) =>
  lease('acquire', { ...held, owner, now: h.clock.now(), ttlMs });
// Each row starts past every lease the one before may have left.
const nextRow = () => h.clock.advance(10 * 60_000);

describe('a take let go by a pane going away is not taken by its own acquire landing late', () => {
  test('the named example: the pane’s release overtakes its folder lease’s acquire; the user’s next sync starts at once', async () => {
    nextRow();
    const folder = { key: 'Business Central' };
    expect((await lease('release', { ...folder, owner: 'pane-run', inFlight: true })).status).toBe(204);
    expect((await acquire(folder, 'pane-run', LEASE_TTL_MS)).body).toMatchObject({ ok: false });
    expect((await acquire(folder, 'next-sync', LEASE_TTL_MS)).body).toMatchObject({ ok: true });
  });

  test.each(kinds)(
    '%s: released first, then its acquire → refused, the key free for others',
    async (_k, make, ttlMs) => {
      nextRow();
      const held = make();
      expect((await lease('release', { ...held, owner: 'pane-run', inFlight: true })).status).toBe(204);
      expect((await acquire(held, 'pane-run', ttlMs)).body).toMatchObject({ ok: false });
      expect((await acquire(held, 'someone-else', ttlMs)).body).toMatchObject({ ok: true });
    },
  );

  // A place in the line is left out: a walk from it ends on the place ahead the line allows (the
  // turn, here), which the pane's release names, not the place it asked for.
  const keptKinds = kinds.filter(([k]) => !k.startsWith('a place'));
  test.each(keptKinds)(
    '%s: kept for the pane’s writes, its acquire landing late does not cut the keep short',
    async (_k, make, ttlMs) => {
      nextRow();
      const held = make();
      expect((await acquire(held, 'pane-run', ttlMs)).body).toMatchObject({ ok: true });
      expect((await lease('release', { ...held, owner: 'pane-run', inFlight: true })).status).toBe(204);
      // The same acquire again (sent before the page went away, answered late or resent).
      expect((await acquire(held, 'pane-run', ttlMs)).body).toMatchObject({ ok: false });
      h.clock.advance(ttlMs + 1);
      expect((await acquire(held, 'someone-else', ttlMs)).body).toMatchObject({ ok: false });
      h.clock.advance(DEFAULT_WRITE_SETTLE_MS - ttlMs);
      expect((await acquire(held, 'someone-else', ttlMs)).body).toMatchObject({ ok: true });
    },
  );

  test('the control: a release without writes in flight (a live holder) is not remembered: its owner takes the key again', async () => {
    nextRow();
    const folder = { key: `Folder ${++n}` };
    expect((await lease('release', { ...folder, owner: 'live-run' })).status).toBe(204);
    expect((await acquire(folder, 'live-run', LEASE_TTL_MS)).body).toMatchObject({ ok: true });
  });

  test('remembered only while its acquire can still land (the write settle)', async () => {
    nextRow();
    const folder = { key: `Folder ${++n}` };
    expect((await lease('release', { ...folder, owner: 'pane-run', inFlight: true })).status).toBe(204);
    h.clock.advance(DEFAULT_WRITE_SETTLE_MS);
    expect((await acquire(folder, 'pane-run', LEASE_TTL_MS)).body).toMatchObject({ ok: true });
  });
});
