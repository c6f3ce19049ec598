/**
 * Business Central's side of a scenario, written straight into the facade's tables, as BC users
 * edit contacts in BC itself (the sync only ever sees them through the API).
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';

/** The facade user the suite's engine runs as (its dev token); member of every bench company. */
export const BENCH_BC_USER = 'bench@contoso.test';

export interface BcRow {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly jobTitle: string;
}

/**
 * A company holding `n` Person contacts, every one in scope (name, e-mail, not privacy blocked), last
 * modified a day ago: outside any delta run's skew margin, so "nothing changed" holds for BC too.
 * The bench user is made a member (the BC API answers only a user's member companies).
 */
export async function createCompany(db: pg.Pool, name: string, n: number): Promise<string> {
  const id = randomUUID();
  await db.query(`INSERT INTO companies (id, name, display_name) VALUES ($1, $2, $2)`, [id, name]);
  await db.query(
    `INSERT INTO bc_contacts (id, company_id, number, type, display_name, first_name, surname, email,
       job_title, company_name, phone_number, address_line1, city, postal_code, country, last_modified)
     SELECT gen_random_uuid(), $1, 'CT' || lpad(i::text, 6, '0'), 'Person', 'Contact ' || i, 'Contact',
       i::text, 'contact' || i || '@example.com', 'Buyer', 'Contoso Ltd.', '+45 ' || (1000000 + i),
       i || ' Harbour Road', (ARRAY['London','Paris','Oslo','Copenhagen','Helsinki','Milan'])[1 + i % 6],
       (1000 + i % 9000)::text, 'DK', now() - interval '1 day'
     FROM generate_series(1, $2::int) AS i`,
    [id, n],
  );
  // The company's contact number series (migration 010) has handed out CT000001..n: without this
  // row the facade's first create took CT000001 again and answered 500 (a duplicate number).
  await db.query(`INSERT INTO bc_number_series (company_id, last_no) VALUES ($1, $2)`, [id, n]);
  await db.query(
    `INSERT INTO company_members (user_id, company_id, granted_by) VALUES ($1, lower($2), 'bench')`,
    [devUserKey(BENCH_BC_USER), id],
  );
  await db.query('ANALYZE bc_contacts');
  return id;
}

/** Changes the job title of the given contacts (by number index, 1-based), as an edit in BC does. */
export async function editInBc(
  db: pg.Pool,
  companyId: string,
  indices: readonly number[],
  title: string,
): Promise<void> {
  if (indices.length === 0) return;
  await db.query(
    `UPDATE bc_contacts SET job_title = $3, row_version = row_version + 1, last_modified = now()
     WHERE company_id = $1 AND number = ANY($2::text[])`,
    [companyId, indices.map((i) => `CT${String(i).padStart(6, '0')}`), title],
  );
}

/** Contacts in scope of the default settings (design §2), for the end-state check. */
export async function inScope(db: pg.Pool, companyId: string): Promise<BcRow[]> {
  const r = await db.query<BcRow>(
    `SELECT id::text AS id, email, display_name AS "displayName", job_title AS "jobTitle" FROM bc_contacts
     WHERE company_id = $1 AND deleted_at IS NULL AND type = 'Person' AND email <> '' AND display_name <> ''
       AND NOT privacy_blocked`,
    [companyId],
  );
  return r.rows;
}

/** Full BC rows of a company, for seeding an Outlook folder that already holds them. */
export async function allContacts(db: pg.Pool, companyId: string): Promise<Record<string, unknown>[]> {
  const r = await db.query(
    `SELECT id::text AS id, number, type, display_name AS "displayName", first_name AS "firstName",
       middle_name AS "middleName", surname, initials, job_title AS "jobTitle", company_name AS "companyName",
       email, email2, phone_number AS "phoneNumber", mobile_phone_number AS "mobilePhoneNumber",
       fax_number AS "faxNumber", website, address_line1 AS "addressLine1", address_line2 AS "addressLine2",
       city, state, postal_code AS "postalCode", country, company_number AS "companyNumber",
       territory_code AS "territoryCode", salesperson_code AS "salespersonCode", privacy_blocked AS "privacyBlocked"
     FROM bc_contacts WHERE company_id = $1 AND deleted_at IS NULL ORDER BY number`,
    [companyId],
  );
  return r.rows as Record<string, unknown>[];
}
