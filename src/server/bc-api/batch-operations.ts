import { MAX_BATCH_OPERATIONS } from '../../bc/bc-batch.js';
import { HttpError } from '../http-error.js';
import { isIdempotencyKey } from '../idempotency.js';
import { quotedRefusal } from '../quoted-refusal.js';
import { checkOperationStrings } from './batch-strings.js';

/**
 * A `$batch` body read into its operations (OData JSON batch): each one's id, method, URL under the
 * API root, passed headers and own Idempotency-Key, or a 400 naming the operation and what is wrong.
 * A refusal that quotes what the operation carries (its id, URL, a header's name) shows it through
 * quotedRefusal: an id with U+202E or a newline is escaped in the answer, never sent back raw.
 */

const METHODS = new Set(['GET', 'POST', 'PATCH', 'DELETE']);
/** Sub-request headers passed on; the caller's token always comes from the envelope. */
const PASSED_HEADERS = new Set(['if-match', 'prefer', 'accept', 'accept-language', 'content-type']);
/** One operation of a `$batch`, as parsed. */
export interface Operation {
  readonly id: string;
  readonly method: string;
  /** Path and query under the host, e.g. `/api/v2.0/companies(…)/contacts`. */
  readonly url: string;
  readonly headers: Record<string, string>;
  /** Its own Idempotency-Key (an engine's create key, bc/create-key.ts), if it has one. */
  readonly key?: string;
  readonly body: unknown;
}

export const bad = (message: string) => new HttpError(400, 'BadRequest', message);

/** A refusal of an operation's `id`, `url` or header name, quoting what was sent (quoted-refusal.ts). */
const badQuoting = (
  target: string,
  name: string,
  value: string,
  kind: string,
  words: (shown: string) => string,
) => quotedRefusal(400, 'BadRequest', { name, value }, words, { target, kind });

/**
 * The operation's URL under the API root: relative to the `$batch` endpoint's folder (OData JSON
 * batch, as BC's examples write `companies(…)/contacts`), or an absolute path, or an absolute URL
 * on the batch's own host, that stays under the root. Another `$batch` inside is refused.
 */
function operationUrl(raw: string, prefix: string, host: string, where: string): string {
  const base = new URL(`http://${host}${prefix}/`);
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw badQuoting(
      `${where}.url`,
      'url',
      raw,
      'notUrl',
      (shown) => `${where}.url: '${shown}' is not a URL.`,
    );
  }
  if (url.host !== base.host)
    throw badQuoting(
      `${where}.url`,
      'url',
      raw,
      'otherHost',
      (shown) => `${where}.url: '${shown}' is not on this service's host.`,
    );
  if (!url.pathname.startsWith(`${prefix}/`))
    throw badQuoting(
      `${where}.url`,
      'url',
      raw,
      'outsideApi',
      (shown) => `${where}.url: '${shown}' is not under ${prefix}.`,
    );
  if (url.pathname.slice(prefix.length) === '/$batch')
    throw bad(`${where}.url: a $batch cannot contain another $batch.`);
  return url.pathname + url.search;
}

export function parseOperations(body: unknown, prefix: string, host: string): Operation[] {
  const requests = (body as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests)) throw bad("The body must be a JSON batch: {'requests': [...]}.");
  if (requests.length > MAX_BATCH_OPERATIONS)
    throw bad(
      `A $batch request can contain at most ${MAX_BATCH_OPERATIONS} operations; it has ${requests.length}.`,
    );
  const ids = new Set<string>();
  return requests.map((r: unknown, n): Operation => {
    const where = `requests[${n}]`;
    const op = (r ?? {}) as Record<string, unknown>;
    checkOperationStrings(op, where);
    if (typeof op.id !== 'string' || op.id === '') throw bad(`${where}.id is missing.`);
    if (ids.has(op.id))
      throw badQuoting(
        `${where}.id`,
        'id',
        op.id,
        'notUnique',
        (shown) => `${where}.id '${shown}' is not unique in the batch.`,
      );
    ids.add(op.id);
    const method = typeof op.method === 'string' ? op.method.toUpperCase() : '';
    if (!METHODS.has(method)) throw bad(`${where}.method must be one of ${[...METHODS].join(', ')}.`);
    if (typeof op.url !== 'string' || op.url === '') throw bad(`${where}.url is missing.`);
    if (op.dependsOn !== undefined) throw bad(`${where}.dependsOn is not supported.`);
    // An atomicity group is all or nothing; run one by one, a later operation's failure would leave
    // the earlier ones applied, so the batch is refused whole, as `Isolation: snapshot` is.
    if (op.atomicityGroup !== undefined)
      throw bad(
        `${where}.atomicityGroup is not supported: this service cannot roll back operations; send them without it.`,
      );
    const headers: Record<string, string> = {};
    let key: string | undefined;
    const names = new Set<string>();
    for (const [k, v] of Object.entries((op.headers ?? {}) as Record<string, unknown>)) {
      const name = k.toLowerCase();
      // Header names are case-insensitive (RFC 9110 §5.1): "If-Match" and "if-match" in one object were
      // both kept by JSON and the last one won silently — a stale If-Match overridden by `*` (attack F5).
      if (names.has(name))
        throw badQuoting(
          `${where}.headers`,
          'header',
          k,
          'headerTwice',
          (shown) => `${where}.headers: '${shown}' is given more than once (header names ignore case).`,
        );
      names.add(name);
      if (PASSED_HEADERS.has(name) && typeof v !== 'string')
        throw badQuoting(
          `${where}.headers`,
          'header',
          k,
          'type',
          (shown) => `${where}.headers: '${shown}' must be a string.`,
        );
      if (PASSED_HEADERS.has(name)) headers[name] = v as string;
      if (name !== 'idempotency-key') continue;
      if (typeof v !== 'string' || !isIdempotencyKey(v) || key !== undefined)
        throw bad(`${where}.headers: Idempotency-Key must be 1 to 255 visible ASCII characters, sent once.`);
      key = v;
    }
    const url = operationUrl(op.url, prefix, host, where);
    return { id: op.id, method, url, headers, ...(key === undefined ? {} : { key }), body: op.body };
  });
}
