import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { Db } from '../../src/store/db.js';
import { MIGRATIONS, migrate } from '../../src/store/migrations/index.js';
import { SqlSyncStateStore } from '../../src/store/sql-state-store.js';
import { openEmptyPglite } from './pglite-template.js';

// Issue 11 §2, migration 008: a cursor's BC side becomes BC's delta link. A stored watermark is no
// link: it is dropped (the next run reads BC in full once), the Outlook delta link stays.

let db: Db & { close(): Promise<void> };
const SCOPE = { userId: 'tid:oid-1', folderId: 'folder-1' };
const GRAPH_LINK = 'https://graph.microsoft.com/v1.0/me/contactFolders/f/contacts/delta?$deltatoken=x';

beforeAll(async () => {
  db = await openEmptyPglite();
  await migrate(
    db,
    MIGRATIONS.filter((m) => m.version <= 7),
  );
  await db.query(
    `INSERT INTO sync_cursors (user_id, folder_id, bc_watermark, delta_link, filter_key) VALUES ($1, $2, $3, $4, '[]')`,
    [SCOPE.userId, SCOPE.folderId, '2026-03-01T08:00:00.000Z', GRAPH_LINK],
  );
  await migrate(db);
});
afterAll(async () => {
  await db.close();
});

test('a schema-7 cursor keeps its Outlook delta link and loses the watermark', async () => {
  expect(await new SqlSyncStateStore(db).getCursor(SCOPE)).toStrictEqual({
    bcDeltaLink: null,
    deltaLink: GRAPH_LINK,
    filterKey: '[]',
  });
});
