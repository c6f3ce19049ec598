import { isoInstant } from '../platform/iso-instant.js';
/**
 * The facade's BC change-tracking tokens (BC API v2.0, Microsoft Learn "Using delta links with
 * APIs"): a GET with the preference `odata.track-changes` ends its last page with an opaque
 * `@odata.deltaLink`; following it returns what changed since — added and updated entities as
 * usual, removed ones as their `id` marked `@removed` (and an `@odata.context` ending in
 * `/$deletedEntity`) — and a new delta link. A link the service can no longer serve answers 410
 * Gone with a Location to read a new baseline from.
 *
 * The facade's token is the instant tracking started (its own clock, moved back by a margin so a
 * write that committed while the baseline was read is reported again rather than missed), as
 * base64url JSON: opaque to clients, checkable here. Both the BC API routes and the store adapter
 * (StoreBcContacts) read and make them, so a link made by either serves the other.
 * @internal
 */
export const TRACKING_MARGIN_MS = 2 * 60 * 1000;

/** The token of tracking that starts at `serverTime` (ISO 8601 UTC). */
export function deltaTokenAt(serverTime: string): string {
  const from = new Date(Date.parse(serverTime) - TRACKING_MARGIN_MS).toISOString();
  return Buffer.from(JSON.stringify({ v: 1, from }), 'utf8').toString('base64url');
}

/** The instant a token tracks from; null when it does not decode or points after `serverTime`. */
export function deltaTokenStart(token: string, serverTime: string): string | null {
  let from: unknown;
  try {
    from = (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { from?: unknown }).from;
  } catch {
    from = undefined;
  }
  // isoInstant, not Date.parse: a start PostgreSQL cannot hold made the read fail with 500 (RV16).
  const start = typeof from === 'string' ? isoInstant(from) : null;
  if (start === null || Date.parse(start) > Date.parse(serverTime)) return null;
  return start;
}

/**
 * A delta link of a company's contacts relative to the API root
 * (`companies({id})/contacts?…&$deltatoken=…`), with the read's own options (`$filter`,
 * `$select`) when it had some.
 */
export function contactsDeltaLink(
  companyId: string,
  token: string,
  options: Readonly<Record<string, string>> = {},
): string {
  const params = new URLSearchParams(options);
  params.set('$deltatoken', token);
  // `$` is a legal query character: the options read as BC writes them ($deltatoken, $filter).
  return `companies(${companyId})/contacts?${params.toString().replaceAll('+', '%20').replaceAll('%24', '$')}`;
}
