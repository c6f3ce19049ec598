/**
 * Which of a run's store writes commit without waiting for the disk (src/store/sql-unflushed.ts):
 * those after which nothing depends on them being on disk — the run's end, the one round trip after
 * its last Graph answer (issue 12 §2, delta-bc-1pct: the end's fsync was most of it), the lease
 * a run's opening takes (on disk with the run's first record save, before any write), and the
 * record's later checkpoints (F114's count before a write call: for the user, no check of the next
 * run reads it; the flush was most of the round trip between a delta's plan and its first write). Every write
 * that goes before an effect outside the database — the lease before any write, the pending creates
 * before their create, the record's first save (its lease on disk), a group's links before
 * the next group — still waits for the flush. Seen from inside the caller's own transaction: a
 * statement that sets `synchronous_commit` off for its transaction leaves it off there.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { SyncScope, SyncStateStore } from '../../src/core/ports.js';
import type { Db } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrations/index.js';
import { SqlSyncStateStore } from '../../src/store/sql-state-store.js';
import { link, run } from '../contracts/sync-state-store.fixtures.js';
import { STORE_ENGINES } from '../support/postgres.js';
import type { TestDb } from '../support/postgres.js';

const NOW = '2026-12-05T20:00:00.000Z';
const CURSOR = { bcDeltaLink: 'bc-link', deltaLink: 'graph-link', filterKey: '' };

/** A user of its own whose lease `owner` holds, with one stored link (bc-1 ↔ ol-1). */
async function leased(db: Db, name: string): Promise<{ scope: SyncScope; key: string; userId: string }> {
  const userId = `unflushed-${name}-${Math.random()}`;
  const scope: SyncScope = { userId, folderId: 'f-1' };
  const key = `${userId}|business central`;
  const store = new SqlSyncStateStore(db);
  expect((await store.acquireLease(key, 'run-a', NOW, 60_000, null)).ok).toBe(true);
  await store.saveRun(run(userId, 'run-a', NOW));
  await store.upsertLinks(scope, [link('bc-1', 'ol-1', 1)]);
  return { scope, key, userId };
}

type Call = (
  store: SyncStateStore,
  at: { scope: SyncScope; key: string; userId: string },
) => Promise<unknown>;

/** Each write a run makes, and whether its commit waits for the disk ('on') or not ('off'). */
const WRITES: readonly (readonly [string, 'on' | 'off', Call])[] = [
  [
    'openRun (its lease on disk with the first record save, before any write: core/run.ts)',
    'off',
    (s, { userId }) =>
      s.openRun!({
        userId: `${userId}-open`,
        runs: 5,
        owner: 'run-b',
        now: NOW,
        ttlMs: 60_000,
        holder: null,
        defaultKey: `${userId}-open|business central`,
      }),
  ],
  [
    'acquireLease (before any write)',
    'on',
    (s, { userId }) => s.acquireLease(`${userId}-other`, 'run-b', NOW, 60_000, null),
  ],
  [
    "the record's first save (the opening's lease on disk before any write: core/run.ts)",
    'on',
    (s, { key, userId }) => s.fenced({ key, owner: 'run-a' }).saveRun(run(userId, 'run-a', NOW)),
  ],
  [
    "the record's checkpoint (F114: before a write call; no check of the next run reads it)",
    'off',
    (s, { key, userId }) => s.fenced({ key, owner: 'run-a' }).saveRun(run(userId, 'run-a', NOW), 'unflushed'),
  ],
  [
    'saveRun unfenced, asked unflushed (no checkpoint is saved unfenced)',
    'on',
    (s, { userId }) => s.saveRun(run(userId, 'run-a', NOW), 'unflushed'),
  ],
  ['saveRun unfenced', 'on', (s, { userId }) => s.saveRun(run(userId, 'run-a', NOW))],
  [
    'addPendingCreates (before their create goes out)',
    'on',
    (s, { key, scope }) => s.fenced({ key, owner: 'run-a' }).addPendingCreates(scope, ['bc-9']),
  ],
  [
    "a group's links (before the next group's writes)",
    'on',
    (s, { key, scope }) => s.fenced({ key, owner: 'run-a' }).upsertLinks(scope, [link('bc-1', 'ol-1', 2)]),
  ],
  ['putCursor', 'on', (s, { scope }) => s.putCursor(scope, CURSOR)],
  [
    'releaseLease (lost, a live holder would keep the row past its expiry)',
    'on',
    (s, { key }) => s.releaseLease(key, 'run-a'),
  ],
  [
    "the run's end",
    'off',
    (s, { key, userId, scope }) =>
      s.endRun({
        fence: { key, owner: 'run-a' },
        run: run(userId, 'run-a', NOW),
        cursor: { scope, next: CURSOR },
      }),
  ],
  [
    "the run's end with its last links",
    'off',
    (s, { key, userId, scope }) =>
      s.endRun({
        fence: { key, owner: 'run-a' },
        run: run(userId, 'run-a', NOW),
        cursor: { scope, next: CURSOR },
        links: { scope, upserts: [link('bc-1', 'ol-1', 3)], deletes: [], clearPending: [] },
      }),
  ],
];

describe.each(STORE_ENGINES)("a run's writes and the disk on %s", (_engine, open) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await open();
    await migrate(db);
  });
  afterAll(() => db.close());

  test.each(WRITES)('%s: synchronous_commit %s', async (name, expected, call) => {
    const at = await leased(db, name.slice(0, 12).replace(/\W/g, '-'));
    const mode = await db.transaction(async (tx) => {
      await call(new SqlSyncStateStore(tx), at);
      return (await tx.query<{ synchronous_commit: string }>('SHOW synchronous_commit')).rows[0]
        ?.synchronous_commit;
    });
    expect(mode).toBe(expected);
  });

  test('a checkpoint saved unflushed is the record, and is refused to an owner without the lease', async () => {
    const at = await leased(db, 'checkpoint');
    const store = new SqlSyncStateStore(db);
    const progressed = { ...run(at.userId, 'run-a', NOW), durationMs: 1234 };
    await store.fenced({ key: at.key, owner: 'run-a' }).saveRun(progressed, 'unflushed');
    expect(await store.getRun(at.userId, 'run-a')).toStrictEqual(progressed);
    await expect(
      store.fenced({ key: at.key, owner: 'run-b' }).saveRun({ ...progressed, durationMs: 1 }, 'unflushed'),
    ).rejects.toMatchObject({ name: 'LeaseLostError', message: 'leaseLost' });
    expect(await store.getRun(at.userId, 'run-a')).toStrictEqual(progressed);
  });

  test('a lease let go so is free at once: another owner takes it', async () => {
    const at = await leased(db, 'let-go');
    const store = new SqlSyncStateStore(db);
    expect((await store.acquireLease(at.key, 'run-b', NOW, 60_000, null)).ok).toBe(false);
    await store.releaseLease(at.key, 'run-a');
    expect((await store.acquireLease(at.key, 'run-b', NOW, 60_000, null)).ok).toBe(true);
    // A release by an owner that no longer holds it lets go of nothing.
    await store.releaseLease(at.key, 'run-a');
    expect((await store.acquireLease(at.key, 'run-c', NOW, 60_000, null)).ok).toBe(false);
  });

  test('the end committed so is the end: the lease let go, the cursor, the links and the record stored', async () => {
    const at = await leased(db, 'whole');
    const store = new SqlSyncStateStore(db);
    const ended = { ...run(at.userId, 'run-a', NOW), status: 'succeeded' as const, finishedAt: NOW };
    await store.endRun({
      fence: { key: at.key, owner: 'run-a' },
      run: ended,
      cursor: { scope: at.scope, next: CURSOR },
      links: { scope: at.scope, upserts: [link('bc-1', 'ol-1', 4)], deletes: [], clearPending: [] },
    });
    expect(await store.getCursor(at.scope)).toStrictEqual(CURSOR);
    expect(await store.getRun(at.userId, 'run-a')).toStrictEqual(ended);
    expect((await store.listLinks(at.scope)).map((l) => l.bcEtag)).toStrictEqual([
      link('bc-1', 'ol-1', 4).bcEtag,
    ]);
    expect((await store.acquireLease(at.key, 'run-b', NOW, 60_000, null)).ok).toBe(true);
    // The session's own setting is untouched: the next statement on the connection flushes again.
    expect(
      (await db.query<{ synchronous_commit: string }>('SHOW synchronous_commit')).rows[0]?.synchronous_commit,
    ).toBe('on');
  });
});
