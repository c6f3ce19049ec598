/** One Graph call; `url` is relative to the version root (`/me/contactFolders/...`). */
export interface ItemRequest {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly url: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** One entry of a `$batch` body's `requests` (Graph's JSON batching request format). */
interface BatchItem {
  url: string;
  method: string;
  headers?: Record<string, string>;
  body?: unknown;
  id: string;
}

/**
 * A placeholder origin, so an item's URL (relative to the version root, starting with `/`) is
 * normalized as an absolute one is (the WHATWG parser, as a Request does).
 */
const BATCH_ORIGIN = 'https://batch.invalid';

/**
 * The `$batch` body for `items`, item k with id `k + 1`: what the Graph SDK's BatchRequestContent
 * makes of them as Request objects (URL normalized by the WHATWG parser and made relative to the
 * version root; header names lower-cased and sorted; a JSON body for POST and PATCH, with its
 * content type), without its cost: it strips the origin with `url.split(/.*?\/\/.*?\//)`, which
 * is quadratic in the URL's length — 0.8 ms of CPU per read by id (816 characters with its
 * $select and $expand), 80 ms for the 100 reads of a delta with 100 Outlook changes (issue 12 §2).
 * test/graph/batch-envelope.test.ts checks the two agree.
 */
export function batchEnvelope(items: readonly ItemRequest[]): { requests: BatchItem[] } {
  return {
    requests: items.map((item, i) => {
      const hasBody = item.body !== undefined && (item.method === 'POST' || item.method === 'PATCH');
      const headers = new Headers({
        ...(item.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...item.headers,
      });
      const named: Record<string, string> = {};
      headers.forEach((value, key) => (named[key] = value));
      return {
        url: new URL(BATCH_ORIGIN + item.url).href.slice(BATCH_ORIGIN.length),
        method: item.method,
        ...(Object.keys(named).length > 0 ? { headers: named } : {}),
        ...(hasBody ? { body: JSON.parse(JSON.stringify(item.body)) as unknown } : {}),
        id: String(i + 1),
      };
    }),
  };
}
