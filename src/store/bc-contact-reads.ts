import { emailForms, normalizeEmail } from '../core/model.js';
import { foldEmailCase } from '../pure/email-fold.js';
import type { BcContact } from '../core/model.js';
import type { Db } from './db.js';
import { isUuid, iso } from './bc-repository-companies.js';
import { CONTACT_COLUMNS, SELECT_CONTACT, toContact } from './bc-contact-rows.js';
import type { ContactQuery, ContactRow, SqlCondition } from './bc-contact-rows.js';
import { SLICE_ROWS, nextTurn } from '../platform/loop-turns.js';

/** Reads of the facade's BC contacts; deleted ones (tombstones) only through `contactChanges`. */

/**
 * The company's contacts (not deleted) matching `query`, in its order (default: `number` in
 * code-point order, then id). Read in slices with a turn of the event loop between (loop-turns.ts,
 * tester F89): PGlite runs a query in this thread, and one read of 26,308 whole contacts held the
 * loop for 20 s under load. First the ids, in order (one narrow statement), then the contacts
 * SLICE_ROWS at a time by the primary key. Slices are separate statements: a contact written
 * meanwhile is read as it was before or after the write, and one deleted meanwhile is left out
 * (as BC's own paged API reads).
 */
export async function listContacts(
  db: Db,
  companyId: string,
  query: ContactQuery = {},
): Promise<BcContact[]> {
  const params: unknown[] = [companyId];
  const param = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = query.where ? ` AND (${query.where(param)})` : '';
  const terms = orderTerms(query.orderBy ?? []);
  const order = terms.map((t) => `${t.expr} ${t.desc ? 'DESC' : 'ASC'}`);
  const after = query.after ? ` AND (${afterCondition(terms, query.after, param)})` : '';
  // The id as stored (uuid), not cast: the drivers answer a uuid as the same lower-case text, and
  // with OFFSET the cast ran on every row skipped too (issue 12, full read of 50,000: the 51 pages'
  // id statements took 330–360 ms of PostgreSQL CPU with `id::text`, 220 ms without).
  let sql = `SELECT id FROM bc_contacts WHERE company_id = $1 AND deleted_at IS NULL${where}${after} ORDER BY ${order.join(', ')}`;
  if (query.top !== undefined) sql += ` LIMIT ${param(query.top)}`;
  if (query.skip !== undefined && query.skip > 0) sql += ` OFFSET ${param(query.skip)}`;
  const ids = (await db.query<{ id: string }>(sql, params)).rows.map((r) => r.id);
  const out: BcContact[] = [];
  for (let at = 0; at < ids.length; at += SLICE_ROWS) {
    await nextTurn();
    const slice = ids.slice(at, at + SLICE_ROWS);
    const rows = await db.query<ContactRow>(
      `${SELECT_CONTACT} WHERE company_id = $1 AND bc_contacts.id = ANY($2::uuid[]) AND deleted_at IS NULL`,
      [companyId, slice],
    );
    const byId = new Map(rows.rows.map((r) => [r.id, r]));
    for (const id of slice) {
      const row = byId.get(id);
      if (row) out.push(toContact(row));
    }
  }
  return out;
}

interface OrderColumn {
  /** The column as ordered and compared: text in ordinal order, like the engine's filter bounds. */
  readonly expr: string;
  readonly desc: boolean;
  /** The cast a compared parameter takes. */
  readonly cast: string;
}

/** A read's full order: its fields, then id, so every row has its own place; default number, id. */
function orderTerms(orderBy: NonNullable<ContactQuery['orderBy']>): OrderColumn[] {
  const fields = orderBy.length > 0 ? orderBy : [{ field: 'number', desc: false }];
  return [...fields, { field: 'id', desc: false }].map((o) => {
    const col = CONTACT_COLUMNS[o.field];
    if (!col) throw new Error(`cannot order by ${o.field}`);
    const cast = col === 'id' ? '::uuid' : col === 'last_modified' ? '::timestamptz' : '';
    const plain = col === 'privacy_blocked' || col === 'last_modified';
    // The table's id, not the text `id` the select list answers under that name: ordered by the
    // text, no index (bc_contacts_list_order) could give the rows in order.
    const expr = col === 'id' ? 'bc_contacts.id' : plain ? col : `${col} COLLATE "C"`;
    return { expr, desc: o.desc, cast };
  });
}

/**
 * Rows after `values` in the order of `terms` (keyset paging): for some term, every earlier term
 * equal and this one past the value in its direction.
 */
function afterCondition(
  terms: readonly OrderColumn[],
  values: readonly unknown[],
  param: (v: unknown) => string,
): string {
  if (values.length !== terms.length) throw new Error(`a position of ${terms.length} values was expected`);
  const p = values.map((v, i) => `${param(v)}${terms[i]!.cast}`);
  return terms
    .map((t, k) => {
      const equal = terms.slice(0, k).map((e, j) => `${e.expr} = ${p[j]}`);
      return `(${[...equal, `${t.expr} ${t.desc ? '<' : '>'} ${p[k]}`].join(' AND ')})`;
    })
    .join(' OR ');
}

export async function getContact(db: Db, companyId: string, id: string): Promise<BcContact | null> {
  if (!isUuid(id)) return null;
  const r = await db.query<ContactRow>(
    `${SELECT_CONTACT} WHERE company_id = $1 AND id = $2 AND deleted_at IS NULL`,
    [companyId, id],
  );
  return r.rows[0] ? toContact(r.rows[0]) : null;
}

/** Contacts whose E-Mail is one of `emails`, case-insensitively (the email_folded index; stored e-mails hold no spaces). */
export async function findContactsByEmails(
  db: Db,
  companyId: string,
  emails: readonly string[],
): Promise<BcContact[]> {
  // Each address as typed and in both forms of its domain (F57), folded here by the table normalizeEmail
  // folds by, against the column folded by it when the row was written (migration 022, indexed), then
  // compared again by the one rule.
  const keys = new Set(emails.map(normalizeEmail).filter((e) => e !== ''));
  const wanted = [
    ...new Set(
      emails
        .flatMap((e) => [e.trim(), ...emailForms(e)])
        .filter((e) => e !== '')
        .map(foldEmailCase),
    ),
  ];
  if (wanted.length === 0) return [];
  const r = await db.query<ContactRow>(
    `${SELECT_CONTACT} WHERE company_id = $1 AND deleted_at IS NULL AND email_folded = ANY($2::text[])`,
    [companyId, wanted],
  );
  return r.rows.map(toContact).filter((c) => keys.has(normalizeEmail(c.email)));
}

export interface ContactChanges {
  readonly changed: BcContact[];
  readonly deleted: { readonly id: string; readonly deletedAt: string }[];
}

/**
 * Contacts modified and contacts deleted strictly after `since` (ISO); at most `limit` of each,
 * each kind in the order of its change (last_modified / deleted_at, then id). `after`: only changes
 * past that position in that order (a delta read on from its previous page: contact-reads.ts).
 */
export async function contactChanges(
  db: Db,
  companyId: string,
  since: string,
  where?: SqlCondition,
  limit?: number,
  after?: { readonly at: string; readonly id: string },
): Promise<ContactChanges> {
  const changed = await listContacts(db, companyId, {
    where: (p) => `last_modified > ${p(since)}::timestamptz${where ? ` AND (${where(p)})` : ''}`,
    orderBy: [{ field: 'lastModifiedDateTime', desc: false }],
    ...(limit !== undefined ? { top: limit } : {}),
    ...(after ? { after: [after.at, after.id] } : {}),
  });
  const params: unknown[] = [companyId, since, ...(after ? [after.at, after.id] : [])];
  const past = after
    ? ' AND (deleted_at > $3::timestamptz OR (deleted_at = $3::timestamptz AND id > $4::uuid))'
    : '';
  const top = limit !== undefined ? ` LIMIT $${params.push(limit)}` : '';
  const deleted = await db.query<{ id: string; deleted_at: Date | string }>(
    `SELECT id::text AS id, deleted_at FROM bc_contacts
     WHERE company_id = $1 AND deleted_at > $2::timestamptz${past} ORDER BY deleted_at, id${top}`,
    params,
  );
  return { changed, deleted: deleted.rows.map((r) => ({ id: r.id, deletedAt: iso(r.deleted_at) })) };
}
