/**
 * The one check of every loop whose next request another service's answer decides (an
 * `@odata.nextLink`, a paging cursor, the next offset while pages say "more"). A service that
 * answers wrongly — a link naming another origin, a link seen before in this walk, pages without
 * end — must not send our bearer token elsewhere nor keep a run reading forever: the walk is
 * refused before the request goes, as data (a code and its params) that each adapter throws in
 * its own error kind (GraphError, PortFailure, ApiError, SyncApiError, HttpError), so the run's
 * outcome names it (readFailed … serviceCode).
 */

/** The link names another origin than the service the walk began on (the token would go along).
 * @internal exported for its test
 */
export const PAGE_LINK_FOREIGN = 'PageLinkForeign';
/** The link (or cursor) was already followed in this walk: the pages loop.
 * @internal exported for its test
 */
export const PAGE_LINK_REPEATED = 'PageLinkRepeated';
/** More pages than any read of ours can have (MAX_PAGES): the service pages without end.
 * @internal exported for its test
 */
export const PAGES_EXCEEDED = 'PagesExceeded';

type PageRefusalCode = typeof PAGE_LINK_FOREIGN | typeof PAGE_LINK_REPEATED | typeof PAGES_EXCEEDED;

export interface PageRefusal {
  readonly code: PageRefusalCode;
  /** The link refused (a foreign or repeated one), or the bound passed. */
  readonly params: { readonly link?: string; readonly pages?: number };
}

/**
 * Pages any one walk may read. Our reads ask 100 to 1,000 rows a page (Graph caps delta pages at
 * 200), so 10,000 pages hold at least 1,000,000 rows: past the largest folder or company a run
 * reads (issue 12's 50,000 contacts are 50 to 250 pages), yet a service that pages forever is
 * stopped within seconds of local work, not hours.
 */
const MAX_PAGES = 10_000;

interface PageWalkOptions {
  /** Pages the walk may read (default MAX_PAGES). */
  readonly limit?: number;
  /**
   * Whether a link stays where the token may go, when that is not "the base's origin" (the Graph
   * client sends a link of its own version root under any host name to its base, graph-client.ts).
   */
  readonly stays?: (link: string) => boolean;
}

/**
 * One walk's links and pages so far: `refusal` before each request of the walk (its first too, so
 * a link back to it is a repeat, and a first link taken from an answer keeps the origin).
 * @internal exported for its test (its users take one through checkedWalk)
 */
export class PageWalk {
  private readonly seen = new Set<string>();
  private pages = 0;
  private readonly stays: ((link: string) => boolean) | null;
  private readonly limit: number;

  /**
   * @param base the URL the walk began on: links must keep its origin (unless `options.stays`
   *   says otherwise) and relative ones resolve against it; null for cursors that are not links.
   */
  constructor(
    private readonly base: string | null,
    options: PageWalkOptions = {},
  ) {
    this.limit = options.limit ?? MAX_PAGES;
    this.stays = options.stays ?? (base === null ? null : sameOrigin(base));
  }

  /** Null when `next` may be requested (it is then counted and remembered), else why not. */
  refusal(next: string): PageRefusal | null {
    if (this.stays !== null && !this.stays(next)) return { code: PAGE_LINK_FOREIGN, params: { link: next } };
    const key = this.key(next);
    if (this.seen.has(key)) return { code: PAGE_LINK_REPEATED, params: { link: next } };
    if (++this.pages > this.limit) return { code: PAGES_EXCEEDED, params: { pages: this.limit } };
    this.seen.add(key);
    return null;
  }

  /**
   * One more page asked by the caller itself (an offset lane's `$skip`, not a link an answer
   * gave): only the bound applies. Null when it may go.
   */
  counted(): PageRefusal | null {
    return ++this.pages > this.limit ? { code: PAGES_EXCEEDED, params: { pages: this.limit } } : null;
  }

  /** Links compare resolved (a relative and an absolute form of one link are one link). */
  private key(link: string): string {
    if (this.base === null) return link;
    try {
      return new URL(link, this.base).href;
    } catch {
      return link;
    }
  }
}

/** The refusal's words for logs only (never shown: the code and params are what runs report). */
export function refusalLog(r: PageRefusal): string {
  return `${r.code} ${r.params.link ?? r.params.pages ?? ''}`.trim();
}

/** Links that resolve (against `base`) to `base`'s own origin: scheme, host and port. */
function sameOrigin(base: string): (link: string) => boolean {
  const origin = new URL(base).origin;
  return (link) => {
    try {
      return new URL(link, base).origin === origin;
    } catch {
      return false; // not a URL at all: no origin it could keep
    }
  };
}

/** A walk whose refusals throw: `check` before each request of it, `counted` for one asked by offset. */
export interface CheckedWalk {
  /** Throws the adapter's error of the refusal when `url` may not go. */
  readonly check: (url: string) => void;
  /** Throws the adapter's error of PagesExceeded past the walk's bound. */
  readonly counted: () => void;
}

/** `PageWalk` for one adapter: `refuse` makes its own error kind of a refusal (code and params). */
export function checkedWalk(
  base: string | null,
  refuse: (refusal: PageRefusal) => Error,
  options: PageWalkOptions = {},
): CheckedWalk {
  const walk = new PageWalk(base, options);
  return {
    check: (url) => {
      const refused = walk.refusal(url);
      if (refused) throw refuse(refused);
    },
    counted: () => {
      const refused = walk.counted();
      if (refused) throw refuse(refused);
    },
  };
}
