import { systemClock } from '../../src/platform/system-clock.js';
import { insertCompany } from '../../src/store/bc-repository-companies.js';
import { migrate } from '../../src/store/migrations/index.js';
import type { TestDb } from './postgres.js';

/**
 * A migrated store on one of STORE_ENGINES with a company of `count` contacts written in one
 * statement (thousands: the repository's inserts would take the test's time). Each is a Person
 * numbered CT000000–CT099999 out of insertion order (i × 7919 mod 100,000), `p<i>@example.com`;
 * `columns` gives the other columns as SQL over the row's `i` (1 to count).
 */
export async function storeWithContacts(
  open: () => Promise<TestDb>,
  company: string,
  count: number,
  columns: Readonly<Record<string, string>>,
): Promise<{ db: TestDb; companyId: string }> {
  const db = await open();
  await migrate(db);
  const companyId = (await insertCompany(db, systemClock, { name: `${company} ${Math.random()}` })).id;
  const names = Object.keys(columns).join(', ');
  const values = Object.values(columns).join(', ');
  await db.query(
    `INSERT INTO bc_contacts (id, company_id, number, type, email, ${names})
     SELECT gen_random_uuid(), $1, 'CT' || lpad((i * 7919 % 100000)::text, 6, '0'), 'Person',
       'p' || i || '@example.com', ${values}
     FROM generate_series(1, $2::int) AS i`,
    [companyId, count],
  );
  return { db, companyId };
}
