import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { foldEmailCase } from '../../src/pure/email-fold.js';
import { nfc, normalizeEmail } from '../../src/core/model.js';
import { compileFilter, evaluateFilter } from '../../src/core/filter/contact-filter.js';
import { emailFilters } from '../../src/bc/bc-wire.js';
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
import { buildMigratedTemplate } from '../store/pglite-template.js';

/*
 * Brief foldfast: every place that folds an e-mail address's case folds it by the one table
 * (pure/email-fold.ts), and the facade folds no row when it reads. Before, the sync filter and the
 * real tenant's look-up folded by toLowerCase (ΣΟΦΙΑΣ → σοφιας, not σοφιασ; ı, ſ, µ stayed), and
 * every OData string function on email/email2 (and email2 eq) ran email_fold over each row: 45 s a
 * request at 100k contacts. Stored addresses are in the facade's one text form (NFC).
 */

const LOCALS = [
  ...['ΣΟΦΙΑΣ', 'σοφιας', 'σοφιασ'],
  ...['IAN', 'ıan', 'ian', 'İan'],
  ...['SAM', 'ſam', 'sam'],
  ...['µ', 'μ', 'Μ'],
  ...['Ａnna', 'ａnna', 'anna'],
  ...['strauß', 'STRAUẞ', 'strauss'],
];
const STORED = LOCALS.map((l) => nfc(`${l}@x.example`));
const same = (a: string, b: string) => foldEmailCase(a) === foldEmailCase(b);

/** A place: the stored addresses it finds for the query `q` (a stored address or a part of one). */
type Place = (q: string) => Promise<string[]>;

describe('every place folds e-mail by the one table (PGlite facade)', () => {
  let db: Db & { close(): Promise<void> };
  let companyId: string;
  const clock = new ManualClock('2026-03-01T08:00:00.000Z');

  beforeAll(async () => {
    const { template } = await buildMigratedTemplate();
    db = await openPglite({ loadDataDir: template });
    companyId = (await insertCompany(db, clock, { name: 'Places' })).id;
    // email2 holds the address too, so both columns answer the same queries.
    for (const [i, email] of STORED.entries()) {
      const r = await insertContact(db, clock, companyId, { displayName: `P ${i}`, email, email2: email });
      if (!r.ok) throw new Error(r.error.message);
    }
  });
  afterAll(async () => db?.close());

  const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;
  const odata = (filter: string) => async () =>
    (await listContacts(db, companyId, { where: filterToSql(parseFilter(filter)) }))
      .map((c) => c.email)
      .sort();
  const syncFilter = (expr: string) => {
    const c = compileFilter({ email: expr });
    if (!c.ok) throw new Error(JSON.stringify(c.errors));
    return STORED.filter((s) => evaluateFilter(c.filter, { email: s }).matches);
  };

  const EQUAL_PLACES: [string, Place][] = [
    [
      'engine match (normalizeEmail)',
      async (q) => STORED.filter((s) => normalizeEmail(s) === normalizeEmail(q)),
    ],
    ['facade email eq', (q) => odata(`email eq ${lit(q)}`)()],
    ['facade email2 eq', (q) => odata(`email2 eq ${lit(q)}`)()],
    [
      'facade email ne (the rest)',
      async (q) =>
        STORED.filter((s) => !same(s, q)).length === (await odata(`email ne ${lit(q)}`)()).length
          ? STORED.filter((s) => same(s, q))
          : [],
    ],
    [
      'store look-up by e-mail',
      async (q) => (await findContactsByEmails(db, companyId, [q])).map((c) => c.email),
    ],
    ['sync filter E-Mail', async (q) => syncFilter(q)],
  ];
  const cases = EQUAL_PLACES.flatMap(([place, find]) => STORED.map((q) => [place, q, find] as const));

  test.each(cases)('%s: %s finds exactly the addresses the table calls the same', async (_place, q, find) => {
    expect((await find(q)).sort()).toEqual(STORED.filter((s) => same(s, q)).sort());
  });

  // The string functions: `part` a stored local part in another case, as users type it.
  const PARTS = LOCALS.map((l) => l.toUpperCase());
  const STRING_PLACES: [string, (part: string) => Promise<string[]>, (s: string, part: string) => boolean][] =
    [
      ...(['email', 'email2'] as const).flatMap(
        (p): [string, (part: string) => Promise<string[]>, (s: string, part: string) => boolean][] => [
          [
            `facade contains(${p})`,
            (part) => odata(`contains(${p}, ${lit(part)})`)(),
            (s, part) => s.includes(part),
          ],
          [
            `facade startswith(${p})`,
            (part) => odata(`startswith(${p}, ${lit(part)})`)(),
            (s, part) => s.startsWith(part),
          ],
          [
            `facade endswith(${p})`,
            (part) => odata(`endswith(${p}, ${lit(`${part}@X.EXAMPLE`)})`)(),
            (s, part) => s.endsWith(`${part}@x.example`),
          ],
        ],
      ),
      ['sync filter E-Mail *part*', async (part) => syncFilter(`*${part}*`), (s, part) => s.includes(part)],
    ];
  const stringCases = STRING_PLACES.flatMap(([place, find, holds]) =>
    PARTS.map((part) => [place, part, find, holds] as const),
  );

  test.each(stringCases)('%s with %s folds both sides by the table', async (_place, part, find, holds) => {
    const want = STORED.filter((s) => holds(foldEmailCase(s), foldEmailCase(nfc(part)))).sort();
    expect((await find(nfc(part))).sort()).toEqual(want);
  });

  test.each(STORED)('the real tenant is asked by %s as typed, lower-cased and by the folded key', (q) => {
    const asked = emailFilters([q]).join(' ');
    for (const form of [q, q.toLowerCase(), foldEmailCase(q)]) expect(asked).toContain(`email eq '${form}'`);
  });

  test('the example: ΣΟΦΙΑΣ, σοφιας and σοφιασ are one address in the sync filter and the facade', async () => {
    const sophia = ['ΣΟΦΙΑΣ@x.example', 'σοφιας@x.example', 'σοφιασ@x.example'];
    expect(syncFilter('σοφιασ@x.example')).toEqual(sophia);
    expect(await odata(`email2 eq 'ΣΟΦΙΑς@X.EXAMPLE'`)()).toEqual([...sophia].sort());
  });

  test('no row is folded when the facade reads: every e-mail condition compares a folded column with a folded value', async () => {
    for (const p of ['email', 'email2']) {
      for (const f of [
        `${p} eq 'ΣΟΦΙΑΣ@X'`,
        `${p} ne 'ΣΟΦΙΑΣ@X'`,
        `contains(${p}, 'ΣΟΦΙΑΣ')`,
        `startswith(${p}, 'ΣΟΦΙΑΣ')`,
        `endswith(${p}, 'ΣΟΦΙΑΣ')`,
      ]) {
        const values: unknown[] = [];
        const sql = filterToSql(parseFilter(f))((v) => `$${values.push(v)}`);
        expect({ f, sql, hasFold: /email_fold\(|lower\(/.test(sql) }).toEqual({ f, sql, hasFold: false });
        expect(sql).toContain(`${p}_folded`);
        expect(values.every((v) => typeof v !== 'string' || v === foldEmailCase(v))).toBe(true);
      }
    }
    const seen: string[] = [];
    const recording = new Proxy(db, {
      get(target, key) {
        if (key === 'query')
          return (sql: string, params?: unknown[]) => (seen.push(sql), target.query(sql, params));
        const v: unknown = Reflect.get(target, key);
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    await findContactsByEmails(recording, companyId, ['ΣΟΦΙΑΣ@x.example']);
    expect(seen.join('\n')).not.toMatch(/email_fold\(/);
    expect(seen.join('\n')).toContain('email_folded');
  });

  test.each(['email', 'email2'])(
    '%s eq is served by an index on the company and the folded column',
    async (p) => {
      await db.exec('ANALYZE bc_contacts; SET enable_seqscan = off');
      try {
        const plan = await db.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN SELECT id FROM bc_contacts WHERE company_id = $1 AND ${p}_folded = $2`,
          [companyId, 'a@x'],
        );
        const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
        expect(text).toMatch(new RegExp(`Index Cond: .*${p}_folded`));
      } finally {
        await db.exec('RESET enable_seqscan');
      }
    },
  );

  test('a row written later is folded with it: an update of email2 is found by its folded form', async () => {
    const r = await insertContact(db, clock, companyId, {
      displayName: 'Late',
      email: 'ſtefan@late.example',
      email2: 'ıvo@late.example',
    });
    if (!r.ok) throw new Error(r.error.message);
    expect(await odata(`email2 eq 'IVO@LATE.EXAMPLE'`)()).toEqual(['ſtefan@late.example']);
    expect(await odata(`email eq 'STEFAN@late.example'`)()).toEqual(['ſtefan@late.example']);
  });
});
