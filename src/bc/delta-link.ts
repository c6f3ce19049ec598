/**
 * BC API v2.0 change tracking as every BC adapter reads it (reference §5 "Filtering and change
 * tracking"; Microsoft Learn "Using delta links with APIs"): a delta link names the collection it
 * tracks, and a delta page reports a deleted entity as its `id` with `@removed` (OData 4.01) or an
 * `@odata.context` ending in `/$deletedEntity` (OData 4.0). Browser-safe.
 */

type Json = Record<string, unknown>;

/**
 * A delta link as a cursor: relative to the API root it came from (`companies({id})/contacts?…`),
 * so it names no host — the pane on the public origin, the scheduler and the CLI in-process each
 * follow it on their own root (as the Graph delta link in the cursor, issue 9 §1). A link under
 * another root stays absolute.
 */
export function relativeDeltaLink(link: string, apiRoot: string): string {
  const root = `${apiRoot.replace(/\/+$/, '')}/`;
  return link.startsWith(root) ? link.slice(root.length) : link;
}

/**
 * The company whose contacts a delta link (absolute, or relative to an API root) tracks — lower
 * case, quotes dropped — and the link parsed; null when the text is not a link to some
 * `companies({id})/contacts` collection.
 */
export function trackedCompanyOf(link: string): { companyId: string; url: URL } | null {
  let url: URL;
  try {
    url = new URL(link, 'http://api-root.invalid/');
  } catch {
    return null;
  }
  const m = /\/companies\(([^)/]+)\)\/contacts$/i.exec(url.pathname);
  if (!m?.[1]) return null;
  return { companyId: decodeURIComponent(m[1]).replace(/^'|'$/g, '').toLowerCase(), url };
}

/** A delta page's row that reports a deleted entity rather than an added or changed one. */
export function isRemovedRow(row: Json): boolean {
  const context = row['@odata.context'];
  return row['@removed'] !== undefined || (typeof context === 'string' && context.endsWith('$deletedEntity'));
}

/** The id a removed row names: `id`, or the key in its `@id` (`…contacts(<id>)`); null without one. */
export function removedIdOf(row: Json): string | null {
  if (typeof row.id === 'string' && row.id !== '') return row.id;
  const ref = row['@id'];
  const m = typeof ref === 'string' ? /\(([^)]+)\)$/.exec(ref) : null;
  return m?.[1] ? m[1].replace(/^'|'$/g, '') : null;
}
