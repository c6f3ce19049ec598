import { createHash, randomUUID } from 'node:crypto';
import { SYNC_FIELDS } from '../core/model.js';
import type { BcContact, ContactType, SyncFields } from '../core/model.js';
import type { Clock } from '../core/ports.js';
import type { Db } from './db.js';
import { isUuid } from './bc-repository-companies.js';
import { FACADE_COUNTRY_CODES } from './bc-countries-regions.js';
import { countryCodesOf } from './bc-country-table.js';
import { CONTACT_COLUMNS, SELECT_CONTACT, rowVersionOfEtag, toContact } from './bc-contact-rows.js';
import type { ContactRow, ContactWrite, RepoResult } from './bc-contact-rows.js';
import { getContact } from './bc-contact-reads.js';
import { WRITABLE, checkContact, pickWritable } from './bc-contact-checks.js';

/**
 * Writes of the facade's BC contacts: creates (numbers from the company's series), updates and
 * deletes (tombstones) checked against the etag the caller read.
 */

const EMPTY_CONTACT = {
  type: 'Person' as ContactType,
  companyNumber: '',
  territoryCode: '',
  salespersonCode: '',
  privacyBlocked: false,
};

async function writeRow(db: Db, sql: string, values: Record<string, unknown>, head: unknown[]) {
  const params = [...head, ...WRITABLE.map((f) => values[f])];
  return db.query<ContactRow>(sql, params);
}

const COLS = WRITABLE.map((f) => CONTACT_COLUMNS[f]!);

/**
 * A new contact: the writable fields, and its id when the caller chose one (the demo seed, or
 * keyedContactId). An id that is already a contact's means this create already ran: that contact
 * is the result, and nothing is added.
 */
type ContactInsert = ContactWrite & { readonly id?: string };

/**
 * The id of the contact a keyed request creates in `companyId` (F75): a UUID (version 8, RFC 9562
 * §5.8) made from SHA-256 of the company, the request's write key (server/idempotency.ts
 * writeKeyOf, which holds the caller) and the contact's values as sent, so the same request run
 * twice names one contact, and no other request can name it.
 */
export function keyedContactId(companyId: string, writeKey: string, body: ContactWrite): string {
  // The request's values are part of the name (F81): a key reused for another person after its
  // kept answer expired names another contact, never the first one (whose data it would answer).
  const values = JSON.stringify(Object.entries(body).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const h = createHash('sha256')
    .update(`bc-contact\n${companyId.toLowerCase()}\n${writeKey}\n${values}`)
    .digest();
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export async function insertContact(
  db: Db,
  clock: Clock,
  companyId: string,
  input: ContactInsert,
): Promise<RepoResult<BcContact>> {
  return (await insertContacts(db, clock, companyId, [input]))[0]!;
}

/**
 * Creates contacts in one transaction: their numbers taken from the company's number series at
 * once (one counter row, locked until commit as BC locks its No. Series line, so numbers are
 * unique and without gaps), one INSERT, one read back. Results in the inputs' order; an invalid
 * input is refused alone. Should the database refuse the batch, each input is tried on its own so
 * each gets its own outcome.
 */
export async function insertContacts(
  db: Db,
  clock: Clock,
  companyId: string,
  inputs: readonly ContactInsert[],
): Promise<RepoResult<BcContact>[]> {
  const blank = Object.fromEntries(SYNC_FIELDS.map((f) => [f, ''])) as SyncFields;
  const results: (RepoResult<BcContact> | null)[] = [];
  const valid: { at: number; id: string; chosen: boolean; values: Record<string, unknown> }[] = [];
  // The company's table is read only when a country is written (a create without one costs nothing more).
  const codes = inputs.some((i) => (i.country ?? '') !== '') ? await countryCodesOf(db, companyId) : null;
  for (const [at, input] of inputs.entries()) {
    const merged = { ...blank, ...EMPTY_CONTACT, ...pickWritable(input) };
    const invalid = checkContact(merged, codes ?? FACADE_COUNTRY_CODES);
    results.push(invalid ? { ok: false, error: invalid } : null);
    if (!invalid)
      valid.push({ at, id: input.id ?? randomUUID(), chosen: input.id !== undefined, values: merged });
  }
  if (valid.length === 0) return results as RepoResult<BcContact>[];
  try {
    const created = await db.transaction(async (tx) => {
      // Ids already taken: a create run again (keyedContactId) answers the contact it made.
      // A create without chosen ids asks nothing first (one transaction of 3 statements).
      const ids = valid.filter((v) => v.chosen).map((v) => v.id);
      const before =
        ids.length === 0
          ? []
          : (
              await tx.query<ContactRow>(`${SELECT_CONTACT} WHERE company_id = $1 AND id = ANY($2::uuid[])`, [
                companyId,
                ids,
              ])
            ).rows;
      const done = new Map(before.map((row) => [row.id, toContact(row)]));
      const fresh = valid.filter((v) => !done.has(v.id.toLowerCase()));
      if (fresh.length === 0) return done;
      const last = await takeNumbers(tx, companyId, fresh.length);
      if (last === null) return null;
      const width = COLS.length + 4;
      const rows = fresh.map(
        (_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`,
      );
      const now = clock.now();
      const params = fresh.flatMap((v, r) => [
        v.id,
        companyId,
        contactNumber(last - fresh.length + 1 + r),
        now,
        ...WRITABLE.map((f) => v.values[f]),
      ]);
      await tx.query(
        `INSERT INTO bc_contacts (id, company_id, number, last_modified, ${COLS.join(', ')})
         VALUES ${rows.join(', ')}`,
        params,
      );
      const read = await tx.query<ContactRow>(
        `${SELECT_CONTACT} WHERE company_id = $1 AND id = ANY($2::uuid[])`,
        [companyId, fresh.map((v) => v.id)],
      );
      for (const row of read.rows) done.set(row.id, toContact(row));
      return done;
    });
    for (const v of valid)
      results[v.at] = created
        ? { ok: true, value: created.get(v.id.toLowerCase())! }
        : { ok: false, error: { kind: 'notFound', message: `Company ${companyId} does not exist.` } };
  } catch (err) {
    if (valid.length === 1) throw err;
    for (const v of valid)
      results[v.at] = await insertContact(db, clock, companyId, { ...inputs[v.at]!, id: v.id });
  }
  return results as RepoResult<BcContact>[];
}

/** BC's contact numbers: CT000001, CT000002, … */
const contactNumber = (n: number): string => `CT${String(n).padStart(6, '0')}`;

/**
 * Takes `count` numbers from the company's series and returns the last one taken (the first is
 * last - count + 1); null when the company does not exist. The counter row stays locked until the
 * transaction ends, so numbers are handed out in commit order and never twice.
 */
async function takeNumbers(tx: Db, companyId: string, count: number): Promise<number | null> {
  const r = await tx.query<{ last_no: string }>(
    `INSERT INTO bc_number_series (company_id, last_no) SELECT id, $2 FROM companies WHERE id = $1
     ON CONFLICT (company_id) DO UPDATE SET last_no = bc_number_series.last_no + $2
     RETURNING last_no::text`,
    [companyId, count],
  );
  return r.rows[0] ? Number(r.rows[0].last_no) : null;
}

/** `ifMatch` is an etag or `*`; a stale etag changes nothing. */
export async function updateContact(
  db: Db,
  clock: Clock,
  companyId: string,
  id: string,
  ifMatch: string,
  patch: ContactWrite,
): Promise<RepoResult<BcContact>> {
  return underIfMatch(db, companyId, id, ifMatch, async (tx, current) => {
    const merged = { ...current, ...pickWritable(patch) };
    const invalid = checkContact(
      merged,
      patch.country === undefined ? null : await countryCodesOf(tx, companyId),
    );
    if (invalid) return { ok: false, error: invalid };
    const sets = COLS.map((c, i) => `${c} = $${i + 4}`).join(', ');
    await writeRow(
      tx,
      `UPDATE bc_contacts SET ${sets}, row_version = row_version + 1, last_modified = $3::timestamptz
       WHERE company_id = $1 AND id = $2`,
      merged,
      [companyId, id, clock.now()],
    );
    return { ok: true, value: (await getContact(tx, companyId, id))! };
  });
}

export async function deleteContact(
  db: Db,
  clock: Clock,
  companyId: string,
  id: string,
  ifMatch: string,
): Promise<RepoResult<null>> {
  return underIfMatch(db, companyId, id, ifMatch, async (tx) => {
    await tx.query(
      `UPDATE bc_contacts SET deleted_at = $3::timestamptz, row_version = row_version + 1
       WHERE company_id = $1 AND id = $2`,
      [companyId, id, clock.now()],
    );
    return { ok: true, value: null };
  });
}

/**
 * `write` to the contact's row as it is now, in one transaction with the row locked first: a
 * contact gone, or a stale `ifMatch` (an etag or `*`), answers before anything is written.
 */
function underIfMatch<T>(
  db: Db,
  companyId: string,
  id: string,
  ifMatch: string,
  write: (tx: Db, current: BcContact) => Promise<RepoResult<T>>,
): Promise<RepoResult<T>> {
  return db.transaction(async (tx) => {
    const current = await lockCurrent(tx, companyId, id, ifMatch);
    return current.ok ? write(tx, current.value) : current;
  });
}

async function lockCurrent(
  db: Db,
  companyId: string,
  id: string,
  ifMatch: string,
): Promise<RepoResult<BcContact>> {
  const notFound: RepoResult<BcContact> = {
    ok: false,
    error: { kind: 'notFound', message: `The contact ${id} does not exist.` },
  };
  if (!isUuid(id)) return notFound;
  const r = await db.query<ContactRow>(
    `${SELECT_CONTACT} WHERE company_id = $1 AND id = $2 AND deleted_at IS NULL FOR UPDATE`,
    [companyId, id],
  );
  const row = r.rows[0];
  if (!row) return notFound;
  if (ifMatch.trim() !== '*' && rowVersionOfEtag(ifMatch, row.id) !== Number(row.row_version)) {
    return { ok: false, error: { kind: 'stale', message: 'Another user has already changed the record.' } };
  }
  return { ok: true, value: toContact(row) };
}
