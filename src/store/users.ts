import type { Db } from './db.js';

/** One row of `users`: the key the facade's data hangs on, and what is shown for it. */
export interface UserRow {
  readonly userId: string;
  readonly tenantId: string;
  readonly oid: string;
  readonly upn: string;
  readonly displayName: string;
}

/** Tables holding per-user rows, from the catalog (so a table another migration adds is included). */
async function userTables(db: Db): Promise<string[]> {
  const { rows } = await db.query<{ table_name: string }>(
    `SELECT c.table_name FROM information_schema.columns c
       JOIN information_schema.tables t
         ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = current_schema() AND c.column_name = 'user_id' AND c.table_name <> 'users'
      ORDER BY c.table_name`,
  );
  return rows.map((r) => r.table_name);
}

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Records a signed-in user (insert on first sight, UPN and name refreshed afterwards). On first
 * sight, data that migration 002 parked under the legacy key `upn:<upn>` is moved to this user's
 * key, once: the legacy entry is deleted, so a later holder of the same UPN cannot claim it again.
 *
 * @returns the legacy key claimed, or null
 */
export async function recordUser(db: Db, user: UserRow, nowIso: string): Promise<string | null> {
  return db.transaction(async (tx) => {
    const inserted = await tx.query<{ user_id: string }>(
      `INSERT INTO users (user_id, tenant_id, object_id, upn, display_name, first_seen, last_seen)
       VALUES ($1, $2, $3, $4, $5, $6, $6)
       ON CONFLICT (user_id) DO NOTHING RETURNING user_id`,
      [user.userId, user.tenantId, user.oid, user.upn, user.displayName, nowIso],
    );
    if (inserted.rows.length === 0) {
      await tx.query('UPDATE users SET upn = $2, display_name = $3, last_seen = $4 WHERE user_id = $1', [
        user.userId,
        user.upn,
        user.displayName,
        nowIso,
      ]);
      return null;
    }
    if (user.upn === '') return null;
    const legacy = await tx.query<{ legacy_key: string }>(
      'DELETE FROM legacy_user_keys WHERE upn = lower($1) RETURNING legacy_key',
      [user.upn.trim()],
    );
    const from = legacy.rows[0]?.legacy_key;
    if (from === undefined) return null;
    for (const table of await userTables(tx))
      await tx.query(`UPDATE ${quoted(table)} SET user_id = $2 WHERE user_id = $1`, [from, user.userId]);
    await tx.query(
      `UPDATE sync_runs SET record = jsonb_set(record, '{userId}', to_jsonb(user_id::text)) WHERE user_id = $1`,
      [user.userId],
    );
    await tx.query(`UPDATE sync_leases SET key = $2 || substr(key, length($1) + 1) WHERE key LIKE $3`, [
      from,
      user.userId,
      `${from.replace(/[\\%_]/g, '\\$&')}|%`,
    ]);
    return from;
  });
}

/** Users whose UPN is this one (case-insensitive); several when a UPN was reassigned. */
export async function usersByUpn(db: Db, upn: string): Promise<UserRow[]> {
  const { rows } = await db.query<{
    user_id: string;
    tenant_id: string;
    object_id: string;
    upn: string;
    display_name: string;
  }>(
    `SELECT user_id, tenant_id, object_id, upn, display_name FROM users
      WHERE lower(upn) = lower($1) ORDER BY last_seen DESC`,
    [upn.trim()],
  );
  return rows.map((r) => ({
    userId: r.user_id,
    tenantId: r.tenant_id,
    oid: r.object_id,
    upn: r.upn,
    displayName: r.display_name,
  }));
}
