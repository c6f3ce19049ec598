import type { Db } from '../../store/db.js';

/** A BC Person of the demo company whose e-mail Ann's Outlook also has: it shows e-mail matching. */
export async function firstDemoPerson(
  db: Db,
): Promise<{ email: string; givenName: string; surname: string } | null> {
  const { rows } = await db.query<{ email: string; first_name: string; surname: string }>(
    `SELECT email, first_name, surname FROM bc_contacts
      WHERE deleted_at IS NULL AND type = 'Person' AND email <> '' AND NOT privacy_blocked AND first_name <> ''
      ORDER BY number LIMIT 1`,
  );
  const r = rows[0];
  return r ? { email: r.email, givenName: r.first_name, surname: r.surname } : null;
}
