import type { RawResponse } from './graph-client.js';

/** One Graph call; `url` is relative to the version root (`/me/contactFolders/...`). */
export interface ItemRequest {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly url: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * A read that goes beside the write envelopes waiting for their turn rather than after them
   * (ConcurrencyLimiter: a delta page of a run's echo round, graph-delta.ts). Single requests only.
   */
  readonly beside?: boolean;
}

/** One entry of a `$batch` body's `requests` (Graph's JSON batching request format). */
export interface BatchItem {
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

/** One entry of a `$batch` answer's `responses`, as parsed from its JSON. */
interface BatchAnswerItem {
  readonly id: string;
  readonly status: number;
  readonly statusText?: string;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}

/** Statuses whose Response must be built without a body (the Fetch standard's null body statuses). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * The item answers of a `$batch` answer by id, each as `readRaw` reads what the Graph SDK's
 * BatchResponseContent makes of it, without its cost (issue 12 §2: 0.1 ms of CPU per item, 1 s of
 * a 10,000-contact first sync's creates): the SDK builds a Response per item, its JSON body written
 * out again (a Content-Type of application/json), and readRaw reads it back and parses it — the
 * value it started from. An item of that kind, with a status a Response with a body may have, is
 * answered here from its parsed body; any other (another content type, a status without a body)
 * goes the SDK's way, so what it answered (or threw) stays as it was.
 */
export async function batchAnswers(
  responses: readonly BatchAnswerItem[],
  viaSdk: (item: BatchAnswerItem) => Response,
  read: (response: Response) => Promise<RawResponse>,
): Promise<Map<string, RawResponse>> {
  const out = new Map<string, RawResponse | Response>();
  // All built first (the SDK's constructor does), so a refused item throws before any is read.
  for (const item of responses) {
    const type = item.headers?.['Content-Type'];
    const direct =
      type !== undefined &&
      type.split(';')[0] === 'application/json' &&
      item.statusText === undefined &&
      Number.isInteger(item.status) &&
      item.status >= 200 &&
      item.status <= 599 &&
      !NULL_BODY.has(item.status);
    out.set(
      item.id,
      direct
        ? {
            status: item.status,
            headers: new Headers(item.headers),
            body: item.body === undefined ? null : item.body,
          }
        : viaSdk(item),
    );
  }
  const answers = new Map<string, RawResponse>();
  for (const [id, answer] of out) answers.set(id, answer instanceof Response ? await read(answer) : answer);
  return answers;
}
