import { describe, test, expect, beforeAll, afterAll } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SYNC_FIELDS } from '../../src/core/model.js';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import { openPglite } from '../../src/store/db.js';
import { DataDirLockedError, lockPathFor } from '../../src/store/lock.js';
import {
  LATEST_SCHEMA_VERSION,
  MIGRATIONS,
  migrate,
  schemaVersion,
} from '../../src/store/migrations/index.js';
import { openStore } from '../../src/store/open-store.js';
import { buildMigratedTemplate } from './pglite-template.js';

let template: Blob | File;
let root: string;

beforeAll(async () => {
  template = (await buildMigratedTemplate()).template;
  root = mkdtempSync(join(tmpdir(), 'bcsync-store-'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** A data dir on disk seeded from the template (saves the 7 s initdb of a fresh one). */
async function seededDataDir(name: string): Promise<string> {
  const dir = join(root, name);
  const db = await openPglite({ dataDir: dir, loadDataDir: template });
  await db.close();
  return dir;
}

describe('migrations', () => {
  test('version recorded; re-running applies nothing', async () => {
    const db = await openPglite({ loadDataDir: template });
    try {
      expect(await schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
      const rows = await db.query<{ version: number; applied_at: Date }>('SELECT * FROM schema_migrations');
      expect(rows.rows.map((r) => r.version)).toStrictEqual(MIGRATIONS.map((m) => m.version));
      expect(rows.rows[0]?.applied_at).toBeInstanceOf(Date);
      expect(await migrate(db)).toStrictEqual([]);
      expect(await migrate(db)).toStrictEqual([]);
    } finally {
      await db.close();
    }
  });

  test('the facade tables are there with every sync field', async () => {
    const db = await openPglite({ loadDataDir: template });
    try {
      const cols = await db.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns WHERE table_name = 'bc_contacts'`,
      );
      const names = cols.rows.map((r) => r.column_name);
      for (const f of SYNC_FIELDS) expect(names).toContain(f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
      for (const c of [
        'company_id',
        'number',
        'type',
        'row_version',
        'last_modified',
        'deleted_at',
        'privacy_blocked',
      ])
        expect(names).toContain(c);
      const tables = await db.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
      );
      expect(tables.rows.map((r) => r.table_name)).toStrictEqual([
        'bc_contacts',
        'bc_countries_regions',
        'bc_number_series',
        'companies',
        'company_members',
        'idempotency_keys',
        'legacy_user_keys',
        'schema_migrations',
        'sync_conflicts',
        'sync_cursors',
        'sync_leases',
        'sync_links',
        'sync_pending_creates',
        'sync_run_items',
        'sync_runs',
        'sync_settings',
        'sync_skipped',
        'sync_state_companies',
        'sync_turn_holds',
        'users',
      ]);
    } finally {
      await db.close();
    }
  });

  test('a later migration applies alone; a failing one leaves nothing behind', async () => {
    const db = await openPglite({ loadDataDir: template });
    try {
      const next = LATEST_SCHEMA_VERSION + 1;
      const extra = { version: next, name: 'extra', sql: 'CREATE TABLE extra_t (id int)' };
      expect(await migrate(db, [...MIGRATIONS, extra])).toStrictEqual([next]);
      const broken = {
        version: next + 1,
        name: 'broken',
        sql: 'CREATE TABLE broken_t (id int); SELECT no_such_fn();',
      };
      await expect(migrate(db, [...MIGRATIONS, extra, broken])).rejects.toThrow(/no_such_fn/);
      expect(await schemaVersion(db)).toBe(next);
      const t = await db.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'broken_t'`);
      expect(t.rows).toHaveLength(0);
    } finally {
      await db.close();
    }
  });
});

describe('openStore on a PGlite data dir', () => {
  test('persists across reopen; the lock is held while open and released on close', async () => {
    const dir = await seededDataDir('persist');
    const first = await openStore({ dataDir: dir });
    try {
      expect(first.kind).toBe('pglite');
      expect(JSON.parse(readFileSync(lockPathFor(dir), 'utf8'))).toMatchObject({ pid: process.pid });
      await first.stateStore.putSettings('u1', DEFAULT_SETTINGS);
      await first.stateStore.upsertLinks({ userId: 'u1', folderId: 'f' }, [
        { bcId: 'b', outlookId: 'o', base: emptyBase('Åsa'), bcEtag: 'e', outlookChangeKey: 'k' },
      ]);
      // A second open of the same dir, even from this process, is refused before PGlite touches it.
      const second = openStore({ dataDir: dir });
      await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
      await expect(second).rejects.toMatchObject({ holderPid: process.pid });
    } finally {
      await first.close();
    }
    expect(existsSync(lockPathFor(dir))).toBe(false);
    await first.close(); // twice is harmless

    const again = await openStore({ dataDir: dir });
    try {
      expect(await schemaVersion(again.db)).toBe(LATEST_SCHEMA_VERSION);
      expect(await again.stateStore.getSettings('u1')).toStrictEqual(DEFAULT_SETTINGS);
      expect(
        (await again.stateStore.listLinks({ userId: 'u1', folderId: 'f' })).map((l) => l.base.displayName),
      ).toStrictEqual(['Åsa']);
    } finally {
      await again.close();
    }
  });
});

function emptyBase(displayName: string) {
  const base = Object.fromEntries(SYNC_FIELDS.map((f) => [f, ''])) as Record<
    (typeof SYNC_FIELDS)[number],
    string
  >;
  base.displayName = displayName;
  return base;
}
