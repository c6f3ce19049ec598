import type { CountryRegionRow } from '../../store/bc-countries-regions.js';

/**
 * A Country/Region row's etag: its last change and, once the company changed it, its row version
 * and its id (store/bc-country-table.ts). A seeded row keeps the etag it always had (version 0): it
 * names no row, and matches only a row never changed. A changed row's etag names its row, as a
 * contact's does (store/bc-contact-rows.ts): row versions count per row, so an etag of one row at
 * version 1 was taken on any other row at version 1 (a write against a row never read went through).
 */
export function countryEtag(r: CountryRegionRow & { readonly rowVersion?: number }): string {
  const version = r.rowVersion ?? 0;
  const content = version === 0 ? r.lastModifiedDateTime : `${r.lastModifiedDateTime}#${version}#${r.id}`;
  return `W/"${Buffer.from(content).toString('base64')}"`;
}

/** The row version an etag names for the row `id`; null when it is not one of ours for that row. */
export function countryRowVersion(etag: string, id: string): number | null {
  const m = /^(?:W\/)?"([A-Za-z0-9+/=]*)"$/.exec(etag.trim());
  if (!m) return null;
  const parts = Buffer.from(m[1] ?? '', 'base64')
    .toString('utf8')
    .split('#');
  if (parts.length === 1) return Number.isNaN(Date.parse(parts[0]!)) ? null : 0;
  if (parts.length !== 3 || parts[2] !== id.toLowerCase()) return null;
  const version = Number(parts[1]);
  return Number.isSafeInteger(version) && version > 0 ? version : null;
}
