/**
 * An ISO 8601 date or date-time that a request carries (a `$filter` literal, a `$skiptoken` key, a
 * delta token's start, a state store time) read as the instant it names, in the one form every
 * store takes: `toISOString()` (UTC, milliseconds). Why not `Date.parse`: it reads a date the
 * calendar does not have as a later one (`2020-02-30` is March 1st), any text it can make sense of
 * (`'1'` is 2001), and years PostgreSQL cannot hold (`0000-01-01`, or `0001-01-01T00:00+01:00`,
 * which is in year 0): such a value reached the SQL and the request failed with 500 where it
 * should be refused with 400 (review RV16).
 *
 * Accepted: `YYYY-MM-DD`, meaning midnight UTC, or `YYYY-MM-DDThh:mm[:ss[.fraction]]` with `Z` or
 * `±hh:mm`; every field one the calendar and the clock have (no 24:00, no leap second), and the
 * instant from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z (.NET's DateTimeOffset, which BC's
 * Edm.DateTimeOffset is; `0001-01-01T00:00:00Z` is BC's blank date-time). Anything else: null.
 */
const FORM = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** Milliseconds of y-mo-d h:mi:s.ms UTC. setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999. */
function utcMs(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  return t.setUTCHours(h, mi, s, ms);
}
const MIN_MS = utcMs(1, 1, 1, 0, 0, 0, 0);
const MAX_MS = utcMs(9999, 12, 31, 23, 59, 59, 999);

const leap = (y: number): boolean => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const daysIn = (y: number, m: number): number =>
  m === 2 ? (leap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;

export function isoInstant(text: string): string | null {
  const m = FORM.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return null;
  if (h > 23 || mi > 59 || s > 59) return null;
  const zone = m[8] ?? 'Z';
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const zh = Number(zone.slice(1, 3));
    const zm = Number(zone.slice(4, 6));
    if (zh > 23 || zm > 59) return null;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (zh * 60 + zm);
  }
  const ms = Number(`${m[7] ?? ''}000`.slice(0, 3));
  const at = utcMs(y, mo, d, h, mi, s, ms) - offsetMinutes * 60_000;
  return at < MIN_MS || at > MAX_MS ? null : new Date(at).toISOString();
}
