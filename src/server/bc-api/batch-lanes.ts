import { isUuid } from '../../store/bc-repository.js';

/**
 * The order a `$batch`'s operations run in (issue 12 §2: the facade ran a batch's operations one
 * after another, so five PATCHes of five contacts cost five whole transactions end to end while a
 * delta's BC writes waited). OData JSON batch (OData 4.01 JSON Format §19) lets a service process
 * requests without `dependsOn` in any order; this facade still answers exactly as if they had run
 * one after another, in the batch's order, because it runs together only operations that cannot
 * see each other:
 *
 * - an operation on one contact (read, update, delete: the path `…/contacts(id)`) and a create in
 *   one contacts collection have a lane key; operations with one key run in the batch's order (an
 *   update, then a read of the same contact, sees the update; creates take their numbers from the
 *   company's series in the batch's order);
 * - everything else runs `alone`: it waits for every operation before it and holds back every one
 *   after it — a read of a collection (a list, a delta, a filter: it may see any contact), any
 *   write of the Country/Region table or a company (a contact's country is checked against it).
 *
 * Up to OPERATIONS_IN_FLIGHT run at once: the database pool (store/db.ts, 10 connections) is shared
 * with the facade's other requests.
 */

/** How an operation may run beside the others of its batch (see above). */
export type OperationLane = { readonly kind: 'alone' } | { readonly kind: 'on'; readonly key: string };

/** Operations of one `$batch` running at once, at most. */
export const OPERATIONS_IN_FLIGHT = 4;

const ALONE: OperationLane = { kind: 'alone' };

/**
 * One contact, as a path names it: `…/contacts(<key>)`, each key a bare GUID (its case ignored).
 * A key in another form the routes also take — quoted (`'<GUID>'`) or percent-encoded — names the
 * same contact under another text, so such a path runs alone rather than in a lane of its own
 * beside the bare form's (review: `contacts('X')` read a PATCH of `contacts(X)` earlier in its batch
 * as not yet made).
 */
const ONE_CONTACT = /^\/companies\(([^()/]*)\)\/contacts\(([^()/]*)\)(?:\/.*)?$/i;
/** A company's contacts collection. */
const CONTACTS = /^\/companies\(([^()/]*)\)\/contacts\/?$/i;

/**
 * The lane of an operation from its method and its path and query under the API root (as
 * batch-budget.ts's BudgetedOperation: `/companies(…)/contacts(…)`). Any other shape, or a key that
 * is not a bare GUID (see ONE_CONTACT), runs alone.
 */
export function laneOf(method: string, pathAndQuery: string): OperationLane {
  const path = pathAndQuery.split('?', 1)[0]!;
  const one = ONE_CONTACT.exec(path);
  if (one) {
    const [, company, contact] = one as unknown as [string, string, string];
    return bare(company, contact)
      ? { kind: 'on', key: `/companies(${company})/contacts(${contact})`.toLowerCase() }
      : ALONE;
  }
  const all = method === 'POST' ? CONTACTS.exec(path) : null;
  if (all)
    return bare(all[1]!) ? { kind: 'on', key: `/companies(${all[1]!})/contacts`.toLowerCase() } : ALONE;
  return ALONE;
}

/** Every key a bare GUID: the one text of its entity a lane key may be made of. */
const bare = (...keys: string[]): boolean => keys.every(isUuid);

/**
 * Runs `run(i)` for every lane's operation as the lanes allow, at most `limit` at once; the
 * results in the lanes' order. `run` is called when operation i starts (so it may decide then
 * whether to run it at all). Should a `run` throw, no operation starts after it, the ones already
 * out are awaited, and the first error is thrown (as one after another would have stopped there).
 */
export async function runInLanes<T>(
  lanes: readonly OperationLane[],
  limit: number,
  run: (index: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array<T>(lanes.length);
  const out = new Set<Promise<void>>();
  let lastOn = new Map<string, Promise<void>>();
  let failed: { error: unknown } | null = null;
  const start = (index: number, after: Promise<void>): Promise<void> => {
    const p = after
      .then(async () => {
        if (failed) return;
        results[index] = await run(index);
      })
      .catch((error: unknown) => {
        failed ??= { error };
      })
      .finally(() => out.delete(p));
    out.add(p);
    return p;
  };
  for (const [index, lane] of lanes.entries()) {
    if (failed) break;
    if (lane.kind === 'alone') {
      await Promise.all(out);
      lastOn = new Map();
      if (failed) break;
      await start(index, Promise.resolve());
      continue;
    }
    while (out.size >= limit) await Promise.race(out);
    lastOn.set(lane.key, start(index, lastOn.get(lane.key) ?? Promise.resolve()));
  }
  await Promise.all(out);
  if (failed) throw (failed as { error: unknown }).error;
  return results;
}
