import { invalidTime } from '../core/state-refusal.js';
export { assertStorableText, assertWritableBatch, outlookIdTaken } from '../core/state-refusal.js';
/**
 * Input checks and error translation of SqlSyncStateStore: the same refusals, as codes, as
 * MemorySyncStateStore (src/fakes), which the shared contract suite checks.
 */
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Accepts only ISO 8601 with a zone (as the memory store), returns the canonical UTC form. */
export function toIso(value: string | Date): string {
  if (value instanceof Date) return value.toISOString();
  const ms = ISO.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw invalidTime(String(value));
  return new Date(ms).toISOString();
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
