import { MAX_PHOTO_BYTES } from './contact-photo.js';
import { MAX_BATCH_REQUESTS } from './batch.js';

/**
 * Which Graph calls take a body, and how large (README "Limits"; issue 10 §3, tester F91). The
 * Graph route is one wildcard (graph-plugin.ts), so the limit is chosen here from the method and
 * path before the body is read: a call that takes no body (reads, deletes, unknown paths) never
 * has its body parsed, and one that does gets what it needs and no more.
 */

/** A single resource: a contact or folder, at most a few KiB; the facade's default too. */
export const GRAPH_BODY_LIMIT = 64 * 1024;
/** `$batch`: Graph's 20 requests of a single resource's limit each. */
const GRAPH_BATCH_BODY_LIMIT = MAX_BATCH_REQUESTS * GRAPH_BODY_LIMIT;
/** The Graph route's own limit, the largest of them (the image parser's, a photo's). */
export const GRAPH_ROUTE_BODY_LIMIT = MAX_PHOTO_BYTES;

/** Resource paths below a mailbox that take a body, by method: segments, `*` for an id. */
const BODY_ROUTES: ReadonlyArray<readonly [string, string]> = [
  ['POST', 'contactfolders'],
  ['POST', 'contactfolders/*/childfolders'],
  ['POST', 'contactfolders/*/contacts'],
  ['POST', 'contacts'],
  ['PATCH', 'contactfolders/*'],
  ['PATCH', 'contactfolders/*/contacts/*'],
  ['PATCH', 'contacts/*'],
  ['PUT', 'contactfolders/*/contacts/*/photo/$value'],
  ['PUT', 'contacts/*/photo/$value'],
];

const matches = (segments: readonly string[], shape: string): boolean => {
  const parts = shape.split('/');
  return parts.length === segments.length && parts.every((p, i) => p === '*' || p === segments[i]);
};

/**
 * The byte limit of a Graph call's body (`path` below the version root), or null when the call
 * takes none. Photos: MAX_PHOTO_BYTES for an image, the single-resource limit for anything else.
 */
export function graphBodyLimit(method: string, path: string, contentType: string | undefined): number | null {
  let segments: string[];
  try {
    // Split before decoding, as the router does (router.ts splitPath).
    segments = path
      .split('/')
      .filter(Boolean)
      .map((s) => decodeURIComponent(s).toLowerCase());
  } catch {
    return null;
  }
  const m = method.toUpperCase();
  if (segments.length === 1 && segments[0] === '$batch') return m === 'POST' ? GRAPH_BATCH_BODY_LIMIT : null;
  // The mailbox part: `/me` or `/users/{id}`.
  const rest = segments[0] === 'me' ? segments.slice(1) : segments[0] === 'users' ? segments.slice(2) : null;
  if (rest === null || !BODY_ROUTES.some(([verb, shape]) => verb === m && matches(rest, shape))) return null;
  return m === 'PUT' && /^image\//i.test(contentType ?? '') ? MAX_PHOTO_BYTES : GRAPH_BODY_LIMIT;
}
