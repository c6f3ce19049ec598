import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { RunRecord, RunStatus } from '../../src/core/records.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import { MemoryRunCancelMarks } from '../../src/fakes/memory-run-cancel-marks.js';
import type { RunCancelMarks } from '../../src/core/run-cancel-marks.js';
import type { SyncStateStore } from '../../src/core/ports.js';
import { openPostgres } from '../../src/store/db.js';
import type { Db } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrations/index.js';
import { sqlRunCancelMarks } from '../../src/store/sql-run-cancel.js';
import { SqlSyncStateStore } from '../../src/store/sql-state-store.js';
import { createTestDatabase } from '../support/postgres.js';
import type { TestDatabase } from '../support/postgres.js';
import { CancelRequestedError, LeaseLostError } from '../../src/core/run-errors.js';
import { run as runFixture } from '../contracts/sync-state-store.fixtures.js';

// Review R3: a cancel at any facade process marks the run's row; the process running it reads the
// mark. One table over the run's state, on PostgreSQL (the run's row, migration 017) and on the
// memory marks the server tests share between two run managers: both answer alike.
const ANN = 'user-ann';
const BOB = 'user-bob';
const T0 = '2026-02-01T09:00:00.000Z';

function record(id: string, status: RunStatus): RunRecord {
  return { ...runFixture(ANN, id, T0), status, finishedAt: status === 'running' ? null : T0 };
}

let t: TestDatabase;
let db: Db & { close(): Promise<void> };
const backends: [string, () => { store: SyncStateStore; marks: RunCancelMarks }][] = [
  ['postgres', () => ({ store: new SqlSyncStateStore(db), marks: sqlRunCancelMarks(db) })],
  [
    'memory',
    () => {
      const store = new MemorySyncStateStore();
      return { store, marks: new MemoryRunCancelMarks(store) };
    },
  ],
];
beforeAll(async () => {
  t = await createTestDatabase('run_cancel_marks');
  db = await openPostgres(t.url);
  await migrate(db);
});
afterAll(async () => {
  await db?.close();
  await t?.drop();
});

describe.each(backends)('run cancel marks (%s)', (_name, open) => {
  type Row = [name: string, status: RunStatus | null, asker: string, answer: string, marked: boolean];
  const rows: Row[] = [
    ['the owner cancels a running run: marked', 'running', ANN, 'marked', true],
    ['another user cancels it: unknown, nothing marked', 'running', BOB, 'unknown', false],
    ['an ended run: ended, nothing marked', 'succeeded', ANN, 'ended', false],
    ['a cancelled run: ended', 'cancelled', ANN, 'ended', false],
    ['no such run: unknown', null, ANN, 'unknown', false],
  ];
  test.each(rows)('%s', async (name, status, asker, answer, marked) => {
    const { store, marks } = open();
    const id = `run-${name.replace(/\W+/g, '-')}-${_name}`;
    if (status) await store.saveRun(record(id, status));
    expect(await marks.request(asker, id)).toBe(answer);
    expect(await marks.requested(ANN, id)).toBe(marked);
    expect(await marks.requested(BOB, id)).toBe(false);
  });

  test('a checkpoint saved after the mark keeps it (the runner saves its record whole)', async () => {
    const { store, marks } = open();
    const id = `run-checkpoint-${_name}`;
    await store.saveRun(record(id, 'running'));
    expect(await marks.request(ANN, id)).toBe('marked');
    await store.saveRun({ ...record(id, 'running'), progress: [] });
    expect(await marks.requested(ANN, id)).toBe(true);
    // Asked twice: still marked, the same answer.
    expect(await marks.request(ANN, id)).toBe('marked');
  });

  // The run's side of the mark (the fix of "202 and the run goes on"): its fenced save of a
  // `running` record — its announce before every write call — is refused, nothing of it stored;
  // its end is stored. Without a mark, or without the lease, as before.
  type SaveRow = [name: string, mark: boolean, fence: 'held' | 'lost', saved: RunStatus, refused: unknown];
  const saves: SaveRow[] = [
    ['marked: a running record is refused (cancel requested)', true, 'held', 'running', CancelRequestedError],
    ['marked: the run’s cancelled end is stored', true, 'held', 'cancelled', null],
    ['marked: an end of another status is stored too', true, 'held', 'succeeded', null],
    ['not marked: a running record is stored', false, 'held', 'running', null],
    ['marked, lease lost: leaseLost first', true, 'lost', 'running', LeaseLostError],
  ];
  test.each(saves)('fenced save: %s', async (name, mark, fence, saved, refused) => {
    const { store, marks } = open();
    const id = `run-save-${name.replace(/\W+/g, '-')}-${_name}`;
    const key = `lease-${id}`;
    await store.acquireLease(key, id, T0, 30_000);
    const first = { ...record(id, 'running'), progress: [] };
    await store.fenced({ key, owner: id }).saveRun(first);
    if (mark) expect(await marks.request(ANN, id)).toBe('marked');
    if (fence === 'lost') await store.releaseLease(key, id);
    const next = { ...record(id, saved), progress: [{ phase: 'outlook' as const, done: 1, total: 2 }] };
    const e = await store
      .fenced({ key, owner: id })
      .saveRun(next, 'unflushed')
      .then(
        () => null,
        (err: unknown) => err,
      );
    expect(e === null ? null : (e as Error).constructor).toBe(refused);
    expect(await store.getRun(ANN, id)).toEqual(refused === null ? next : first);
  });
});
