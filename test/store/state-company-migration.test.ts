import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { SyncStateStore } from '../../src/core/ports.js';
import type { RunRecord } from '../../src/core/records.js';
import { startingRecord } from '../../src/core/records.js';
import { MemorySyncStateStore } from '../../src/fakes/memory-state-store.js';
import type { Db } from '../../src/store/db.js';
import { MIGRATIONS, migrate } from '../../src/store/migrations/index.js';
import { SqlSyncStateStore } from '../../src/store/sql-state-store.js';
import { openEmptyPglite } from './pglite-template.js';

/*
 * Migration 020 (trust brief item 1, review RV7): the state's company gets its own row, filled for
 * old states from what is known — the newest record naming a company (no dry run's), else the
 * company the BC delta link of the newest record's folder's cursor tracks — and none where nothing
 * names one. From then on the first record naming a company claims it, on every store, and no
 * later record moves it.
 */

const C = {
  a: '11111111-1111-1111-1111-11111111111a',
  b: '22222222-2222-2222-2222-22222222222b',
  d: '44444444-4444-4444-4444-44444444444d',
};
const link = (company: string) => `companies(${company})/contacts?$deltatoken=t`;

let at = Date.parse('2026-03-01T08:00:00.000Z');
function record(userId: string, fields: Partial<RunRecord> = {}): RunRecord {
  at += 60_000;
  const base = startingRecord(
    { id: `run-${at}`, userId, folderName: 'BC', mode: 'full', dryRun: false, trigger: 'api' },
    new Date(at).toISOString(),
  );
  return { ...base, status: 'succeeded', finishedAt: base.startedAt, ...fields };
}

let db: Db & { close(): Promise<void> };
const insertRun = (r: RunRecord) =>
  db.query(
    'INSERT INTO sync_runs (id, user_id, started_at, record) VALUES ($1, $2, $3::timestamptz, $4::jsonb)',
    [r.id, r.userId, r.startedAt, JSON.stringify(r)],
  );
const insertCursor = (userId: string, folderId: string, bcDeltaLink: string | null) =>
  db.query(
    `INSERT INTO sync_cursors (user_id, folder_id, bc_delta_link, delta_link, filter_key) VALUES ($1, $2, $3, 'g', '[]')`,
    [userId, folderId, bcDeltaLink],
  );

/** Each old state, and the company the migration gives it. */
const OLD: [name: string, userId: string, expected: () => string | null][] = [
  ['the newest record naming one (not an older one, nor a newer dry run)', 'u-records', () => C.b],
  [
    "records naming none: the delta link of the newest record's folder (quoted, upper case)",
    'u-cursor',
    () => C.a,
  ],
  ['records naming none, a cursor with no BC delta link: none', 'u-none', () => null],
  ["only a dry run's record names one: none", 'u-dry', () => null],
];

beforeAll(async () => {
  db = await openEmptyPglite();
  await migrate(
    db,
    MIGRATIONS.filter((m) => m.version <= 19),
  );
  await insertRun(record('u-records', { companyId: C.a }));
  await insertRun(record('u-records', { companyId: C.b.toUpperCase() }));
  await insertRun(record('u-records'));
  await insertRun(record('u-records', { companyId: C.d, dryRun: true }));
  await insertRun(record('u-cursor', { folderId: 'f-old' }));
  await insertRun(record('u-cursor', { folderId: 'f-new' }));
  await insertCursor('u-cursor', 'f-old', link(C.b));
  await insertCursor('u-cursor', 'f-new', link(`'${C.a.toUpperCase()}'`));
  await insertRun(record('u-none', { folderId: 'f' }));
  await insertCursor('u-none', 'f', null);
  await insertRun(record('u-dry', { companyId: C.d, dryRun: true }));
  await migrate(db);
});
afterAll(async () => {
  await db.close();
});

describe("migration 020: an old state's company from what is known", () => {
  test.each(OLD)('%s', async (_name, userId, expected) => {
    expect(await new SqlSyncStateStore(db).getStateCompany(userId)).toBe(expected());
  });
});

describe('every store: the first record naming a company claims the state, and none moves it', () => {
  const STORES: [name: string, make: () => SyncStateStore][] = [
    ['SQL', () => new SqlSyncStateStore(db)],
    ['memory', () => new MemorySyncStateStore()],
  ];
  test.each(STORES)('%s', async (name, make) => {
    const store = make();
    const user = `u-claims-${name}`;
    const company = () => store.getStateCompany!(user);
    await store.saveRun(record(user));
    expect(await company()).toBeNull();
    await store.saveRun(record(user, { companyId: C.d, dryRun: true }));
    expect(await company()).toBeNull();
    await store.saveRun(record(user, { companyId: C.a.toUpperCase() }));
    expect(await company()).toBe(C.a);
    await store.saveRun(record(user, { companyId: C.b }));
    expect(await company()).toBe(C.a);
  });
});
