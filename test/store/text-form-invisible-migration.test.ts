import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { SYNC_FIELDS, nfc } from '../../src/core/model.js';
import { IGNORED_RANGES, NEEDED_BY_TEXT, OTHER_SPACES } from '../../src/core/text-form.js';
import { parseFilter } from '../../src/server/bc-api/odata-filter.js';
import { filterToSql } from '../../src/server/bc-api/odata-sql.js';
import { findContactsByEmails, listContacts } from '../../src/store/bc-repository.js';
import type { Db } from '../../src/store/db.js';
import { migrate, schemaVersion } from '../../src/store/migrations/index.js';
import { SqlSyncStateStore } from '../../src/store/sql-state-store.js';
import { STORE_ENGINES } from '../support/postgres.js';
import { deepNfc, insertOldStore, syncFields, oldStoreForTests } from '../support/old-rows.js';

// Values stored before F68 (and before F88/F94's soft hyphen and space separators) were never
// cleaned: migration 014 brings the facade's rows and the stored sync state to today's text form, on
// the embedded store (PGlite) and on a PostgreSQL server, with rows of the old shape inserted first.

const COMPANY_ID = '11111111-0000-4000-8000-000000000014';
const AMAL = '22222222-0000-4000-8000-000000000014';
const BOB = '22222222-0000-4000-8000-000000000015';
const SCOPE = { userId: 'tid:ann', folderId: 'folder-1' };

const AMAL_BC = syncFields({
  displayName: '\u202BAmal\u200B Haddad\u202C',
  firstName: 'Amal\uFEFF',
  surname: 'Had\u00ADdad',
  jobTitle: 'Head\u00A0Buyer',
  email: 'amal\u200B@haddad.example',
  city: 'New\u00A0York',
  addressLine1: '5\u202FAvenue',
  country: 'US',
});
const BOB_BC = syncFields({
  displayName: 'Bo Lind',
  email: 'Bo.Lind@example.se',
  city: 'Malmö',
  country: 'SE',
});
const OUTLOOK_OWN = { emails: ['amal.home\u200B@example.net'], phones: ['+1\u00A0212\u00A0555\u00A00100'] };
const CONFLICT = {
  kind: 'fields',
  displayName: '\u202BAmal Haddad\u202C',
  detectedAt: '2026-03-01T08:00:00.000Z',
  fields: [
    { field: 'jobTitle', base: 'Buyer', bc: 'Head\u00A0Buyer', outlook: 'Lead\u2060 Buyer', winner: 'bc' },
  ],
};
const SKIP = {
  side: 'outlook',
  bcId: AMAL,
  outlookId: 'ol-1',
  displayName: 'Amal Haddad',
  reason: { kind: 'unknownCountry', field: 'country', value: 'GER\u00ADMANY' },
};

/** Every listed character (each end of every range, the spaces, the kept ones) plus letters and marks. */
const ends = (ranges: readonly (readonly [number, number])[]) =>
  ranges.flatMap(([a, b]) => [a, b]).map((cp) => String.fromCodePoint(cp));
const CHARS = [...ends(IGNORED_RANGES), ...ends(OTHER_SPACES), ...ends(NEEDED_BY_TEXT)];
const RANDOM_TEXTS = fc.sample(
  fc
    .array(
      fc.oneof(fc.constantFrom(...CHARS), fc.constantFrom('a', 'é', 'e', '\u0301', ' ', 'Å', '한', '\u1161')),
      {
        maxLength: 14,
      },
    )
    .map((a) => a.join('')),
  { numRuns: Number(process.env.PROP_RUNS ?? 300), seed: Number(process.env.PROP_SEED ?? 1414) },
);
const randomId = (i: number) => `33333333-0000-4000-8000-${String(i).padStart(12, '0')}`;

/** Raw SQL in the shape of schema 13: today's facade would store the text form on the way in. */
async function insertOldRows(db: Db): Promise<void> {
  await insertOldStore(db, COMPANY_ID, SCOPE, {
    contacts: [
      { id: AMAL, number: 'CT000001', fields: AMAL_BC },
      { id: BOB, number: 'CT000002', fields: BOB_BC },
      ...RANDOM_TEXTS.map((t, i) => ({
        id: randomId(i),
        number: `RT${String(i).padStart(6, '0')}`,
        fields: syncFields({ displayName: t, jobTitle: t }),
      })),
    ],
    first: { bcId: AMAL, base: AMAL_BC, outlookOwn: OUTLOOK_OWN },
    second: { bcId: BOB, base: BOB_BC },
    conflict: CONFLICT,
    skip: SKIP,
  });
  await db.query(
    `INSERT INTO bc_countries_regions (company_id, id, code, display_name, last_modified)
     VALUES ($1, '44444444-0000-4000-8000-000000000001', 'HOL', 'Hol\u00ADland', now())`,
    [COMPANY_ID],
  );
}

const inNewYork = (db: Db) =>
  listContacts(db, COMPANY_ID, { where: filterToSql(parseFilter(`city eq 'New York'`)) });

describe.each(STORE_ENGINES)(
  'migration 014 (stored values without invisible characters) on %s',
  (_name, open) => {
    const old = oldStoreForTests(open, 13, insertOldRows);

    test('before it, a city stored with a no-break space and an e-mail with a zero-width space are invisible to the filter and the look-up', async () => {
      expect(await inNewYork(old.db)).toHaveLength(0);
      expect(await findContactsByEmails(old.db, COMPANY_ID, ['amal@haddad.example'])).toHaveLength(0);
    });

    test('after it, the filter and the look-up find her, and every stored text column is in the text form', async () => {
      expect(await migrate(old.db)).toContain(14);
      expect(await schemaVersion(old.db)).toBeGreaterThanOrEqual(14);
      expect((await inNewYork(old.db)).map((c) => c.id)).toEqual([AMAL]);
      expect(
        (await findContactsByEmails(old.db, COMPANY_ID, ['amal@haddad.example'])).map((c) => c.id),
      ).toEqual([AMAL]);
      const after = await old.rows();
      const wrong = after.flatMap((row) =>
        Object.entries(row).flatMap(([column, v]) =>
          typeof v === 'string' && v !== nfc(v) ? [{ number: row.number, column, v }] : [],
        ),
      );
      expect(wrong).toEqual([]);
      const [amal] = await listContacts(old.db, COMPANY_ID, { where: (p) => `id = ${p(AMAL)}::uuid` });
      expect(amal).toMatchObject({
        displayName: 'Amal Haddad',
        firstName: 'Amal',
        surname: 'Haddad',
        jobTitle: 'Head Buyer',
        email: 'amal@haddad.example',
        city: 'New York',
        addressLine1: '5 Avenue',
      });
    });

    test('property: the migration gives exactly JavaScript’s text form for random text over every listed character', async () => {
      const after = new Map((await old.rows()).map((r) => [r.number as string, r]));
      const mismatches = RANDOM_TEXTS.flatMap((t, i) => {
        const row = after.get(`RT${String(i).padStart(6, '0')}`)!;
        return row.display_name === nfc(t) && row.job_title === nfc(t) ? [] : [{ t, got: row.display_name }];
      });
      expect(mismatches).toEqual([]);
    });

    test('no row counts as changed (version and time stay); a row already in form is untouched', async () => {
      const after = await old.rows();
      expect(after.find((r) => r.id === BOB)).toEqual(old.before.find((r) => r.id === BOB));
      expect(after.map((r) => [r.id, r.row_version, r.last_modified])).toEqual(
        old.before.map((r) => [r.id, r.row_version, r.last_modified]),
      );
    });

    test('the stored sync state holds the same text in form: link base (mirroring the BC row), Outlook’s own values, conflicts, skips, the company’s country names', async () => {
      const links = await new SqlSyncStateStore(old.db).listLinks(SCOPE);
      const amal = links.find((l) => l.bcId === AMAL)!;
      expect(amal.base).toEqual(deepNfc(AMAL_BC));
      expect(amal.outlookOwn).toEqual(deepNfc(OUTLOOK_OWN));
      expect(links.find((l) => l.bcId === BOB)?.base).toEqual(BOB_BC);
      const [bcNow] = await listContacts(old.db, COMPANY_ID, { where: (p) => `id = ${p(AMAL)}::uuid` });
      for (const f of SYNC_FIELDS) expect({ f, v: bcNow![f] }).toEqual({ f, v: amal.base[f] });
      expect(await old.records()).toEqual({
        conflicts: [deepNfc(CONFLICT)],
        skipped: [deepNfc(SKIP)],
      });
      const names = await old.db.query<{ display_name: string }>(
        'SELECT display_name FROM bc_countries_regions',
      );
      expect(names.rows.map((r) => r.display_name)).toEqual(['Holland']);
    });
  },
);
