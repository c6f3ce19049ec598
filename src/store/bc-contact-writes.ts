import { createHash, randomUUID } from 'node:crypto';
import { SYNC_FIELDS } from '../core/model.js';
import type { BcContact, ContactType, SyncFields } from '../core/model.js';
import type { Clock } from '../core/ports.js';
import type { Db } from './db.js';
import { isUuid } from './bc-repository-companies.js';
import { FACADE_COUNTRY_CODES } from './bc-countries-regions.js';
import { countryCodesOf } from './bc-country-table.js';
import {
  CONTACT_COLUMNS,
  CONTACT_ROW_COLUMNS,
  SELECT_CONTACT,
  rowVersionOfEtag,
  toContact,
} from './bc-contact-rows.js';
import type { ContactRow, ContactWrite, RepoResult } from './bc-contact-rows.js';
import { WRITABLE, checkContact, pickWritable } from './bc-contact-checks.js';
import { ifMatchHolds } from '../pure/if-match.js';
import { insertNumbered } from './bc-contact-statements.js';
import { isUniqueViolation } from './sql-helpers.js';

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
 * Creates contacts at once: their numbers taken from the company's number series (one counter row,
 * locked until commit as BC locks its No. Series line, so numbers are unique and without gaps) and
 * the rows inserted and answered in one statement (insertNumbered), after a look-up of the chosen
 * ids in the same transaction when there are any. Results in the inputs' order; an invalid
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
    // Without a chosen id there is nothing to look up first: one statement (bc-contact-statements.ts).
    const created = valid.some((v) => v.chosen)
      ? await insertCheckedOnce(db, clock, companyId, valid)
      : await insertNumbered(db, companyId, clock.now(), valid).then((rows) =>
          rows.size === 0 ? null : new Map([...rows].map(([id, row]) => [id, toContact(row)])),
        );
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

/**
 * insertChecked, run again once when a create with the same chosen id committed between its
 * look-up and its insert (two hosts' create keys at one instant: the later insert met the primary
 * key): the second look-up finds that contact and answers it, as for any create run again. Before,
 * the caller got the database's error (a 500 over HTTP).
 */
async function insertCheckedOnce(
  db: Db,
  clock: Clock,
  companyId: string,
  valid: readonly { id: string; chosen: boolean; values: Record<string, unknown> }[],
): Promise<Map<string, BcContact> | null> {
  try {
    return await insertChecked(db, clock, companyId, valid);
  } catch (err) {
    if (!isUniqueViolation(err, 'bc_contacts_pkey')) throw err;
    return insertChecked(db, clock, companyId, valid);
  }
}

/**
 * The contact a keyed create names once the contact its id named was deleted (V1): a UUID
 * (version 8) from SHA-256 of that id, so every send of the same keyed create, from any host and
 * however often, walks the same chain id, successor(id), successor(successor(id)), … and meets
 * the same contact. A fresh random id here made one more contact per send.
 */
function successorContactId(id: string): string {
  const h = createHash('sha256').update(`bc-contact-successor\n${id.toLowerCase()}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Chain ids read per chain and statement after the first (the chosen id alone), and the windows
 * walked before a chain ends at a random id (1 + 8 × 16 ids: 9 statements at most).
 */
const CHAIN_WINDOW = 16;
const CHAIN_ROUNDS = 8;

/** `at` and the successors after it, `n` ids in all. */
function chainWindow(at: string, n: number): string[] {
  const ids = [at];
  while (ids.length < n) ids.push(successorContactId(ids.at(-1)!));
  return ids;
}

/**
 * Creates of which some have chosen ids, in one transaction: each chosen id's chain (the id, then
 * successorContactId of each deleted one) is walked to its first id that is a live contact — a
 * create run again (keyedContactId), answered with the contact it made — or that is free, under
 * which the contact is made; the others are numbered and inserted. Two sends of one keyed create
 * that meet the same deleted contact therefore make one contact, and the one that loses the race
 * for the free id meets the primary key and is run again by insertCheckedOnce.
 * The contacts by the id chosen (lower case); null when the company does not exist.
 */
async function insertChecked(
  db: Db,
  clock: Clock,
  companyId: string,
  valid: readonly { id: string; chosen: boolean; values: Record<string, unknown> }[],
): Promise<Map<string, BcContact> | null> {
  return db.transaction(async (tx) => {
    const done = new Map<string, BcContact>();
    const freeOf = new Map<string, string>(); // chosen id -> the free id of its chain
    const chosenOf = new Map<string, string>(); // and back
    let walking = valid
      .filter((v) => v.chosen)
      .map((v) => ({ v, at: v.id.toLowerCase(), chosen: v.id.toLowerCase() }));
    // Each round reads the next CHAIN_WINDOW ids of every chain at once (review V12: one statement
    // per deleted contact let a member who deleted one contact many times hold a pooled connection
    // for as many statements); a chain ends at a live or a free id.
    for (let round = 0; walking.length > 0; round++) {
      // The first round reads the chosen ids alone: a create that met no delete costs what it did.
      const size = round === 0 || round > CHAIN_ROUNDS ? 1 : CHAIN_WINDOW;
      const windows = walking.map((w) => chainWindow(w.at, size));
      const before = await tx.query<ContactRow & { gone: boolean }>(
        `SELECT ${CONTACT_ROW_COLUMNS}, deleted_at IS NOT NULL AS gone
         FROM bc_contacts WHERE company_id = $1 AND id = ANY($2::uuid[])`,
        [companyId, windows.flat()],
      );
      const rows = new Map(before.rows.map((row) => [row.id.toLowerCase(), row]));
      const next: typeof walking = [];
      walking.forEach((w, k) => {
        const window = windows[k]!;
        for (const id of window) {
          const row = rows.get(id);
          if (row === undefined) {
            freeOf.set(w.chosen, id);
            chosenOf.set(id, w.chosen);
            return;
          }
          if (!row.gone) {
            done.set(w.chosen, toContact(row));
            return;
          }
        }
        // Past CHAIN_ROUNDS windows of deleted contacts the chain ends at a fresh random id: each
        // send then makes a contact (as before V1), which only a member deleting the same create's
        // contact that often could bring about.
        const last = window.at(-1)!;
        next.push({ ...w, at: round < CHAIN_ROUNDS ? successorContactId(last) : randomUUID() });
      });
      walking = next;
    }
    // In the inputs' order, as their numbers are taken.
    const fresh = valid.flatMap((v) => {
      if (!v.chosen) return [v];
      const free = freeOf.get(v.id.toLowerCase());
      return free === undefined ? [] : [{ ...v, id: free }];
    });
    if (fresh.length === 0) return done;
    const made = await insertNumbered(tx, companyId, clock.now(), fresh);
    if (made.size === 0) return null;
    for (const [id, row] of made) done.set(chosenOf.get(id.toLowerCase()) ?? id, toContact(row));
    return done;
  });
}

/**
 * `ifMatch` is an etag or `*`; a stale etag changes nothing. First without a lock (issue 12: five
 * round trips to the database per update, now two): the row is read, checked and merged, and
 * written only while it is still the version read, in one statement — so what is written is what
 * was checked, as under the lock. A row written meanwhile is done again under the lock, as before.
 */
export async function updateContact(
  db: Db,
  clock: Clock,
  companyId: string,
  id: string,
  ifMatch: string,
  patch: ContactWrite,
): Promise<RepoResult<BcContact>> {
  const read = await currentRow(db, companyId, id, ifMatch, '');
  if (!read.ok) return read;
  const first = await patchRow(db, clock, companyId, read.value, patch, true);
  if (first !== null) return first;
  return db.transaction(async (tx) => {
    const locked = await currentRow(tx, companyId, id, ifMatch, 'FOR UPDATE');
    return locked.ok ? (await patchRow(tx, clock, companyId, locked.value, patch, false))! : locked;
  });
}

/**
 * Writes `patch` over `current` (checked first: a refusal writes nothing), answering the row
 * written; with `sameVersion`, only while the row is still `current`'s version and not deleted
 * (null when it is no longer).
 */
async function patchRow(
  db: Db,
  clock: Clock,
  companyId: string,
  current: BcContact,
  patch: ContactWrite,
  sameVersion: boolean,
): Promise<RepoResult<BcContact> | null> {
  const merged = { ...current, ...pickWritable(patch) };
  const invalid = checkContact(
    merged,
    patch.country === undefined ? null : await countryCodesOf(db, companyId),
  );
  if (invalid) return { ok: false, error: invalid };
  const head: unknown[] = [companyId, current.id, clock.now()];
  if (sameVersion) head.push(rowVersionOfEtag(current.etag, current.id));
  const sets = COLS.map((c, i) => `${c} = $${i + head.length + 1}`).join(', ');
  const r = await writeRow(
    db,
    `UPDATE bc_contacts SET ${sets}, row_version = row_version + 1, last_modified = $3::timestamptz
     WHERE company_id = $1 AND id = $2${sameVersion ? ' AND deleted_at IS NULL AND row_version = $4::bigint' : ''}
     RETURNING ${CONTACT_ROW_COLUMNS}`,
    merged,
    head,
  );
  const row = r.rows[0];
  return row ? { ok: true, value: toContact(row) } : null;
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
    const current = await currentRow(tx, companyId, id, ifMatch, 'FOR UPDATE');
    return current.ok ? write(tx, current.value) : current;
  });
}

/** The contact's row as it is now (locked with `lock`), checked: gone, or a stale `ifMatch`, refuses. */
async function currentRow(
  db: Db,
  companyId: string,
  id: string,
  ifMatch: string,
  lock: 'FOR UPDATE' | '',
): Promise<RepoResult<BcContact>> {
  if (!isUuid(id)) return checkedRow(undefined, id, ifMatch);
  const r = await db.query<ContactRow>(
    `${SELECT_CONTACT} WHERE company_id = $1 AND id = $2 AND deleted_at IS NULL ${lock}`,
    [companyId, id],
  );
  return checkedRow(r.rows[0], id, ifMatch);
}

/**
 * The contact of `row` (read as its key `id` names it; undefined when none is live) if `ifMatch`
 * (an etag or `*`) is its version: else not found, or stale. One check for a write of one contact
 * and for updates gathered (bc-contact-updates.ts), so both refuse alike.
 */
export function checkedRow(row: ContactRow | undefined, id: string, ifMatch: string): RepoResult<BcContact> {
  if (!row) return { ok: false, error: { kind: 'notFound', message: `The contact ${id} does not exist.` } };
  const version = Number(row.row_version);
  if (!ifMatchHolds(ifMatch, (tag) => rowVersionOfEtag(tag, row.id) === version)) {
    return { ok: false, error: { kind: 'stale', message: 'Another user has already changed the record.' } };
  }
  return { ok: true, value: toContact(row) };
}
