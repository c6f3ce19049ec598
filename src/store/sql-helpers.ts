import { isoInstant } from '../platform/iso-instant.js';
import { invalidTime } from '../core/state-refusal.js';
export { assertStorableText, assertWritableBatch, outlookIdTaken } from '../core/state-refusal.js';
/**
 * Input checks and error translation of SqlSyncStateStore: the same refusals, as codes, as
 * MemorySyncStateStore (src/fakes), which the shared contract suite checks.
 */
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * A time as every state store takes it (this one function serves the SQL and memory stores alike):
 * ISO 8601 with a zone, or a Date; returns the canonical UTC form (toISOString). Throws
 * StateRefusal `invalidTime` for anything else, e.g. a time without its zone, which would shift.
 */
export function toIso(value: string | Date): string {
  if (value instanceof Date) return value.toISOString();
  // isoInstant after the form: a time the calendar lacks (Feb 30) or PostgreSQL cannot hold (year 0)
  // is refused here as by every store, not rolled over or failed in SQL (RV16).
  const iso = ISO.test(value) ? isoInstant(value) : null;
  if (iso === null) throw invalidTime(String(value));
  return iso;
}

/**
 * Whether `err` is PostgreSQL's unique_violation (SQLSTATE 23505) of `constraint`, by the error's
 * fields (pg and PGlite both carry `code` and `constraint`), never by its message.
 */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; constraint?: unknown };
  return e.code === '23505' && e.constraint === constraint;
}
