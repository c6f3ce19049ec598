import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { MIGRATIONS, migrate } from '../../src/store/migrations/index.js';
import { SqlSyncStateStore } from '../../src/store/sql-state-store.js';
import { STORE_ENGINES } from '../support/postgres.js';
import type { TestDb } from '../support/postgres.js';

// Reasons as data (issue 8): conflict records stored with core's English reason become the cause as
// a code with parameters (migration 009), on both engines.

const SCOPE = { userId: 'tid:ann', folderId: 'folder-1' };

/** Every string core wrote before (pair-actions' deletedInBc reason), and the data it stands for. */
const LEGACY: readonly (readonly [string, unknown])[] = [
  ['deleted in Business Central', { kind: 'bcDeleted' }],
  ['no e-mail', { kind: 'outOfScope', reasons: [{ kind: 'noEmail' }] }],
  ['no name', { kind: 'outOfScope', reasons: [{ kind: 'noName' }] }],
  ['company contact', { kind: 'outOfScope', reasons: [{ kind: 'companyContact' }] }],
  ['privacy blocked', { kind: 'outOfScope', reasons: [{ kind: 'privacyBlocked' }] }],
  [
    'excluded by filter: city, jobTitle',
    { kind: 'outOfScope', reasons: [{ kind: 'excludedByFilter', fields: ['city', 'jobTitle'] }] },
  ],
  [
    'no e-mail; privacy blocked; excluded by filter: name',
    {
      kind: 'outOfScope',
      reasons: [
        { kind: 'noEmail' },
        { kind: 'privacyBlocked' },
        { kind: 'excludedByFilter', fields: ['name'] },
      ],
    },
  ],
];

const record = (reason: unknown) => ({
  kind: 'deletedInBc',
  displayName: 'Ann',
  reason,
  fields: [{ field: 'jobTitle', base: 'A', bc: '', outlook: 'B', winner: 'none' }],
});

describe.each(STORE_ENGINES)('migration 009 (deletion causes as data) on %s', (_name, open) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await open();
    await migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 8),
    );
    for (const [i, [reason]] of LEGACY.entries())
      await db.query(
        `INSERT INTO sync_conflicts (user_id, folder_id, bc_id, outlook_id, record) VALUES ($1, $2, $3, $4, $5::jsonb)`,
        [SCOPE.userId, SCOPE.folderId, `bc-${i}`, `ol-${i}`, JSON.stringify(record(reason))],
      );
    // A field conflict and a record already in the new shape are left as they are.
    const untouched = [
      { kind: 'fields', displayName: 'Bo', fields: [] },
      record({ kind: 'outOfScope', reasons: [{ kind: 'noEmail' }] }),
    ];
    for (const [i, r] of untouched.entries())
      await db.query(
        `INSERT INTO sync_conflicts (user_id, folder_id, bc_id, outlook_id, record) VALUES ($1, $2, $3, $4, $5::jsonb)`,
        [SCOPE.userId, SCOPE.folderId, `keep-${i}`, `ok-${i}`, JSON.stringify(r)],
      );
    await migrate(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  test.each(LEGACY.map(([text, cause], i) => [text, cause, i] as const))(
    'the stored reason "%s" becomes its cause as data',
    async (_text, cause, i) => {
      const entries = await new SqlSyncStateStore(db).listConflicts(SCOPE);
      expect(entries.find((e) => e.bcId === `bc-${i}`)?.record).toEqual(record(cause));
    },
  );

  test('records without an English reason are untouched', async () => {
    const entries = await new SqlSyncStateStore(db).listConflicts(SCOPE);
    expect(entries.filter((e) => e.bcId.startsWith('keep-')).map((e) => e.record)).toEqual([
      { kind: 'fields', displayName: 'Bo', fields: [] },
      record({ kind: 'outOfScope', reasons: [{ kind: 'noEmail' }] }),
    ]);
  });
});
