import type { FastifyReply } from 'fastify';
import { shownInput } from '../../platform/shown-input.js';
import { optionError, unsupportedOption } from './option-error.js';
import { compareKeys, decodeSkiptoken, encodeSkiptoken } from './keyset.js';
import type { KeyKind } from './keyset.js';

/**
 * Server-driven paging of every BC API collection (issue 10 §3, F38: one request's work is bounded
 * whatever it asks for). Business Central serves at most 20,000 entities per page online and lets an
 * on-premises server set its own Max Page Size, which `Prefer: odata.maxpagesize` can only lower
 * (learn.microsoft.com, "Server-Driven Paging in OData Web Services"; reference/bc-contact-sync.md
 * §5). The facade is such a server with a Max Page Size of 1,000 (NAV's default): one page of
 * contacts stays under about 1 MB, and every client follows `@odata.nextLink` either way.
 */
export const MAX_PAGE_SIZE = 1000;

const badRequest = (option: string, text: string, why: string) =>
  optionError(option, `Invalid value '${shownInput(text)}' for ${shownInput(option)}: ${why}.`, {
    quoted: { name: 'value', value: text },
  });

/** A non-negative integer query option (`$top`, `$skip`, `$skiptoken`); 400 naming it otherwise. */
export function nonNegativeInt(option: string, text: string): number {
  if (!/^\d+$/.test(text.trim())) throw badRequest(option, text, 'expected a non-negative integer');
  const n = Number(text.trim());
  if (!Number.isSafeInteger(n)) throw badRequest(option, text, 'too large');
  return n;
}

/**
 * `Prefer: odata.maxpagesize=N` (possibly among other preferences); null when absent or unreadable.
 * @internal
 */
export function preferredPageSize(prefer: string | string[] | undefined): number | null {
  const text = Array.isArray(prefer) ? prefer.join(',') : (prefer ?? '');
  const m = /(?:^|[,;\s])odata\.maxpagesize\s*=\s*"?(\d+)"?/i.exec(text);
  if (!m?.[1]) return null;
  const n = Number(m[1]);
  return n > 0 ? n : null;
}

/**
 * The page size a read gets: the preferred one, never above the server's `max`; `applied` is the
 * `Preference-Applied` value (the size actually used), null when the client stated no preference.
 */
export function pageSizeFor(
  prefer: string | string[] | undefined,
  max: number,
): { size: number; applied: string | null } {
  const preferred = preferredPageSize(prefer);
  const size = Math.min(preferred ?? max, max);
  return { size, applied: preferred === null ? null : `odata.maxpagesize=${size}` };
}

/**
 * The next page's absolute URL: every original option except paging, plus `$skiptoken` (the key
 * of the page's last row, keyset.ts: never an offset) and the `$top` still owed when the client
 * asked for one. A client's `$skip` was served by the first page and is not carried on.
 */
export function nextLink(
  baseUrl: string,
  query: Readonly<Record<string, string | undefined>>,
  skiptoken: string,
  remainingTop: number | null,
): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || k === '$skip' || k === '$skiptoken' || k === '$top') continue;
    params.set(k, v);
  }
  if (remainingTop !== null) params.set('$top', String(remainingTop));
  params.set('$skiptoken', skiptoken);
  // URLSearchParams writes spaces as '+'; %20 is what OData clients and BC expect.
  return `${baseUrl}?${params.toString().replaceAll('+', '%20')}`;
}

/** A page of a read: how many rows to serve, and how many to fetch to learn whether more follow. */
export interface PagePlan {
  /** Rows this page serves at most. */
  readonly take: number;
  /** Rows to fetch: `take + 1` when another page may follow, so no count is needed. */
  readonly fetch: number;
  /** The `$top` still owed after this page (null when the client gave none). */
  readonly owedAfter: number | null;
}

export function planPage(top: number | null, size: number): PagePlan {
  const take = top === null ? size : Math.min(size, top);
  const owedAfter = top === null ? null : top - take;
  return { take, fetch: owedAfter === 0 ? take : take + 1, owedAfter };
}

const PAGING_OPTIONS = new Set(['$top', '$skip', '$skiptoken']);

/**
 * One page of a collection the facade holds whole in memory (companies, countriesRegions): `$top`,
 * `$skip` and `$skiptoken` (from a nextLink) are served, any other `$` option is a 400 naming it.
 * The list is served in `keyOf` order (code point, key values unique per row), and a nextLink
 * names the last row's key (keyset.ts), so a row removed between two pages moves no other row
 * past a page's edge. Sets `Preference-Applied` on `reply`; the answer's `value` and, when more
 * rows follow, its nextLink.
 */
export function pageOfList<T>(
  rows: readonly T[],
  query: Readonly<Record<string, string | undefined>>,
  options: { prefer: string | string[] | undefined; max: number; url: string; reply: FastifyReply },
  collection: string,
  keyOf: (row: T) => readonly string[],
): { value: T[]; '@odata.nextLink'?: string } {
  for (const k of Object.keys(query)) {
    if (k.startsWith('$') && !PAGING_OPTIONS.has(k)) throw unsupportedOption(k, ` on ${collection}`);
  }
  const { size, applied } = pageSizeFor(options.prefer, options.max);
  if (applied !== null) options.reply.header('preference-applied', applied);
  const top = query.$top !== undefined ? nonNegativeInt('$top', query.$top) : null;
  const skip = query.$skip !== undefined ? nonNegativeInt('$skip', query.$skip) : 0;
  const keyed = rows.map((row) => ({ row, key: keyOf(row) })).sort((a, b) => compareKeys(a.key, b.key));
  // Every row's key has the same width; an empty list has no row to start after.
  const width = keyed[0]?.key.length;
  const after =
    query.$skiptoken !== undefined && width !== undefined
      ? (decodeSkiptoken(query.$skiptoken, Array<KeyKind>(width).fill('string')) as string[])
      : null;
  const from = after === null ? 0 : keyed.findIndex((k) => compareKeys(k.key, after) > 0);
  const plan = planPage(top, size);
  const start = (from < 0 ? keyed.length : from) + skip;
  const fetched = keyed.slice(start, start + plan.fetch);
  const value = fetched.slice(0, plan.take).map((k) => k.row);
  if (fetched.length <= plan.take) return { value };
  const last = fetched[plan.take - 1]!.key;
  return { value, '@odata.nextLink': nextLink(options.url, query, encodeSkiptoken(last), plan.owedAfter) };
}
