import { invalidTime } from '../core/state-refusal.js';
export { assertStorableText, assertWritableBatch, outlookIdTaken } from '../core/state-refusal.js';
/** Input checks and error translation of SqlSyncStateStore. */

// Same wording as MemorySyncStateStore (src/core/fakes), which the shared contract checks.
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Accepts only ISO 8601 with a zone (as the memory store), returns the canonical UTC form. */
export function toIso(value: string | Date): string {
  if (value instanceof Date) return value.toISOString();
  const ms = ISO.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw invalidTime(String(value));
  return new Date(ms).toISOString();
}

export function isUniqueViolation(err: unknown, constraint: string): err is { detail?: string } {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; constraint?: unknown; message?: unknown };
  return e.code === '23505' && (e.constraint === constraint || String(e.message).includes(constraint));
}

export function outlookIdFromDetail(err: { detail?: string }): string | null {
  // "Key (user_id, folder_id, outlook_id)=(u, f, x) already exists." — the last value is the id.
  const m = /=\((.*)\) already exists/.exec(err.detail ?? '');
  const parts = m?.[1]?.split(', ');
  return parts?.[parts.length - 1] ?? null;
}
