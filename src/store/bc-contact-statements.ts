import type { Db } from './db.js';
import { WRITABLE } from './bc-contact-checks.js';
import { CONTACT_COLUMNS, CONTACT_ROW_COLUMNS } from './bc-contact-rows.js';
import type { ContactRow } from './bc-contact-rows.js';

/**
 * Writes of BC contacts that are one statement each (issue 12: a create in the facade was BEGIN,
 * the number series, the INSERT, a read back and COMMIT — five round trips to the database, one
 * after another, for each create of a `$batch`, whose creates run in order; an update was five
 * too). A statement is its own transaction, so what it does together is as atomic as before.
 */

const COLS = WRITABLE.map((f) => CONTACT_COLUMNS[f]!);
/** The column types of the writable fields (bc_contacts, migrations 001): text but one boolean. */
const CASTS = COLS.map((c) => (c === 'privacy_blocked' ? 'boolean' : 'text'));

/** BC's contact numbers as contactNumber writes them: CT000001 …, wider past 999,999. */
const NUMBER_SQL = (n: string) =>
  `'CT' || CASE WHEN ${n} < 1000000 THEN lpad(${n}::text, 6, '0') ELSE ${n}::text END`;

/**
 * New contacts of `companyId` with the given ids and writable values, numbered from the company's
 * series in the inputs' order, in one statement: the series row is locked by its upsert until the
 * statement ends, so numbers are unique and without gaps as with takeNumbers. The rows made, by id
 * (lower case); none when the company does not exist (the series has no row to take from). Throws
 * what the database refuses (the caller then tries each input alone).
 */
export async function insertNumbered(
  db: Db,
  companyId: string,
  now: string,
  rows: readonly { readonly id: string; readonly values: Record<string, unknown> }[],
): Promise<Map<string, ContactRow>> {
  const params: unknown[] = [companyId, rows.length, now];
  const tuples = rows.map((row, r) => {
    const first = params.length;
    params.push(row.id, r, ...WRITABLE.map((f) => row.values[f]));
    const at = (c: number) => `$${first + c + 1}`;
    return `(${at(0)}::uuid, ${at(1)}::int, ${CASTS.map((t, c) => `${at(c + 2)}::${t}`).join(', ')})`;
  });
  const r = await db.query<ContactRow>(
    `WITH series AS (
       INSERT INTO bc_number_series (company_id, last_no) SELECT id, $2::bigint FROM companies WHERE id = $1::uuid
       ON CONFLICT (company_id) DO UPDATE SET last_no = bc_number_series.last_no + $2::bigint
       RETURNING last_no
     )
     INSERT INTO bc_contacts (id, company_id, number, last_modified, ${COLS.join(', ')})
     SELECT input.id, $1::uuid, ${NUMBER_SQL('(series.last_no - $2::bigint + 1 + input.ord)')}, $3::timestamptz,
       ${COLS.map((c) => `input.${c}`).join(', ')}
     FROM series CROSS JOIN (VALUES ${tuples.join(', ')}) AS input (id, ord, ${COLS.join(', ')})
     RETURNING ${CONTACT_ROW_COLUMNS}`,
    params,
  );
  return new Map(r.rows.map((row) => [row.id, row]));
}

/**
 * Updates of contacts of `companyId` in one statement (issue 12: a `$batch`'s PATCHes were a read
 * and a write each): each row gets its writable `values` only while it is still the version
 * `rowVersion` and not deleted, its version bumped and `last_modified` set to `now`. The rows
 * written, by id (lower case); a row changed meanwhile is not among them (the caller does it again
 * as a single update does). The input's columns are named apart from the table's so RETURNING
 * names only the table's.
 */
export async function updateVersioned(
  db: Db,
  companyId: string,
  now: string,
  rows: readonly {
    readonly id: string;
    /** null: no version matches (the row is then not written). */
    readonly rowVersion: number | null;
    readonly values: Record<string, unknown>;
  }[],
): Promise<Map<string, ContactRow>> {
  if (rows.length === 0) return new Map();
  const params: unknown[] = [companyId, now];
  const tuples = rows.map((row) => {
    const first = params.length;
    params.push(row.id, row.rowVersion, ...WRITABLE.map((f) => row.values[f]));
    const at = (c: number) => `$${first + c + 1}`;
    return `(${at(0)}::uuid, ${at(1)}::bigint, ${CASTS.map((t, c) => `${at(c + 2)}::${t}`).join(', ')})`;
  });
  const inputs = COLS.map((_, c) => `in_${c}`);
  const r = await db.query<ContactRow>(
    `UPDATE bc_contacts SET ${COLS.map((c, i) => `${c} = input.${inputs[i]}`).join(', ')},
       row_version = bc_contacts.row_version + 1, last_modified = $2::timestamptz
     FROM (VALUES ${tuples.join(', ')}) AS input (in_id, in_version, ${inputs.join(', ')})
     WHERE bc_contacts.company_id = $1::uuid AND bc_contacts.id = input.in_id
       AND bc_contacts.deleted_at IS NULL AND bc_contacts.row_version = input.in_version
     RETURNING ${CONTACT_ROW_COLUMNS}`,
    params,
  );
  return new Map(r.rows.map((row) => [row.id, row]));
}
