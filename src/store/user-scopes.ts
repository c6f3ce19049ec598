import { memberCompanies } from './company-members.js';
import type { Db } from './db.js';

/**
 * The tables that hold a scope's state (one user's sync folder): each is keyed by
 * (user_id, folder_id, …), so a scope is known when any of them has a row of it.
 */
const SCOPE_TABLES = [
  'sync_cursors',
  'sync_links',
  'sync_pending_creates',
  'sync_conflicts',
  'sync_skipped',
] as const;

/** Whether the user's state holds anything of `folderId`: one primary-key probe per table. */
async function scopeKnown(db: Db, userId: string, folderId: string): Promise<boolean> {
  const probes = SCOPE_TABLES.map(
    (t) => `EXISTS (SELECT 1 FROM ${t} WHERE user_id = $1 AND folder_id = $2)`,
  ).join(' OR ');
  const r = await db.query<{ known: boolean }>(`SELECT ${probes} AS known`, [userId, folderId]);
  return r.rows[0]?.known === true;
}

/**
 * How many distinct folders the user's state holds, counted up to `atMost` (a skip scan per table
 * over its primary key: each step jumps to the next folder id, so a folder of 100,000 links costs
 * one index probe, and no user's count costs more than `atMost` probes per table).
 * @internal
 */
export async function countScopes(db: Db, userId: string, atMost: number): Promise<number> {
  const scans = SCOPE_TABLES.map(
    (t, i) => `s${i}(f, n) AS (
      SELECT min(folder_id), 1 FROM ${t} WHERE user_id = $1
      UNION ALL
      SELECT (SELECT min(folder_id) FROM ${t} WHERE user_id = $1 AND folder_id > s${i}.f), n + 1
      FROM s${i} WHERE s${i}.f IS NOT NULL AND n <= $2)`,
  );
  const union = SCOPE_TABLES.map((_, i) => `SELECT f FROM s${i}`).join(' UNION ');
  const r = await db.query<{ n: number | string }>(
    `WITH RECURSIVE ${scans.join(',\n')}
     SELECT count(*) AS n FROM (${union}) folders WHERE f IS NOT NULL`,
    [userId, atMost],
  );
  return Math.min(atMost, Number(r.rows[0]?.n ?? 0));
}

/**
 * What the facade's state routes ask before a write (server/sync/state-admission.ts): the user's
 * company memberships, and whether their state holds a folder and how many it holds.
 */
export interface StateAdmission {
  companiesOf(userId: string): Promise<ReadonlySet<string>>;
  /** Whether the user's state holds `folderId`; when not, how many folders it holds (up to `atMost`). */
  scopes(userId: string, folderId: string, atMost: number): Promise<{ holds: boolean; count: number }>;
}

/** StateAdmission over the store's database (the product's). */
export function sqlStateAdmission(db: Db): StateAdmission {
  return {
    companiesOf: (userId) => memberCompanies(db, userId),
    async scopes(userId, folderId, atMost) {
      if (await scopeKnown(db, userId, folderId)) return { holds: true, count: 0 };
      return { holds: false, count: await countScopes(db, userId, atMost) };
    },
  };
}
