import type { CountryRegionRow } from '../../store/bc-countries-regions.js';

/**
 * A Country/Region row's etag: its last change, its row version (0 until the company changes it)
 * and its id (store/bc-country-table.ts), so it names its row as a contact's does
 * (store/bc-contact-rows.ts). Row versions count per row and seeded rows share their last change:
 * an etag without the id was taken on any other row at the same version (reviewer: version 1;
 * audit: every row never changed, the seeded DK etag wrote SE). Etags issued before name no row
 * and get one 409; a re-read gives the current one.
 */
export function countryEtag(r: CountryRegionRow & { readonly rowVersion?: number }): string {
  const content = `${r.lastModifiedDateTime}#${r.rowVersion ?? 0}#${r.id}`;
  return `W/"${Buffer.from(content).toString('base64')}"`;
}

/** The row version an etag names for the row `id`; null when it is not one of ours for that row. */
export function countryRowVersion(etag: string, id: string): number | null {
  const m = /^(?:W\/)?"([A-Za-z0-9+/=]*)"$/.exec(etag.trim());
  if (!m) return null;
  const parts = Buffer.from(m[1] ?? '', 'base64')
    .toString('utf8')
    .split('#');
  if (parts.length !== 3 || parts[2] !== id.toLowerCase()) return null;
  const version = Number(parts[1]);
  return Number.isSafeInteger(version) && version >= 0 ? version : null;
}
