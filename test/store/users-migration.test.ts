import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import type { Db } from '../../src/store/db.js';
import { MIGRATIONS, migrate } from '../../src/store/migrations/index.js';
import { SqlSyncStateStore } from '../../src/store/sql-state-store.js';
import { recordUser, usersByUpn } from '../../src/store/users.js';
import { run } from '../contracts/sync-state-store.fixtures.js';
import { openEmptyPglite } from './pglite-template.js';

// Issue 10 §1: migration 002 moves data keyed by UPN out of reach, and the first sign-in of the
// user with that UPN (tid + oid) claims it — once.

const TENANT = '6f1c2a3b-0000-4000-8000-00000000c0de';
const ANN = { tenantId: TENANT, oid: 'a0a0a0a0-0000-4000-8000-000000000001', upn: 'Ann@Contoso.com' };
const ANN_KEY = `${TENANT}:${ANN.oid}`;
const SUCCESSOR = { tenantId: TENANT, oid: 'c0c0c0c0-0000-4000-8000-000000000003', upn: 'ann@contoso.com' };
const T0 = '2026-03-01T08:00:00.000Z';

let db: Db & { close(): Promise<void> };
let store: SqlSyncStateStore;

const count = async (sql: string, params: unknown[] = []) =>
  Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM (${sql}) q`, params)).rows[0]!.n);

beforeAll(async () => {
  db = await openEmptyPglite();
  await migrate(
    db,
    MIGRATIONS.filter((m) => m.version === 1),
  );
  store = new SqlSyncStateStore(db);
  // Data as the facade kept it before: keyed by the lower-case UPN.
  for (const upn of ['ann@contoso.com', 'bob@contoso.com']) {
    const scope = { userId: upn, folderId: 'folder-1' };
    await store.putSettings(upn, {
      ...DEFAULT_SETTINGS,
      filter: { city: upn.startsWith('ann') ? 'Oslo' : 'Rome' },
    });
    // Raw SQL: the store of today writes columns later migrations add.
    await db.query(
      `INSERT INTO sync_links (user_id, folder_id, bc_id, outlook_id, base, bc_etag, outlook_change_key)
       VALUES ($1, $2, $3, $4, '{}', 'e', 'k')`,
      [upn, scope.folderId, `bc-${upn}`, `ol-${upn}`],
    );
    await store.addPendingCreates(scope, ['p1']);
    // Raw SQL too: today's store keys runs by (user_id, id), which migration 006 adds.
    const r = run(upn, `run-${upn}`, '2026-02-01T10:00:00.000Z');
    await db.query(
      'INSERT INTO sync_runs (id, user_id, started_at, record) VALUES ($1, $2, $3::timestamptz, $4::jsonb)',
      [r.id, r.userId, r.startedAt, JSON.stringify(r)],
    );
    // And today's leases name their holder (migration 005).
    await db.query(
      `INSERT INTO sync_leases (key, owner, expires_at) VALUES ($1, $2, $3::timestamptz + interval '1 hour')`,
      [`${upn}|business central`, `owner-${upn}`, T0],
    );
  }
  await migrate(db);
});
afterAll(async () => {
  await db.close();
});

describe('migration 002', () => {
  test('every user-scoped row moves to upn:<upn>, out of reach of any token', async () => {
    for (const table of ['sync_settings', 'sync_links', 'sync_pending_creates', 'sync_runs'])
      expect(await count(`SELECT 1 FROM ${table} WHERE strpos(user_id, 'upn:') <> 1`)).toBe(0);
    expect((await db.query('SELECT legacy_key, upn FROM legacy_user_keys ORDER BY upn')).rows).toEqual([
      { legacy_key: 'upn:ann@contoso.com', upn: 'ann@contoso.com' },
      { legacy_key: 'upn:bob@contoso.com', upn: 'bob@contoso.com' },
    ]);
    expect((await store.getRun('upn:ann@contoso.com', 'run-ann@contoso.com'))?.userId).toBe(
      'upn:ann@contoso.com',
    );
    expect(await count(`SELECT 1 FROM sync_leases WHERE key = 'upn:ann@contoso.com|business central'`)).toBe(
      1,
    );
  });
});

describe('first sign-in claims the legacy data', () => {
  test("Ann's first sign-in moves her rows to <tid>:<oid>; Bob's stay parked", async () => {
    expect(await recordUser(db, { userId: ANN_KEY, ...ANN, displayName: 'Ann' }, T0)).toBe(
      'upn:ann@contoso.com',
    );
    expect((await store.getSettings(ANN_KEY))?.filter).toEqual({ city: 'Oslo' });
    const scope = { userId: ANN_KEY, folderId: 'folder-1' };
    expect((await store.listLinks(scope)).map((l) => l.bcId)).toEqual(['bc-ann@contoso.com']);
    expect(await store.listPendingCreates(scope)).toEqual(['p1']);
    expect((await store.getRun(ANN_KEY, 'run-ann@contoso.com'))?.userId).toBe(ANN_KEY);
    expect(await count(`SELECT 1 FROM sync_leases WHERE key = $1`, [`${ANN_KEY}|business central`])).toBe(1);
    expect(await count(`SELECT 1 FROM sync_settings WHERE user_id = 'upn:ann@contoso.com'`)).toBe(0);
    expect(await count(`SELECT 1 FROM sync_settings WHERE user_id = 'upn:bob@contoso.com'`)).toBe(1);
    expect((await usersByUpn(db, 'ANN@contoso.com')).map((u) => u.userId)).toEqual([ANN_KEY]);
  });

  test('signing in again claims nothing and only refreshes the UPN shown', async () => {
    expect(
      await recordUser(
        db,
        { userId: ANN_KEY, ...ANN, upn: 'ann.adams@contoso.com', displayName: 'Ann A' },
        T0,
      ),
    ).toBeNull();
    expect((await usersByUpn(db, 'ann.adams@contoso.com')).map((u) => u.displayName)).toEqual(['Ann A']);
    expect((await store.getSettings(ANN_KEY))?.filter).toEqual({ city: 'Oslo' });
  });

  test('a later holder of the same UPN (another oid) gets nothing of it', async () => {
    const key = `${TENANT}:${SUCCESSOR.oid}`;
    expect(await recordUser(db, { userId: key, ...SUCCESSOR, displayName: 'Ann 2' }, T0)).toBeNull();
    expect(await store.getSettings(key)).toBeNull();
    expect(await store.listRuns(key, 10)).toEqual([]);
    expect(await store.listLinks({ userId: key, folderId: 'folder-1' })).toEqual([]);
  });
});
