import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { openPglite } from '../../src/store/db.js';
import type { Db } from '../../src/store/db.js';
import { buildMigratedTemplate } from './pglite-template.js';
import { dbContent, resetDb } from './pglite-reset.js';
import type { DbContent } from './pglite-reset.js';

// A file that shares one PGlite between its tests (run-ends-bounded) relies on resetDb giving each
// test what a freshly loaded template gave it: the same rows in every table, the same sequences.

describe('resetDb puts a used database back to the fresh template', () => {
  let db: Db;
  let fresh: DbContent;
  beforeAll(async () => {
    db = await openPglite({ loadDataDir: (await buildMigratedTemplate()).template });
    fresh = await dbContent(db);
  });
  afterAll(async () => {
    await db.close();
  });

  test('rows written, rows of the template deleted, a standalone sequence moved: all as fresh again', async () => {
    expect(Object.keys(fresh.tables)).toContain('public.schema_migrations');
    expect(fresh.tables['public.schema_migrations']!.length).toBeGreaterThan(0);
    expect(Object.keys(fresh.sequences)).toContain('public.sync_turn_holds_rev');
    await db.query(`INSERT INTO users (user_id, tenant_id, object_id) VALUES ('u1', 't1', 'o1')`);
    await db.query(
      `DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)`,
    );
    await db.query(`SELECT nextval('sync_turn_holds_rev'), nextval('sync_turn_holds_rev')`);
    const used = await dbContent(db);
    expect(used).not.toEqual(fresh);
    await resetDb(db, fresh);
    expect(await dbContent(db)).toEqual(fresh);
  });

  test('a table made since the content was read is an error, not left behind', async () => {
    await db.exec('CREATE TABLE made_since (x int)');
    await expect(resetDb(db, fresh)).rejects.toThrow('public.made_since');
    await db.exec('DROP TABLE made_since');
    await resetDb(db, fresh);
    expect(await dbContent(db)).toEqual(fresh);
  });
});
