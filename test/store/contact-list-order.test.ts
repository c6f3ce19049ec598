import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { ContactListQuery } from '../../src/server/bc-api/odata-query.js';
import { StoreBcSource } from '../../src/server/bc-api/bc-source.js';
import { systemClock } from '../../src/platform/system-clock.js';
import type { Db } from '../../src/store/db.js';
import { storeWithContacts } from '../support/bulk-contacts.js';
import { STORE_ENGINES } from '../support/postgres.js';
import type { TestDb } from '../support/postgres.js';

// Issue 12 §2 (full sync with nothing changed at 50,000): every page of the BC API's contact list
// — an engine lane's `$skip` page, a keyset page after a `$skiptoken` — sorted all of the
// company's live contacts before it answered (0.5–0.9 s of PostgreSQL a page at 50,000, the sort
// spilling to disk), because no index held the list's order (number in code-point order, then id)
// and the statement ordered by the text id the select list answers. The kind: every read of the
// list in its default order. Shown by the plan, never by time: with sorting priced out
// (enable_sort off), the statement each read sends has a plan without a Sort node only when an
// index gives its rows in order.

const BASE: ContactListQuery = {
  filter: null,
  orderBy: [],
  select: null,
  top: null,
  skip: 0,
  after: null,
};

/** The list reads in the default order: the engine's lanes, a first page, a keyset page. */
const READS: readonly (readonly [string, ContactListQuery])[] = [
  ['a $skip lane page (readByOffsets)', { ...BASE, skip: 999 }],
  ['the first page', BASE],
  [
    'a keyset page after a $skiptoken',
    { ...BASE, after: { values: ['CT000100'], number: 'CT000100', id: '' } },
  ],
];

type Plan = { 'Node Type': string; Plans?: Plan[] };
const nodeTypes = (p: Plan): string[] => [p['Node Type'], ...(p.Plans ?? []).flatMap(nodeTypes)];

describe.each(STORE_ENGINES)('the contact list reads its order from an index on %s', (_engine, open) => {
  let db: TestDb;
  let companyId = '';
  let firstId = '';
  beforeAll(async () => {
    ({ db, companyId } = await storeWithContacts(open, 'Ordered', 3000, {
      display_name: "'Person ' || i",
      last_modified: 'now()',
    }));
    await db.query('ANALYZE bc_contacts');
    firstId = (await db.query<{ id: string }>('SELECT id::text AS id FROM bc_contacts LIMIT 1')).rows[0]!.id;
  });
  afterAll(() => db.close());

  test.each(READS)('%s: a plan without a sort', async (_name, query) => {
    const sent: { sql: string; params: readonly unknown[] }[] = [];
    const recording: Db = {
      ...db,
      query: async <T>(sql: string, params: readonly unknown[] = []) => {
        sent.push({ sql, params });
        return db.query<T>(sql, params);
      },
    };
    const q = query.after ? { ...query, after: { ...query.after, id: firstId } } : query;
    const got = await new StoreBcSource(recording, systemClock).listContacts(companyId, q, 1000);
    expect(got.length).toBeGreaterThan(0);
    // The first statement picks the page's ids in the list's order; the rest read them by key.
    const { sql, params } = sent[0]!;
    expect(sql).toMatch(/ORDER BY/);
    const plan = await db.transaction(async (tx) => {
      await tx.query('SET LOCAL enable_sort = off');
      const r = await tx.query<{ 'QUERY PLAN': [{ Plan: Plan }] }>(`EXPLAIN (FORMAT JSON) ${sql}`, params);
      return r.rows[0]!['QUERY PLAN'][0].Plan;
    });
    expect(nodeTypes(plan)).not.toContain('Sort');
    expect(nodeTypes(plan)).not.toContain('Incremental Sort');
  });
});
