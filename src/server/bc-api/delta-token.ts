/**
 * BC API v2.0 change tracking (Microsoft Learn, "Using delta links with APIs"): a GET with the
 * preference `odata.track-changes` ends its last page with an opaque `@odata.deltaLink`; following it
 * returns what changed since — added and updated entities as usual, removed ones as only their `id`
 * with an `@odata.context` ending in `/$deletedEntity` — and a new delta link. A link the service can
 * no longer serve answers 410 Gone with a Location to read a new baseline from.
 *
 * The facade's token is the instant tracking started (its own clock, moved back by a margin so a
 * write that committed while the baseline was read is reported again rather than missed), as
 * base64url JSON: opaque to clients, checkable here.
 */
export const TRACKING_MARGIN_MS = 2 * 60 * 1000;

/** `Prefer` asks for change tracking (among other preferences). */
export function wantsTracking(prefer: string | string[] | undefined): boolean {
  const text = Array.isArray(prefer) ? prefer.join(',') : (prefer ?? '');
  return /(?:^|[,;\s])odata\.track-changes(?:$|[,;\s])/i.test(text);
}

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
  const t = typeof from === 'string' ? Date.parse(from) : NaN;
  if (Number.isNaN(t) || t > Date.parse(serverTime)) return null;
  return new Date(t).toISOString();
}
