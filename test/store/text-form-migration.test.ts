import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { SYNC_FIELDS, nfc, nfcSyncFields } from '../../src/core/model.js';
import type { SyncFields } from '../../src/core/model.js';
import { odataFilterToSql } from '../../src/server/bc-api/odata-query.js';
import { findContactsByEmails, insertCompany, listContacts } from '../../src/store/bc-repository.js';
import type { Db } from '../../src/store/db.js';
import {
  LATEST_SCHEMA_VERSION,
  MIGRATIONS,
  migrate,
  schemaVersion,
} from '../../src/store/migrations/index.js';
import { SqlSyncStateStore } from '../../src/store/sql-state-store.js';
import { STORE_ENGINES } from '../support/postgres.js';
import type { TestDb } from '../support/postgres.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';

// Issue 8 §5 for data stored before one text form was enforced: migration 007 brings BC-side rows
// and the stored sync state to NFC (and BC's Code fields to upper case), on the embedded default
// (PGlite) and on a PostgreSQL server, with rows of the old shape inserted before migrating.

const NFD = (s: string) => s.normalize('NFD');
const NAME = 'Chloé Dupré';
const EMAIL = 'Zoë.Ñúñez@Example.org';
const COMPANY_ID = '11111111-0000-4000-8000-000000000001';
const CHLOE = '22222222-0000-4000-8000-000000000001';
const BOB = '22222222-0000-4000-8000-000000000002';
const SCOPE = { userId: 'tid:ann', folderId: 'folder-1' };

/** Every string inside a JSON value in NFC, as JavaScript makes it (what the migration must match). */
const deepNfc = (v: unknown): unknown =>
  typeof v === 'string'
    ? nfc(v)
    : Array.isArray(v)
      ? v.map(deepNfc)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deepNfc(x)]))
        : v;

const fields = (over: Partial<SyncFields>): SyncFields => ({
  ...(Object.fromEntries(SYNC_FIELDS.map((f) => [f, ''])) as SyncFields),
  ...over,
});
const CHLOE_BC = fields({
  displayName: NFD(NAME),
  firstName: NFD('Chloé'),
  surname: NFD('Dupré'),
  email: NFD(EMAIL),
  city: NFD('Besançon'),
  addressLine1: NFD('Rue de l’Église 5'),
  postalCode: 'sw1a 1aa',
  country: 'gb',
});
const BOB_BC = fields({ displayName: 'Bo Lind', email: 'Bo.Lind@example.se', city: 'Malmö', country: 'SE' });
const OUTLOOK_OWN = {
  emails: [NFD('zoë.home@example.net')],
  phones: ['+33 6 99 99 99 99'],
  waiting: { email2: NFD('chloé@work.example') },
};
const CONFLICT = {
  kind: 'fields',
  displayName: NFD(NAME),
  detectedAt: '2026-03-01T08:00:00.000Z',
  fields: [
    {
      field: 'jobTitle',
      base: NFD('Acheteuse'),
      bc: NFD('Déléguée'),
      outlook: NFD('Chef d’équipe'),
      winner: 'bc',
    },
  ],
};
const SKIP = {
  side: 'outlook',
  bcId: CHLOE,
  outlookId: 'ol-1',
  displayName: NFD(NAME),
  reason: { kind: 'unknownCountry', field: 'country', value: NFD('Ísland-ish') },
};

const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Raw SQL in the shape of schema 6: the facade of today would normalize on the way in. */
async function insertOldRows(db: Db): Promise<void> {
  await insertCompany(db, new ManualClock('2026-03-01T08:00:00.000Z'), { id: COMPANY_ID, name: 'CRONUS' });
  for (const [id, number, c, territory] of [
    [CHLOE, 'CT000001', CHLOE_BC, 'nord'],
    [BOB, 'CT000002', BOB_BC, 'SOUTH'],
  ] as const) {
    const cols = SYNC_FIELDS.map(snake);
    await db.query(
      `INSERT INTO bc_contacts (id, company_id, number, territory_code, ${cols.join(', ')})
       VALUES ($1, $2, $3, $4, ${cols.map((_, i) => `$${i + 5}`).join(', ')})`,
      [id, COMPANY_ID, number, territory, ...SYNC_FIELDS.map((f) => c[f])],
    );
  }
  await db.query(
    `INSERT INTO sync_links (user_id, folder_id, bc_id, outlook_id, base, bc_etag, outlook_change_key, outlook_own)
     VALUES ($1, $2, $3, 'ol-1', $4::jsonb, 'e', 'k', $5::jsonb), ($1, $2, $6, 'ol-2', $7::jsonb, 'e', 'k', NULL)`,
    [
      SCOPE.userId,
      SCOPE.folderId,
      CHLOE,
      JSON.stringify(CHLOE_BC),
      JSON.stringify(OUTLOOK_OWN),
      BOB,
      JSON.stringify(BOB_BC),
    ],
  );
  await db.query(
    `INSERT INTO sync_conflicts (user_id, folder_id, bc_id, outlook_id, record) VALUES ($1, $2, $3, 'ol-1', $4::jsonb)`,
    [SCOPE.userId, SCOPE.folderId, CHLOE, JSON.stringify(CONFLICT)],
  );
  await db.query(
    `INSERT INTO sync_skipped (user_id, folder_id, key, record) VALUES ($1, $2, 'outlook:ol-1', $3::jsonb)`,
    [SCOPE.userId, SCOPE.folderId, JSON.stringify(SKIP)],
  );
}

const byName = (db: Db) =>
  listContacts(db, COMPANY_ID, { where: odataFilterToSql(`displayName eq '${NAME}'`) });
const rowsOf = async (db: Db) =>
  (await db.query<Record<string, unknown>>('SELECT * FROM bc_contacts ORDER BY number')).rows;

describe.each(STORE_ENGINES)('migration 007 (one text form for stored data) on %s', (_name, open) => {
  let db: TestDb;
  let before: Record<string, unknown>[];

  beforeAll(async () => {
    db = await open();
    await migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 6),
    );
    await insertOldRows(db);
    before = await rowsOf(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  test('before it, a name stored decomposed is invisible to a filter and an e-mail lookup typed in NFC', async () => {
    expect(await byName(db)).toHaveLength(0);
    expect(await findContactsByEmails(db, COMPANY_ID, [EMAIL.toUpperCase()])).toHaveLength(0);
  });

  test('after it, the NFC filter and the lookup in any case find her; every text column is NFC; codes are upper case', async () => {
    expect((await migrate(db))[0]).toBe(7);
    expect(await schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect((await byName(db)).map((c) => c.id)).toEqual([CHLOE]);
    expect((await findContactsByEmails(db, COMPANY_ID, [EMAIL.toUpperCase()])).map((c) => c.id)).toEqual([
      CHLOE,
    ]);
    const [chloe] = await listContacts(db, COMPANY_ID, { where: (p) => `id = ${p(CHLOE)}::uuid` });
    expect(chloe).toMatchObject({
      ...nfcSyncFields(CHLOE_BC),
      email: nfc(EMAIL), // the case BC was given stays
      postalCode: 'SW1A 1AA',
      country: 'GB',
      territoryCode: 'NORD',
    });
    const textColumns = (
      await db.query<{ c: string }>(
        `SELECT column_name AS c FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = 'bc_contacts' AND data_type = 'text'`,
      )
    ).rows.map((r) => r.c);
    expect(textColumns.length).toBeGreaterThan(SYNC_FIELDS.length);
    for (const c of textColumns) {
      const r = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM bc_contacts WHERE "${c}" IS NOT NFC NORMALIZED`,
      );
      expect({ column: c, notNfc: r.rows[0]!.n }).toEqual({ column: c, notNfc: 0 });
    }
  });

  test('a row already in form is untouched, and no row counts as changed (version and time stay)', async () => {
    const after = await rowsOf(db);
    expect(after[1]).toEqual(before[1]);
    expect(after.map((r) => [r.row_version, r.last_modified])).toEqual(
      before.map((r) => [r.row_version, r.last_modified]),
    );
  });

  test('the stored sync state holds the same text in NFC: link base (codes as BC holds them), Outlook’s own values, conflicts, skips', async () => {
    const store = new SqlSyncStateStore(db);
    const links = await store.listLinks(SCOPE);
    const chloe = links.find((l) => l.bcId === CHLOE)!;
    expect(chloe.base).toEqual({ ...nfcSyncFields(CHLOE_BC), postalCode: 'SW1A 1AA', country: 'GB' });
    expect(chloe.outlookOwn).toEqual(deepNfc(OUTLOOK_OWN));
    expect(links.find((l) => l.bcId === BOB)?.base).toEqual(BOB_BC);
    // The base mirrors the BC row, so the next sync sees no BC change.
    const [bcNow] = await listContacts(db, COMPANY_ID, { where: (p) => `id = ${p(CHLOE)}::uuid` });
    for (const f of SYNC_FIELDS) expect({ f, v: bcNow![f] }).toEqual({ f, v: chloe.base[f] });
    const conflicts = await db.query<{ record: unknown }>('SELECT record FROM sync_conflicts');
    expect(conflicts.rows.map((r) => r.record)).toEqual([deepNfc(CONFLICT)]);
    const skipped = await db.query<{ record: unknown }>('SELECT record FROM sync_skipped');
    expect(skipped.rows.map((r) => r.record)).toEqual([deepNfc(SKIP)]);
  });

  test('property: the database’s NFC is JavaScript’s NFC (the form the facade writes) for random text', async () => {
    const marks = ['\u0301', '\u0300', '\u0308', '\u0327', '\u0323', '\u0307', '\u030A', '\u0303', '\u0345'];
    const pieces = fc.oneof(
      fc.constantFrom(
        'e',
        'a',
        'A',
        'o',
        'n',
        'c',
        'i',
        's',
        'ω',
        '\u212B',
        '\u1100',
        '\u1161',
        '\u11A8',
        'ﬁ',
        ' ',
      ),
      fc.constantFrom(...marks),
      fc.string({ unit: 'grapheme-composite', maxLength: 3 }),
    );
    const texts = fc.sample(
      fc.array(pieces, { maxLength: 12 }).map((a) => a.join('')),
      {
        numRuns: Number(process.env.PROP_RUNS ?? 400),
        seed: Number(process.env.PROP_SEED ?? 8007),
      },
    );
    const r = await db.query<{ n: string }>(
      'SELECT normalize(t, NFC) AS n FROM unnest($1::text[]) WITH ORDINALITY AS u(t, i) ORDER BY i',
      [texts],
    );
    const mismatches = texts.filter((t, i) => r.rows[i]!.n !== t.normalize('NFC'));
    expect(mismatches).toEqual([]);
  });
});
