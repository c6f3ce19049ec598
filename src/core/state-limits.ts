import { byCodePoint } from '../pure/code-point-order.js';

/**
 * How much of a scope's state (one user's sync folder) one request reads and one scope holds
 * (F46, issue 12: bounded work per request). Every SyncStateStore applies these: a page never holds
 * more than `pageSize` entries, and a write that would take a scope's list past its cap is refused
 * as data (`scopeFull`, state-refusal.ts). README "Limits" lists them.
 */
export const STATE_LIMITS = {
  /** Most entries in one page of links, skipped contacts or conflicts (the HTTP routes' maximum too). */
  pageSize: 1000,
  /**
   * Most entries one scope holds, per list. 100,000 links is the planner's target size (issue 12:
   * 100,000 × 100,000); a skipped entry or a conflict names one contact of either side; a pending
   * create (core/pending-creates.ts) is one create a run sent or is about to send, so a run that
   * creates a whole folder's worth holds at most as many as the folder's links (review V5: the
   * list had no cap, and one user's writes could grow it until a run's read of it froze the process).
   */
  perScope: { links: 100_000, skipped: 100_000, conflicts: 100_000, pending: 100_000 },
  /**
   * Most of one user's state (F122). `scopes`: distinct sync folders whose state the user's pane
   * may write through the state routes (a write to a further folder is refused, 409
   * TooManySyncFolders); `runs`: run records kept per user, however they were saved: saving a new
   * one past it drops the user's oldest. `dryRuns`: a dry run's record (review V3) is kept apart
   * from them: a new one past it drops the user's oldest dry run, never a run's record, so
   * previews cannot push out the records the state's origin is read from.
   */
  perUser: { scopes: 50, runs: 1000, dryRuns: 20 },
} as const;

/**
 * How much one write request to the facade's state routes may carry (README "Limits"): the routes'
 * schemas refuse more items, their body limits more bytes. One home for both sides: the facade
 * enforces them (server/sync/schema-kit.ts, state.ts) and the pane's HttpSyncStateStore sends every
 * list in chunks within them (F112), so no list a store takes is refused on the way.
 */
export const STATE_REQUEST_LIMITS = {
  /** Ids in one list (links/find, deletes, removals, pending creates). */
  ids: 10_000,
  /** Links in one upsert. */
  links: 1000,
  /** Conflicts, skipped entries and run errors in one request. */
  entries: 10_000,
  /** Bytes of one links upsert body (a chunk of 1,000 links is about 1 MB). */
  linkBytes: 4 * 1024 * 1024,
  /** Bytes of every other state write body. */
  entryBytes: 8 * 1024 * 1024,
} as const;

/** The lists of a scope that are paged and capped. */
export type ScopeList = keyof typeof STATE_LIMITS.perScope;

/** Per-scope caps a store applies (tests lower them; the product uses STATE_LIMITS.perScope). */
export type ScopeCaps = Readonly<Record<ScopeList, number>>;

/**
 * One page of a list kept in key order (code point: bcId for links and conflicts, the skip key for
 * skipped entries). `after`: the last key of the previous page; the page starts at the first key
 * sorting after it, whether or not that key is still stored (keyset paging: entries written or
 * deleted between pages never shift the rest). `limit`: 1 to STATE_LIMITS.pageSize (a store
 * clamps it into that range).
 */
export interface PageRequest {
  readonly after?: string;
  readonly limit: number;
}

/** A page and the key to continue after (null: this was the last page). */
export interface Page<T> {
  readonly items: T[];
  readonly next: string | null;
}

/** `limit` clamped into 1..STATE_LIMITS.pageSize (a fraction rounds down). */
export function pageLimit(limit: number): number {
  const n = Number.isFinite(limit) ? Math.floor(limit) : STATE_LIMITS.pageSize;
  return Math.min(STATE_LIMITS.pageSize, Math.max(1, n));
}

/**
 * The page of `sorted` (already in key order) after `page.after`: the stores that hold lists in
 * memory use this; SQL stores ask the database for `limit + 1` rows instead.
 * @internal The in-memory fake store (src/fakes, outside production) pages with it.
 */
export function pageOf<T>(sorted: readonly T[], keyOf: (t: T) => string, page: PageRequest): Page<T> {
  const limit = pageLimit(page.limit);
  const after = page.after;
  let start = 0;
  if (after !== undefined) {
    // Binary search: the first key sorting after `after`.
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (byCodePoint(keyOf(sorted[mid] as T), after) <= 0) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const items = sorted.slice(start, start + limit);
  const last = items.at(-1);
  return { items, next: start + limit < sorted.length && last !== undefined ? keyOf(last) : null };
}
