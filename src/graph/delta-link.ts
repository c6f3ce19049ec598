/**
 * Host-neutral delta links (issue 9 §1, design §5 "persisted sync state is host-neutral").
 *
 * Graph answers a delta round with an absolute `@odata.deltaLink` that names the service host and
 * the mailbox the way the caller addressed it: `/me/…` for the pane's delegated token,
 * `/users/{id}/…` for the facade's app-only token. Replaying the pane's `/me` link with an
 * app-only token fails ("/me request is only valid with delegated authentication flow"), and the
 * host differs between the pane (the page's origin) and the facade (in-process). So the link is
 * stored without host, version root and mailbox segment — `contactFolders/{id}/contacts/delta?$deltatoken=…`
 * — and each host puts its own mailbox root in front when it replays it. The delta token itself is
 * bound to the mailbox and folder, not to the access kind (one mailbox, whoever asks).
 *
 * The other persisted values were reviewed for the same kind: folder and contact ids are the
 * mailbox's own (equal under /me and /users/{id}); next links are never stored; user ids are the
 * facade's. Only the delta link carried a host and a mailbox address.
 */

/**
 * `/me`, `/users/{id}` or `/users('{id}')` as the first mailbox segment of a Graph path, followed by
 * the mailbox-relative rest. Ids in the rest are percent-encoded, so the first match is the root.
 */
const MAILBOX_ROOT = /\/(?:me|users\/[^/]+|users\('[^']*'\))\/(.+)$/i;

/**
 * The stored form of a delta link: mailbox-relative, no leading slash (`contactFolders/…`).
 * A link this code cannot place (no mailbox segment) is returned unchanged and replayed as is.
 */
export function hostNeutralLink(link: string): string {
  const q = link.indexOf('?');
  const path = q < 0 ? link : link.slice(0, q);
  const query = q < 0 ? '' : link.slice(q);
  const m = MAILBOX_ROOT.exec(path);
  return m ? `${m[1]}${query}` : link;
}

/**
 * True for a stored link in the host-neutral form (neither absolute nor rooted).
 * @internal
 */
export function isHostNeutral(link: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(link) && !link.startsWith('/');
}

/**
 * The URL this host replays a stored link with: `{root}/{link}` relative to the version root,
 * where `root` is this host's mailbox (`/me` or `/users/{id}`). Links stored before links were
 * neutral (absolute, naming another host or mailbox) are rebased the same way.
 * @internal Test seam: graph-mailbox.links tests rebase stored links directly.
 */
export function linkForMailbox(stored: string, root: string): string {
  const neutral = isHostNeutral(stored) ? stored : hostNeutralLink(stored);
  return isHostNeutral(neutral) ? `${root}/${neutral}` : neutral;
}

/** The query options Graph puts in a contacts delta link; a stored link with any other is not replayed. */
const DELTA_OPTIONS = new Set(['$deltatoken', '$skiptoken', '$select']);

/**
 * The URL to replay a stored delta link with on this mailbox (`root`), or null when the link does
 * not name exactly this folder's contacts delta (tester F32: a cursor is written by the pane
 * through the state API, so a link such as `contactFolders/../../{other user}/…` sent the facade's
 * app-only run into another mailbox). Only `contactFolders/{folderId}/contacts/delta` (or
 * `contactFolders('{folderId}')/…`) with $deltatoken/$skiptoken/$select is replayed; the caller
 * reads a fresh snapshot otherwise.
 */
export function replayableLink(stored: string, folderId: string, root: string): string | null {
  const neutral = isHostNeutral(stored) ? stored : hostNeutralLink(stored);
  if (!isHostNeutral(neutral)) return null;
  const q = neutral.indexOf('?');
  const path = q < 0 ? neutral : neutral.slice(0, q);
  const query = q < 0 ? '' : neutral.slice(q + 1);
  const decode = (s: string): string | null => {
    try {
      return decodeURIComponent(s);
    } catch {
      return null;
    }
  };
  const segments = path.split('/');
  const quoted = /^contactFolders\('(.*)'\)$/.exec(segments[0] ?? '');
  const [id, rest] = quoted
    ? [decode(quoted[1]!), segments.slice(1)]
    : segments[0] === 'contactFolders'
      ? [decode(segments[1] ?? ''), segments.slice(2)]
      : [null, []];
  if (id !== folderId || rest.length !== 2 || rest[0] !== 'contacts' || rest[1] !== 'delta') return null;
  for (const pair of query === '' ? [] : query.split('&')) {
    const name = decode((pair.split('=')[0] ?? '').replaceAll('+', ' '));
    if (name === null || !DELTA_OPTIONS.has(name.toLowerCase())) return null;
  }
  return `${root}/${neutral}`;
}
