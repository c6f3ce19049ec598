/**
 * Deletions from a real tenant through BC's change tracking (issue 11 §2; reference §5 "Filtering
 * and change tracking": `Prefer: odata.track-changes`, `@odata.deltaLink`, deleted records as
 * `@removed` / `$deletedEntity` rows with their `id`, 410 Gone for a link the service no longer
 * serves).
 *
 * In upstream mode the facade's delta token carries the tenant's own delta link (`{v:2, link}`), so
 * the link lives where the client keeps its cursor — the sync state store, per user and company —
 * and nothing is kept in the facade's memory. A token of the facade's clock (`{v:1, from}`, see
 * store/bc-delta-token.ts) cannot be served: changes by time carry no deletions, so it answers 410
 * and the client's full read reconciles them.
 */
import { upstreamWalk } from './upstream-api.js';
import { isoInstant } from '../../platform/iso-instant.js';
import { isRemovedRow, removedIdOf, trackedCompanyOf } from '../../bc/delta-link.js';
import { deltaTokenStart } from '../../store/bc-delta-token.js';

type Json = Record<string, unknown>;

/** One GET to the tenant: a path under the API root with options, or an absolute link it gave. */
export type TenantGet = (
  target: { path: string; query: Record<string, string> } | { link: string },
  headers: Record<string, string>,
) => Promise<{ json: Json }>;

export interface TrackedRows {
  readonly changed: Json[];
  readonly deleted: { id: string }[];
  /** The tenant's delta link from the last page; null when it gave none. */
  readonly link: string | null;
}

/**
 * The facade token that carries a tenant's delta link; `from` (ISO) when changes made since then,
 * before the link, are owed too (the first delta after a full read during which contacts changed).
 * @internal
 */
export function upstreamLinkToken(link: string, from?: string): string {
  const json = from === undefined ? { v: 2, link } : { v: 2, link, from };
  return Buffer.from(JSON.stringify(json), 'utf8').toString('base64url');
}

/**
 * The tenant's delta link a token carries (and its `from`); null for any other token.
 * @internal
 */
export function upstreamLinkOf(token: string): { link: string; from: string | null } | null {
  try {
    const json = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (json.v !== 2 || typeof json.link !== 'string') return null;
    const from = typeof json.from === 'string' && isoInstant(json.from) !== null ? json.from : null;
    return { link: json.link, from };
  } catch {
    return null;
  }
}

/**
 * Reads every page from `first` with tracking: changed rows, deleted ids, the closing delta link.
 * Past `limit` rows it stops following nextLinks and returns no link (the read is cut short).
 */
async function readTracked(
  get: TenantGet,
  first: { path: string; query: Record<string, string> } | { link: string },
  limit = Infinity,
): Promise<TrackedRows> {
  const changed: Json[] = [];
  const deleted: { id: string }[] = [];
  let target = first;
  const walk = upstreamWalk();
  for (;;) {
    if ('link' in target) walk.check(target.link);
    const { json } = await get(target, { prefer: 'odata.track-changes' });
    for (const row of Array.isArray(json.value) ? (json.value as Json[]) : []) {
      if (!isRemovedRow(row)) changed.push(row);
      else {
        const id = removedIdOf(row);
        if (id !== null) deleted.push({ id });
      }
    }
    const next = json['@odata.nextLink'];
    if (changed.length + deleted.length > limit) return { changed, deleted, link: null };
    if (typeof next === 'string') {
      target = { link: next };
      continue;
    }
    const link = json['@odata.deltaLink'];
    return { changed, deleted, link: typeof link === 'string' ? link : null };
  }
}

/** Any token's instant, unchecked against a clock: the tenant's clock is not the facade's. */
const UNBOUNDED = '9999-12-31T23:59:59.999Z';

const changedSince = (filter: string | null, from: string): string =>
  filter ? `(${filter}) and lastModifiedDateTime gt ${from}` : `lastModifiedDateTime gt ${from}`;

/**
 * The token of a tracked read's delta link in upstream mode, made when its last page is served:
 * one tracked read of what changed since the read began (less the margin) gives the tenant's link.
 * When something did change, the token also owes those changes (`from`): a page read before the
 * change would have missed it, so the first delta reads them again by lastModifiedDateTime.
 * A tenant that gives no link leaves the start token (v1), which the next delta refuses (410 → a
 * full read): without change tracking, deletions are only seen by reading everything.
 */
export async function trackingTokenFor(
  get: TenantGet,
  path: string,
  filter: string | null,
  start: string,
): Promise<string> {
  const from = deltaTokenStart(start, UNBOUNDED);
  if (from === null) return start;
  const r = await readTracked(get, { path, query: { $filter: changedSince(filter, from) } });
  if (r.link === null) return start;
  return r.changed.length === 0 && r.deleted.length === 0
    ? upstreamLinkToken(r.link)
    : upstreamLinkToken(r.link, from);
}

/**
 * What changed since a facade token in upstream mode: the tenant's link it carries, followed (its
 * company must be `companyId`, its root the tenant's). Null when the token cannot be served — not
 * such a token, a link of another company, the tenant refusing the link (400/404/410), or no new
 * link from the tenant — so the route answers 410 and the client reads everything again, which is
 * how it learns of deletions (a full read reconciles them).
 *
 * A token of the facade's clock (`{v:1, from}`: the tenant gave no link at the full read, or a
 * cursor made by the embedded store before the facade pointed at this tenant) is never served by
 * time: `lastModifiedDateTime gt from` reports changed records, never deleted ones, so a delta read
 * that way would miss every deletion since `from` (issue 11, item 4).
 */
export async function changesFor(
  get: TenantGet,
  target: { apiRoot: string; companyId: string; path: string; filter: string | null; limit?: number },
  token: string,
): Promise<(Omit<TrackedRows, 'link'> & { token: string }) | null> {
  const carried = upstreamLinkOf(token);
  if (carried === null) return null;
  const { link, from } = carried;
  const ours =
    link.startsWith(`${target.apiRoot}/`) &&
    trackedCompanyOf(link)?.companyId === target.companyId.toLowerCase();
  if (!ours) return null;
  let r: TrackedRows;
  try {
    r = await readTracked(get, { link }, target.limit);
  } catch (e) {
    if ([400, 404, 410].includes((e as { status?: number }).status ?? 0)) return null;
    throw e;
  }
  if (from !== null) {
    // Owed from the full read: changes since it began, each once (the link's version is newer).
    const owed = await readTracked(
      get,
      { path: target.path, query: { $filter: changedSince(target.filter, from) } },
      target.limit,
    );
    const seen = new Set(r.changed.map((j) => j.id));
    r = { ...r, changed: [...owed.changed.filter((j) => !seen.has(j.id)), ...r.changed] };
  }
  return r.link === null
    ? null
    : { changed: r.changed, deleted: r.deleted, token: upstreamLinkToken(r.link) };
}
