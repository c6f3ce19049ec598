import { SYNC_FIELDS, normalizeEmail, sameFieldValue } from '../core/model.js';
import type { SyncFieldName } from '../core/model.js';
import { BcApiError } from './bc-api-error.js';
import type { BatchOperation, OperationOutcome } from './bc-batch.js';
import { emailFilters, idFilters, str } from './bc-wire.js';
import type { Json } from './bc-wire.js';

/**
 * Whether writes of unknown outcome were applied, found out with reads that work on any BC API
 * v2.0 (issue 9 §5):
 * - a create (POST) by its E-Mail: the engine creates a BC contact only when no BC contact holds
 *   that address (matching, design §2), and so does the sender add, so a contact holding it now is
 *   this create's (of several, the one with the draft's name first); none: not applied, send again;
 *   a draft without E-Mail cannot be looked up and stays `unknownOutcome`;
 * - an update (PATCH with If-Match) by its id: the contact holds the patch — applied; it still has
 *   the etag sent — not applied, send again; else someone changed it (stale); gone — notFound.
 * `readRows` reads the contacts matching any of some `$filter`s (the adapter's batched reads).
 * @throws PortFailure when a lookup fails (the writes then stay `unknownOutcome`).
 */
export async function checkWrites(
  ops: readonly BatchOperation[],
  indices: readonly number[],
  readRows: (filters: readonly string[]) => Promise<Json[]>,
): Promise<Map<number, OperationOutcome>> {
  const out = new Map<number, OperationOutcome>();
  const creates = indices.filter((i) => ops[i]?.method === 'POST');
  const updates = indices.filter((i) => ops[i]?.method === 'PATCH');
  const emailOf = (i: number) => str(ops[i]?.body?.email);
  const byEmail = new Map<string, Json[]>();
  for (const r of await readRows(emailFilters(creates.map(emailOf)))) {
    const key = normalizeEmail(str(r.email));
    byEmail.set(key, [...(byEmail.get(key) ?? []), r]);
  }
  const claimed = new Set<string>();
  for (const i of creates) {
    const key = normalizeEmail(emailOf(i));
    if (key === '') {
      out.set(i, { ok: false, error: new BcApiError(0, 'NetworkError', NO_EMAIL) });
      continue;
    }
    const name = str(ops[i]?.body?.displayName);
    const rows = (byEmail.get(key) ?? []).filter((r) => !claimed.has(str(r.id)));
    const row = rows.find((r) => sameFieldValue('displayName', str(r.displayName), name)) ?? rows[0];
    if (row) {
      claimed.add(str(row.id));
      out.set(i, { ok: true, body: row });
    }
  }
  const idOf = (i: number) => decodeURIComponent(/contacts\(([^)]*)\)$/.exec(ops[i]?.url ?? '')?.[1] ?? '');
  const byId = new Map(
    (await readRows(idFilters(updates.map(idOf)))).map((r) => [str(r.id).toLowerCase(), r]),
  );
  for (const i of updates) {
    const row = byId.get(idOf(i).toLowerCase());
    const op = ops[i] as BatchOperation;
    if (!row) out.set(i, { ok: false, error: new BcApiError(404, 'Internal_RecordNotFound', GONE) });
    else if (holdsPatch(row, op.body ?? {})) out.set(i, { ok: true, body: row });
    else if (str(row['@odata.etag']) !== op.headers?.['if-match'])
      out.set(i, { ok: false, error: new BcApiError(412, 'Request_EntityChanged', CHANGED) });
  }
  return out;
}

const NO_EMAIL = 'The answer was lost and a contact without E-Mail cannot be looked up.';
const GONE = 'The contact no longer exists.';
const CHANGED = 'The contact changed since it was read; this update was not applied.';

/** Whether a contact's row holds every value of a patch (as BC keeps it: codes upper-cased). */
function holdsPatch(row: Json, patch: Json): boolean {
  return Object.entries(patch).every(([k, v]) => {
    const have = str(row[k]);
    const want = str(v);
    if (!(SYNC_FIELDS as readonly string[]).includes(k)) return row[k] === v;
    if (k === 'country') return have.toUpperCase() === want.toUpperCase();
    return sameFieldValue(k as SyncFieldName, have, want);
  });
}
