import type { CountryRegionRow } from '../../store/bc-countries-regions.js';

/**
 * A Country/Region row's etag: its last change and, once the company changed it, its row version
 * (store/bc-country-table.ts). A seeded row keeps the etag it always had (version 0).
 */
export function countryEtag(r: CountryRegionRow & { readonly rowVersion?: number }): string {
  const version = r.rowVersion ?? 0;
  const content = version === 0 ? r.lastModifiedDateTime : `${r.lastModifiedDateTime}#${version}`;
  return `W/"${Buffer.from(content).toString('base64')}"`;
}

/** The row version an etag names; null when it is not one of ours. */
export function countryRowVersion(etag: string): number | null {
  const m = /^(?:W\/)?"([A-Za-z0-9+/=]*)"$/.exec(etag.trim());
  if (!m) return null;
  const content = Buffer.from(m[1] ?? '', 'base64').toString('utf8');
  const hash = content.lastIndexOf('#');
  if (hash < 0) return Number.isNaN(Date.parse(content)) ? null : 0;
  const version = Number(content.slice(hash + 1));
  return Number.isSafeInteger(version) && version > 0 ? version : null;
}
