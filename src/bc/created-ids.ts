import type { BcContactDraft } from '../core/ports.js';
import { BcApiError } from './bc-api-error.js';
import { MAX_BATCH_OPERATIONS } from './bc-batch.js';
import { portFailure } from './bc-http.js';
import type { BcHttp } from './bc-http.js';
import type { Json } from './bc-wire.js';
import { createBody } from './create-key.js';

/**
 * Statuses of a BC that does not serve the facade's contacts/bcsync.createdIds (a tenant: an
 * unknown segment is refused, 400 or 404 by version): it names contacts itself, so it tells no id.
 * Null is the safe answer either way: a lost create's contact is then not taken by its values.
 */
const NOT_SERVED: ReadonlySet<number> = new Set([400, 404, 405, 501]);

/**
 * The ids the facade gives these drafts' creates for the caller (server/bc-api/created-ids-route.ts,
 * a read: retried as one), in order, under `company` (the company's URL); all null from a BC that
 * does not serve the route. At most one `$batch`'s worth per request; the bodies as a create sends
 * them (create-key.ts createBody).
 * @throws PortFailure when the facade cannot be asked.
 */
export async function createdIdsAfter(
  http: BcHttp,
  company: string,
  drafts: readonly BcContactDraft[],
): Promise<(string | null)[]> {
  const out: (string | null)[] = [];
  for (let at = 0; at < drafts.length; at += MAX_BATCH_OPERATIONS) {
    const value = drafts
      .slice(at, at + MAX_BATCH_OPERATIONS)
      .map((d) => ({ createKey: d.createKey ?? '', contact: createBody(d) }));
    let answer: Json;
    try {
      answer = await http.send('POST', `${company}/contacts/bcsync.createdIds`, { value }, {}, true);
    } catch (e) {
      if (e instanceof BcApiError && NOT_SERVED.has(e.status)) return drafts.map(() => null);
      throw portFailure(e);
    }
    const ids = Array.isArray(answer['value']) ? (answer['value'] as Json[]) : [];
    value.forEach((_, n) => {
      const id = ids[n]?.['id'];
      out.push(typeof id === 'string' ? id : null);
    });
  }
  return out;
}
