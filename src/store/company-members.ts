import type { Db } from './db.js';

/** Lets a user (key `<tid>:<oid>`) use a company through the BC API; idempotent. */
export async function grantMembership(
  db: Db,
  userId: string,
  companyId: string,
  grantedBy: string,
): Promise<void> {
  await db.query(
    `INSERT INTO company_members (user_id, company_id, granted_by) VALUES ($1, lower($2), $3)
     ON CONFLICT (user_id, company_id) DO NOTHING`,
    [userId, companyId, grantedBy],
  );
}

/** The ids (lower case) of the companies the user is a member of. */
export async function memberCompanies(db: Db, userId: string): Promise<Set<string>> {
  const r = await db.query<{ company_id: string }>(
    'SELECT company_id FROM company_members WHERE user_id = $1',
    [userId],
  );
  return new Set(r.rows.map((row) => row.company_id));
}
