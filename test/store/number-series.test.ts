import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { StoreBcContacts } from '../../src/bc/store-bc-contacts.js';
import { systemClock } from '../../src/platform/system-clock.js';
import { StoreBcSource } from '../../src/server/bc-api/bc-source.js';
import { insertCompany } from '../../src/store/bc-repository-companies.js';
import { insertContact, insertContacts } from '../../src/store/bc-repository.js';
import type { ContactWrite } from '../../src/store/bc-repository.js';
import type { Db } from '../../src/store/db.js';
import { MIGRATIONS, migrate } from '../../src/store/migrations/index.js';
import { STORE_ENGINES } from '../support/postgres.js';
import type { TestDb } from '../support/postgres.js';
import { openEmptyPglite } from './pglite-template.js';

/**
 * Contact numbers come from one counter row per company (issue 12 §2, BC's No. Series; migration
 * 010): every place that creates a BC contact takes them there, unique and without gaps, also
 * when creators run at once, and a batch of creates is one transaction of a few statements.
 */
const person = (name: string): ContactWrite => ({ type: 'Person', displayName: name });
const numbersOf = async (db: Db, companyId: string): Promise<string[]> =>
  (
    await db.query<{ number: string }>(
      'SELECT number FROM bc_contacts WHERE company_id = $1 ORDER BY number COLLATE "C"',
      [companyId],
    )
  ).rows.map((r) => r.number);
const series = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => `CT${String(i + 1).padStart(6, '0')}`);

/** Every place that creates a BC contact, each creating `n` (in one call where it takes many). */
const PLACES: readonly (readonly [string, (db: Db, companyId: string, n: number) => Promise<unknown>])[] = [
  [
    'insertContact (one at a time)',
    async (db, c, n) => {
      for (let i = 0; i < n; i++) await insertContact(db, systemClock, c, person(`One ${i}`));
    },
  ],
  [
    'insertContacts (a batch)',
    (db, c, n) =>
      insertContacts(
        db,
        systemClock,
        c,
        Array.from({ length: n }, (_, i) => person(`Batch ${i}`)),
      ),
  ],
  [
    'StoreBcContacts.create (server-side runs)',
    (db, c, n) =>
      new StoreBcContacts(db, systemClock, c).create(
        Array.from({ length: n }, (_, i) => ({ ...person(`Run ${i}`) }) as never),
      ),
  ],
  [
    'StoreBcSource.createContact (BC API POST, also inside $batch)',
    async (db, c, n) => {
      const source = new StoreBcSource(db, systemClock);
      for (let i = 0; i < n; i++) await source.createContact(c, person(`Api ${i}`));
    },
  ],
];

describe.each(STORE_ENGINES)('number series on %s', (_engine, open) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await open();
    await migrate(db);
  });
  afterAll(() => db.close());

  test('every place continues one series: CT000001… without gaps or repeats', async () => {
    const company = await insertCompany(db, systemClock, { name: `Places ${Math.random()}` });
    let total = 0;
    for (const [, create] of PLACES) {
      await create(db, company.id, 3);
      total += 3;
      expect(await numbersOf(db, company.id)).toEqual(series(total));
    }
  });

  test('past CT999999 the number grows wider, as the series in BC does', async () => {
    const company = await insertCompany(db, systemClock, { name: `Wide ${Math.random()}` });
    await insertContact(db, systemClock, company.id, person('First'));
    await db.query('UPDATE bc_number_series SET last_no = 999998 WHERE company_id = $1', [company.id]);
    const r = await insertContacts(db, systemClock, company.id, [person('A'), person('B')]);
    expect(r.flatMap((x) => (x.ok ? [x.value.number] : []))).toEqual(['CT999999', 'CT1000000']);
  });

  test('an invalid contact in a batch is refused alone and takes no number', async () => {
    const company = await insertCompany(db, systemClock, { name: `Invalid ${Math.random()}` });
    const r = await insertContacts(db, systemClock, company.id, [
      person('A'),
      { type: 'Person', displayName: 'B', email: 'not an e-mail' },
      person('C'),
    ]);
    expect(r.map((x) => x.ok)).toEqual([true, false, true]);
    expect(r.flatMap((x) => (x.ok ? [x.value.number] : []))).toEqual(series(2));
    expect(
      await insertContacts(db, systemClock, '00000000-0000-4000-8000-000000000000', [person('D')]),
    ).toEqual([
      { ok: false, error: { kind: 'notFound', message: expect.stringContaining('does not exist') } },
    ]);
  });

  test('property: creators at once (batches and single creates) get every number once, no gaps', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 6 }),
        async (sizes) => {
          const company = await insertCompany(db, systemClock, { name: `Race ${Math.random()}` });
          await Promise.all(
            sizes.map((n, k) =>
              n % 2 === 0
                ? insertContacts(
                    db,
                    systemClock,
                    company.id,
                    Array.from({ length: n }, (_, i) => person(`${k}.${i}`)),
                  )
                : Promise.all(
                    Array.from({ length: n }, (_, i) =>
                      insertContact(db, systemClock, company.id, person(`${k}.${i}`)),
                    ),
                  ),
            ),
          );
          const total = sizes.reduce((a, b) => a + b, 0);
          expect(await numbersOf(db, company.id)).toEqual(series(total));
        },
      ),
      { numRuns: 15 },
    );
  });

  test('the example: 100 creates of one run are one statement, none scanning the company', async () => {
    const company = await insertCompany(db, systemClock, { name: `Cost ${Math.random()}` });
    const statements: string[] = [];
    const counting = (inner: Db): Db => ({
      query: (sql, params) => (statements.push(sql), inner.query(sql, params)),
      exec: (sql) => (statements.push(sql), inner.exec(sql)),
      transaction: (fn) => (statements.push('BEGIN'), inner.transaction((tx) => fn(counting(tx)))),
      close: () => inner.close(),
    });
    const created = await new StoreBcContacts(counting(db), systemClock, company.id).create(
      Array.from({ length: 100 }, (_, i) => ({ ...person(`P ${i}`) }) as never),
    );
    expect(created.every((o) => o.ok)).toBe(true);
    // One statement: the 100 numbers taken and the rows inserted and answered (issue 12: was a
    // transaction of three, and before that 100 × lock, scan, insert, read).
    expect(statements.length).toBe(1);
    expect(statements.filter((s) => /max\(/i.test(s))).toEqual([]);
  });
});

test('migration 010 starts each series at the highest number in use (tombstones too)', async () => {
  const db = await openEmptyPglite();
  try {
    await migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 9),
    );
    const used = await insertCompany(db, systemClock, { name: 'Used Ltd.' });
    const empty = await insertCompany(db, systemClock, { name: 'Empty Ltd.' });
    // Schema 9 as the scan saw it: CT000001…CT000007, a number of another form, and a deleted CT000009.
    for (const [number, deleted] of [
      ...series(7).map((n) => [n, false] as const),
      ['X-1', false],
      ['CT000009', true],
    ] as const)
      await db.query(
        `INSERT INTO bc_contacts (id, company_id, number, display_name, deleted_at)
         VALUES (gen_random_uuid(), $1, $2, $2, CASE WHEN $3 THEN now() END)`,
        [used.id, number, deleted],
      );
    await migrate(db);
    const next = await insertContact(db, systemClock, used.id, person('After'));
    expect(next.ok && next.value.number).toBe('CT000010');
    const first = await insertContact(db, systemClock, empty.id, person('First'));
    expect(first.ok && first.value.number).toBe('CT000001');
  } finally {
    await db.close();
  }
});
