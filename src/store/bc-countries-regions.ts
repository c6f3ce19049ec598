import { ISO_COUNTRIES } from '../core/country.js';

/**
 * The facade's Country/Region table (BC table 9, API v2.0 `countriesRegions`): ISO 3166-1 alpha-2
 * codes with English names from the `i18n-iso-countries` package, the same in every company. It is
 * read-only here (BC users maintain theirs in BC), so it lives in memory rather than in a migration
 * whose rows would have to follow the package.
 */
export interface CountryRegionRow {
  /** A GUID derived from the code, so it is stable across processes and restarts. */
  readonly id: string;
  readonly code: string;
  readonly displayName: string;
  /** ISO 8601 UTC; the table never changes, so one fixed instant. */
  readonly lastModifiedDateTime: string;
}

const SEEDED_AT = '2024-01-01T00:00:00Z';

/** `c0de0000-0000-4000-8000-<code's bytes in hex>`: a valid v4-shaped GUID, one per code (≤ 6 bytes). */
function idOf(code: string): string {
  const hex = Buffer.from(code, 'utf8').toString('hex').padStart(12, '0').slice(-12);
  return `c0de0000-0000-4000-8000-${hex}`;
}

export const FACADE_COUNTRIES_REGIONS: readonly CountryRegionRow[] = ISO_COUNTRIES.map((c) => ({
  id: idOf(c.code),
  code: c.code,
  displayName: c.displayName,
  lastModifiedDateTime: SEEDED_AT,
}));

export const FACADE_COUNTRY_CODES: ReadonlySet<string> = new Set(FACADE_COUNTRIES_REGIONS.map((c) => c.code));
