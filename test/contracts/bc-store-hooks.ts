import type { Clock } from '../../src/core/ports.js';
import { deleteContact } from '../../src/store/bc-repository.js';
import type { Db } from '../../src/store/db.js';
import type { BcContactsSetup } from './bc-contacts.contract.js';

/**
 * What a BC user does to the facade's stored contacts outside the port (delete, renumber), for a
 * BcContacts contract setup over that store (directly, over HTTP, or as an upstream tenant).
 */
export function storeUserHooks(
  db: Db,
  clock: Clock,
  companyId: string,
): Pick<BcContactsSetup, 'removeContact' | 'renumberContact'> {
  return {
    removeContact: async (id) => {
      const r = await deleteContact(db, clock, companyId, id, '*');
      if (!r.ok) throw new Error(r.error.message);
    },
    // BC renames a contact (PATCH number: OnModifyRecord); the facade's API refuses it, so here in SQL.
    renumberContact: async (id, number) => {
      const r = await db.query(
        `UPDATE bc_contacts SET number = $3, row_version = row_version + 1, last_modified = $4::timestamptz
         WHERE company_id = $1 AND id = $2 AND deleted_at IS NULL RETURNING id`,
        [companyId, id, number, clock.now()],
      );
      if (r.rows.length !== 1) throw new Error(`no contact ${id} to renumber`);
    },
  };
}
