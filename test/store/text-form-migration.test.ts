import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { SYNC_FIELDS, nfc } from '../../src/core/model.js';
import { bcToSyncFields } from '../../src/core/mapping.js';
import { parseFilter } from '../../src/server/bc-api/odata-filter.js';
import { filterToSql } from '../../src/server/bc-api/odata-sql.js';
import { findContactsByEmails, listContacts } from '../../src/store/bc-repository.js';
import type { Db } from '../../src/store/db.js';
import { LATEST_SCHEMA_VERSION, migrate, schemaVersion } from '../../src/store/migrations/index.js';
import { SqlSyncStateStore } from '../../src/store/sql-state-store.js';
import { STORE_ENGINES } from '../support/postgres.js';
import { deepNfc, insertOldStore, syncFields, oldStoreForTests } from '../support/old-rows.js';

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

const CHLOE_BC = syncFields({
  displayName: NFD(NAME),
  firstName: NFD('Chloé'),
  surname: NFD('Dupré'),
  email: NFD(EMAIL),
  city: NFD('Besançon'),
  addressLine1: NFD('Rue de l’Église 5'),
  postalCode: 'sw1a 1aa',
  country: 'gb',
});
const BOB_BC = syncFields({
  displayName: 'Bo Lind',
  email: 'Bo.Lind@example.se',
  city: 'Malmö',
  country: 'SE',
});
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

/** Raw SQL in the shape of schema 6: the facade of today would normalize on the way in. */
async function insertOldRows(db: Db): Promise<void> {
  await insertOldStore(db, COMPANY_ID, SCOPE, {
    contacts: [
      { id: CHLOE, number: 'CT000001', fields: CHLOE_BC, columns: { territory_code: 'nord' } },
      { id: BOB, number: 'CT000002', fields: BOB_BC, columns: { territory_code: 'SOUTH' } },
    ],
    first: { bcId: CHLOE, base: CHLOE_BC, outlookOwn: OUTLOOK_OWN },
    second: { bcId: BOB, base: BOB_BC },
    conflict: CONFLICT,
    skip: SKIP,
  });
}

const byName = (db: Db) =>
  listContacts(db, COMPANY_ID, { where: filterToSql(parseFilter(`displayName eq '${NAME}'`)) });

describe.each(STORE_ENGINES)('migration 007 (one text form for stored data) on %s', (_name, open) => {
  const old = oldStoreForTests(open, 6, insertOldRows);

  test('before it, a name stored decomposed is invisible to a filter typed in NFC (an e-mail look-up asks for both forms since F132)', async () => {
    expect(await byName(old.db)).toHaveLength(0);
    // F132: e-mail look-ups ask for the decomposed form too, so this one no longer depends on the migration.
    expect((await findContactsByEmails(old.db, COMPANY_ID, [EMAIL.toUpperCase()])).map((c) => c.id)).toEqual([
      CHLOE,
    ]);
  });

  test('after it, the NFC filter and the lookup in any case find her; every text column is NFC; codes are upper case', async () => {
    expect((await migrate(old.db))[0]).toBe(7);
    expect(await schemaVersion(old.db)).toBe(LATEST_SCHEMA_VERSION);
    expect((await byName(old.db)).map((c) => c.id)).toEqual([CHLOE]);
    expect((await findContactsByEmails(old.db, COMPANY_ID, [EMAIL.toUpperCase()])).map((c) => c.id)).toEqual([
      CHLOE,
    ]);
    const [chloe] = await listContacts(old.db, COMPANY_ID, { where: (p) => `id = ${p(CHLOE)}::uuid` });
    expect(chloe).toMatchObject({
      ...bcToSyncFields(CHLOE_BC),
      email: nfc(EMAIL), // the case BC was given stays
      postalCode: 'SW1A 1AA',
      country: 'GB',
      territoryCode: 'NORD',
    });
    const textColumns = (
      await old.db.query<{ c: string }>(
        `SELECT column_name AS c FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = 'bc_contacts' AND data_type = 'text'`,
      )
    ).rows.map((r) => r.c);
    expect(textColumns.length).toBeGreaterThan(SYNC_FIELDS.length);
    for (const c of textColumns) {
      const r = await old.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM bc_contacts WHERE "${c}" IS NOT NFC NORMALIZED`,
      );
      expect({ column: c, notNfc: r.rows[0]!.n }).toEqual({ column: c, notNfc: 0 });
    }
  });

  test('a row already in form is untouched, and no row counts as changed (version and time stay)', async () => {
    const after = await old.rows();
    expect(after[1]).toEqual(old.before[1]);
    expect(after.map((r) => [r.row_version, r.last_modified])).toEqual(
      old.before.map((r) => [r.row_version, r.last_modified]),
    );
  });

  test('the stored sync state holds the same text in NFC: link base (codes as BC holds them), Outlook’s own values, conflicts, skips', async () => {
    const store = new SqlSyncStateStore(old.db);
    const links = await store.listLinks(SCOPE);
    const chloe = links.find((l) => l.bcId === CHLOE)!;
    expect(chloe.base).toEqual({ ...bcToSyncFields(CHLOE_BC), postalCode: 'SW1A 1AA', country: 'GB' });
    expect(chloe.outlookOwn).toEqual(deepNfc(OUTLOOK_OWN));
    expect(links.find((l) => l.bcId === BOB)?.base).toEqual(BOB_BC);
    // The base mirrors the BC row, so the next sync sees no BC change.
    const [bcNow] = await listContacts(old.db, COMPANY_ID, { where: (p) => `id = ${p(CHLOE)}::uuid` });
    for (const f of SYNC_FIELDS) expect({ f, v: bcNow![f] }).toEqual({ f, v: chloe.base[f] });
    expect(await old.records()).toEqual({ conflicts: [deepNfc(CONFLICT)], skipped: [deepNfc(SKIP)] });
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
    const r = await old.db.query<{ n: string }>(
      'SELECT normalize(t, NFC) AS n FROM unnest($1::text[]) WITH ORDINALITY AS u(t, i) ORDER BY i',
      [texts],
    );
    const mismatches = texts.filter((t, i) => r.rows[i]!.n !== t.normalize('NFC'));
    expect(mismatches).toEqual([]);
  });
});
