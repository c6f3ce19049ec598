import type { BcContact } from '../core/model.js';
import type { Clock } from '../core/ports.js';
import type { Db } from './db.js';
import { isUuid } from './bc-repository-companies.js';
import { countryCodesOf } from './bc-country-table.js';
import { SELECT_CONTACT, rowVersionOfEtag, toContact } from './bc-contact-rows.js';
import type { ContactRow, ContactWrite, RepoResult } from './bc-contact-rows.js';
import { checkContact, pickWritable } from './bc-contact-checks.js';
import { updateVersioned } from './bc-contact-statements.js';
import { checkedRow, updateContact } from './bc-contact-writes.js';

/** One update of a contact: its key as the request named it, the etag it was read at (or `*`), the fields. */
export interface ContactUpdate {
  readonly id: string;
  readonly ifMatch: string;
  readonly patch: ContactWrite;
}

/**
 * Updates of distinct contacts of `companyId` at once (issue 12: a `$batch`'s PATCHes cost a read
 * and a write each): one read of all their rows, each checked as `updateContact` checks its own
 * (checkedRow: gone or stale refuses; the merged values checked, the Country/Region table read
 * once when any update writes a country), then one statement writing each row only while it is
 * still the version read (updateVersioned). A row written meanwhile is updated on its own
 * (`updateContact`: again under the lock), so each answers as it would alone; what the database
 * throws is thrown, as a single update's is. Results in the inputs' order. Keys named twice are updated one
 * after another, each on its own: a later update must see an earlier one.
 */
export async function updateContacts(
  db: Db,
  clock: Clock,
  companyId: string,
  updates: readonly ContactUpdate[],
): Promise<RepoResult<BcContact>[]> {
  const alone = async (u: ContactUpdate) => updateContact(db, clock, companyId, u.id, u.ifMatch, u.patch);
  const keys = updates.map((u) => u.id.toLowerCase());
  if (new Set(keys).size !== keys.length || updates.length < 2) {
    const results: RepoResult<BcContact>[] = [];
    for (const u of updates) results.push(await alone(u));
    return results;
  }
  const ids = keys.filter((k) => isUuid(k));
  const read = await db.query<ContactRow>(
    `${SELECT_CONTACT} WHERE company_id = $1 AND id = ANY($2::uuid[]) AND deleted_at IS NULL`,
    [companyId, ids],
  );
  const rows = new Map(read.rows.map((row) => [row.id, row]));
  const codes = updates.some((u) => u.patch.country !== undefined)
    ? await countryCodesOf(db, companyId)
    : null;
  const results: (RepoResult<BcContact> | null)[] = [];
  const writes: { at: number; id: string; rowVersion: number | null; values: Record<string, unknown> }[] = [];
  for (const [at, u] of updates.entries()) {
    const current = checkedRow(isUuid(u.id) ? rows.get(keys[at]!) : undefined, u.id, u.ifMatch);
    if (!current.ok) {
      results.push(current);
      continue;
    }
    const merged = { ...current.value, ...pickWritable(u.patch) };
    const invalid = checkContact(merged, u.patch.country === undefined ? null : codes);
    results.push(invalid ? { ok: false, error: invalid } : null);
    if (!invalid) {
      const { id, etag } = current.value;
      writes.push({ at, id, rowVersion: rowVersionOfEtag(etag, id), values: merged });
    }
  }
  // A refusal of the statement is thrown, not tried again row by row: it may have been answered
  // after the rows were written, and a write of unknown outcome is not repeated unchecked.
  const written = await updateVersioned(db, companyId, clock.now(), writes);
  for (const w of writes) {
    const row = written.get(w.id.toLowerCase());
    results[w.at] = row ? { ok: true, value: toContact(row) } : await alone(updates[w.at]!);
  }
  return results as RepoResult<BcContact>[];
}
