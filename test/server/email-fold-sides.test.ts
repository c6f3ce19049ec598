import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import pg from 'pg';
import { emailFoldTranslation, foldEmailCase } from '../../src/pure/email-fold.js';
import { nfc, normalizeEmail } from '../../src/core/model.js';
import { ManualClock } from '../../src/fakes/manual-clock.js';
import { parseFilter } from '../../src/server/bc-api/odata-filter.js';
import { filterToSql } from '../../src/server/bc-api/odata-sql.js';
import {
  findContactsByEmails,
  insertCompany,
  insertContact,
  listContacts,
} from '../../src/store/bc-repository.js';
import { openPglite } from '../../src/store/db.js';
import type { Db } from '../../src/store/db.js';
import { openStore } from '../../src/store/open-store.js';
import { buildMigratedTemplate } from '../store/pglite-template.js';

/*
 * Brief emailfold: the engine matched addresses by JavaScript's toLowerCase, the facade looked them
 * up by PostgreSQL's lower(); they fold apart (ΣΟΦΙΑΣ, İ, the Kelvin sign, and lower() follows the
 * server's locale), so a contact the engine matched was not found by the facade — a duplicate — or
 * the reverse. Now both fold by one table (pure/email-fold.ts; email_fold, migration 022). Here, on
 * PGlite and on the local PostgreSQL (a throwaway database; a server that is down FAILS this file):
 * the facade's look-ups (the store's look-up by e-mail, the OData `email eq`) find exactly the
 * stored addresses the engine's folding calls the same, for a table of tricky addresses and for
 * random ones; and the SQL function folds any text as the engine does. Addresses are stored in
 * their one text form, as the facade's API stores them (entity-body.ts: nfc).
 */

const STORED = [
  ...['ΣΟΦΙΑΣ', 'σοφιας', 'σοφιασ'].map((l) => `${l}@ellas.example`),
  ...['İlker', 'ilker', 'ılker', 'i\u0307lker', 'ILKER'].map((l) => `${l}@yilmaz.example`),
  ...['ÖZGÜR', 'özgür'].map((l) => `${l}@istanbul.example`),
  ...['strauß', 'STRAUẞ', 'strauss'].map((l) => `${l}@bayern.example`),
  ...['kelvin\u212a', 'kelvink', 'KELVINK'].map((l) => `${l}@lab.example`),
  ...['\ufb01nn', 'finn', 'FINN'].map((l) => `${l}@suomi.example`),
  ...['Ａnna', 'ａnna', 'anna'].map((l) => `${l}@zen.example`),
  ...['Émile', 'e\u0301mile'].map((l) => `${l}@paris.example`),
  ...['ᾈδης', 'ᾀδης', 'ᾳδης'].map((l) => `${l}@hades.example`),
  ...['µ', 'μ', 'Μ', 'ſtefan', 'stefan'].map((l) => `${l}@misc.example`),
  'Anna@Bücher.example',
];

const QUERIES = [
  ...STORED,
  'ΣΟΦΙΑς@ellas.example',
  'ILKER@YILMAZ.EXAMPLE',
  'İLKER@yilmaz.example',
  'ÉMILE@PARIS.EXAMPLE',
  'E\u0301MILE@paris.example',
  'STRASSE@bayern.example',
  'ΆΔΗΣ@hades.example',
  'ᾼδης@hades.example',
  'anna@xn--bcher-kva.example',
  'ANNA@BÜCHER.EXAMPLE',
];

/** What the engine calls one address in an OData filter (no trimming, no ACE: the literal as typed). */
const sameInFilter = (a: string, b: string) => foldEmailCase(nfc(a)) === foldEmailCase(nfc(b));
const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** Random addresses over the letters that fold apart, so that many of them are one address. */
const TRICKY = [...'aAiIİıΣσςsSßẞkK\u212aﬁfＡａéÉ\u0301µμΜſᾀᾈ'];
const trickyAddress = fc
  .string({ unit: fc.constantFrom(...TRICKY), minLength: 1, maxLength: 4 })
  .map((local) => `${local}@x.example`);

/** Any text PostgreSQL can hold (no NUL, no lone surrogate), dense in the table's characters. */
const { from: FOLDED_FROM } = emailFoldTranslation();
const anyText = fc
  .string({
    unit: fc.oneof(fc.constantFrom(...FOLDED_FROM, ...TRICKY), fc.string({ unit: 'binary', maxLength: 1 })),
  })
  .map((s) => s.replace(/\p{Cs}/gu, '').replaceAll('\u0000', ''));

function foldTable(name: string, open: () => Promise<{ db: Db; close(): Promise<void> }>): void {
  describe(`${name}: the facade finds what the engine's folding matches`, () => {
    let db: Db;
    let close: () => Promise<void>;
    let companyId: string;
    const clock = new ManualClock('2026-03-01T08:00:00.000Z');

    beforeAll(async () => {
      ({ db, close } = await open());
      companyId = (await insertCompany(db, clock, { name: 'Fold' })).id;
      for (const [i, email] of STORED.entries()) {
        const r = await insertContact(db, clock, companyId, {
          displayName: `Person ${i}`,
          email: nfc(email),
        });
        if (!r.ok) throw new Error(r.error.message);
      }
    });
    afterAll(async () => close?.());

    const byFilter = async (filter: string) =>
      (await listContacts(db, companyId, { where: filterToSql(parseFilter(filter)) }))
        .map((c) => c.email)
        .sort();

    test.each(QUERIES)(
      'the look-up by e-mail of %s finds the addresses normalizeEmail calls the same',
      async (q) => {
        const found = (await findContactsByEmails(db, companyId, [q])).map((c) => c.email).sort();
        const want = STORED.map(nfc).filter((s) => normalizeEmail(s) === normalizeEmail(q));
        expect(found).toEqual(want.sort());
      },
    );

    test.each(QUERIES)('email eq %s finds the addresses the folding calls the same', async (q) => {
      expect(await byFilter(`email eq ${lit(q)}`)).toEqual(
        STORED.map(nfc)
          .filter((s) => sameInFilter(s, q))
          .sort(),
      );
    });

    test('the example: ΣΟΦΙΑΣ finds both final-sigma spellings; İlker finds İlker only (not ilker, ılker, i̇lker)', async () => {
      expect(await byFilter(`email eq 'ΣΟΦΙΑΣ@ellas.example'`)).toEqual(
        ['ΣΟΦΙΑΣ@ellas.example', 'σοφιας@ellas.example', 'σοφιασ@ellas.example'].sort(),
      );
      const ilker = (await findContactsByEmails(db, companyId, ['İlker@yilmaz.example'])).map((c) => c.email);
      expect(ilker).toEqual(['İlker@yilmaz.example']);
    });

    test('the string functions fold as eq does: contains, startswith, endswith', async () => {
      expect(await byFilter(`contains(email, 'ΟΦΙΑς@')`)).toEqual(
        await byFilter(`email eq 'σοφιας@ellas.example'`),
      );
      expect(await byFilter(`startswith(email, 'ÖZG')`)).toEqual([
        'ÖZGÜR@istanbul.example',
        'özgür@istanbul.example',
      ]);
      expect(await byFilter(`endswith(email, 'ΔΗΣ@HADES.EXAMPLE')`)).toHaveLength(3);
    });

    test('property: random addresses — found by e-mail exactly when normalizeEmail calls them one', async () => {
      const stored = fc.sample(trickyAddress, { numRuns: 40, seed: 2207 });
      const other = (await insertCompany(db, clock, { name: 'Fold random' })).id;
      for (const email of stored) {
        const r = await insertContact(db, clock, other, { displayName: 'Random', email: nfc(email) });
        if (!r.ok) throw new Error(r.error.message);
      }
      for (const q of [...fc.sample(trickyAddress, { numRuns: 40, seed: 2208 }), ...stored.slice(0, 10)]) {
        const found = (await findContactsByEmails(db, other, [q])).map((c) => c.email).sort();
        expect(found).toEqual(
          stored
            .map(nfc)
            .filter((s) => normalizeEmail(s) === normalizeEmail(q))
            .sort(),
        );
      }
    });

    test('property: email_fold folds any text as foldEmailCase does (and every character of the table)', async () => {
      const texts = [FOLDED_FROM, ...fc.sample(anyText, { numRuns: 500, seed: 2209 })];
      const r = await db.query<{ f: string }>(
        'SELECT email_fold(t) AS f FROM unnest($1::text[]) WITH ORDINALITY AS u(t, n) ORDER BY n',
        [texts],
      );
      expect(r.rows.map((x) => x.f)).toEqual(texts.map(foldEmailCase));
    });
  });
}

foldTable('PGlite', async () => {
  const { template } = await buildMigratedTemplate();
  const db = await openPglite({ loadDataDir: template });
  return { db, close: () => db.close() };
});

const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `bcsync_emailfold_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;

foldTable('PostgreSQL', async () => {
  const admin = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5_000 });
  await admin.connect();
  // The name is ours (no user input), so it can be spliced; identifiers cannot be parameters.
  await admin.query(`CREATE DATABASE ${dbName}`);
  const u = new URL(ADMIN_URL);
  u.pathname = `/${dbName}`;
  const store = await openStore({ databaseUrl: u.toString() });
  return {
    db: store.db,
    close: async () => {
      await store.close();
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.end();
    },
  };
});
