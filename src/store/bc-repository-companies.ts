import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/ports.js';
import type { Db } from './db.js';

/** Companies of the facade's BC API (table `companies` of migration 001). */
export interface Company {
  readonly id: string;
  readonly name: string;
  readonly displayName: string;
  readonly businessProfileId: string;
  readonly lastModifiedDateTime: string;
}

export const iso = (v: Date | string): string => (v instanceof Date ? v : new Date(v)).toISOString();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string): boolean => UUID.test(s);

interface CompanyRow {
  id: string;
  name: string;
  display_name: string;
  business_profile_id: string;
  last_modified: Date | string;
}

const toCompany = (r: CompanyRow): Company => ({
  id: r.id,
  name: r.name,
  displayName: r.display_name,
  businessProfileId: r.business_profile_id,
  lastModifiedDateTime: iso(r.last_modified),
});

const SELECT_COMPANY =
  'SELECT id::text AS id, name, display_name, business_profile_id, last_modified FROM companies';

export async function listCompanies(db: Db): Promise<Company[]> {
  return (await db.query<CompanyRow>(`${SELECT_COMPANY} ORDER BY name, id`)).rows.map(toCompany);
}

export async function getCompany(db: Db, id: string): Promise<Company | null> {
  if (!isUuid(id)) return null;
  const r = await db.query<CompanyRow>(`${SELECT_COMPANY} WHERE id = $1`, [id]);
  return r.rows[0] ? toCompany(r.rows[0]) : null;
}

export async function insertCompany(
  db: Db,
  clock: Clock,
  input: { readonly id?: string; readonly name: string; readonly displayName?: string },
): Promise<Company> {
  const r = await db.query<CompanyRow>(
    `INSERT INTO companies (id, name, display_name, last_modified) VALUES ($1, $2, $3, $4::timestamptz)
     RETURNING id::text AS id, name, display_name, business_profile_id, last_modified`,
    [input.id ?? randomUUID(), input.name, input.displayName ?? input.name, clock.now()],
  );
  return toCompany(r.rows[0]!);
}
