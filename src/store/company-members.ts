import type { Db } from './db.js';

/**
 * Lets a user (key `<tid>:<oid>`) use a company through the BC API; idempotent. True when the
 * membership is new. `grantedAt` (ISO 8601) defaults to the database's clock.
 */
export async function grantMembership(
  db: Db,
  userId: string,
  companyId: string,
  grantedBy: string,
  grantedAt?: string,
): Promise<boolean> {
  const r = await db.query(
    `INSERT INTO company_members (user_id, company_id, granted_by, granted_at)
     VALUES ($1, lower($2), $3, COALESCE($4::timestamptz, now()))
     ON CONFLICT (user_id, company_id) DO NOTHING RETURNING user_id`,
    [userId, companyId, grantedBy, grantedAt ?? null],
  );
  return r.rows.length > 0;
}

/** Ends a user's use of a company; true when there was such a membership. */
export async function revokeMembership(db: Db, userId: string, companyId: string): Promise<boolean> {
  const r = await db.query(
    'DELETE FROM company_members WHERE user_id = $1 AND company_id = lower($2) RETURNING user_id',
    [userId, companyId],
  );
  return r.rows.length > 0;
}

/** The ids (lower case) of the companies the user is a member of. */
export async function memberCompanies(db: Db, userId: string): Promise<Set<string>> {
  const r = await db.query<{ company_id: string }>(
    'SELECT company_id FROM company_members WHERE user_id = $1',
    [userId],
  );
  return new Set(r.rows.map((row) => row.company_id));
}

/** One member of a company: the user key, the UPN last seen for it ('' if never signed in), the grant. */
export interface MemberRow {
  readonly userId: string;
  readonly upn: string;
  readonly grantedAt: string;
  readonly grantedBy: string;
}

/**
 * The members of a company by user key: at most `limit` (a page, not the whole tenant), or only
 * the one `userId` when given.
 */
export async function companyMembers(
  db: Db,
  companyId: string,
  options: { readonly limit: number; readonly userId?: string },
): Promise<MemberRow[]> {
  const r = await db.query<{
    user_id: string;
    upn: string | null;
    granted_at: Date | string;
    granted_by: string;
  }>(
    `SELECT m.user_id, u.upn, m.granted_at, m.granted_by
       FROM company_members m LEFT JOIN users u ON u.user_id = m.user_id
      WHERE m.company_id = lower($1) AND ($3::text IS NULL OR m.user_id = $3)
      ORDER BY m.user_id LIMIT $2`,
    [companyId, options.limit, options.userId ?? null],
  );
  return r.rows.map((row) => ({
    userId: row.user_id,
    upn: row.upn ?? '',
    grantedAt: new Date(row.granted_at).toISOString(),
    grantedBy: row.granted_by,
  }));
}
