/** Input checks and error translation of SqlSyncStateStore. */

// Same wording as MemorySyncStateStore (src/core/fakes), which the shared contract checks.
export function outlookIdTaken(outlookId: string): Error {
  return new Error(`outlookId ${outlookId} is already linked to another bcId in this scope`);
}

export function runOwnedByOther(runId: string): Error {
  return new Error(`run ${runId} belongs to another user`);
}

export function assertUniqueKeys(keys: readonly string[], field: string): void {
  const seen = new Set<string>();
  for (const k of keys) {
    if (seen.has(k)) throw new Error(`duplicate ${field} ${k} in one batch`);
    seen.add(k);
  }
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Accepts only ISO 8601 with a zone (as the memory store), returns the canonical UTC form. */
export function toIso(value: string | Date): string {
  if (value instanceof Date) return value.toISOString();
  const ms = ISO.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw new Error(`not an ISO 8601 UTC timestamp: ${value}`);
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

/**
 * PostgreSQL text and jsonb cannot hold U+0000 or an unpaired UTF-16 surrogate (jsonb refuses it;
 * text would silently get U+FFFD), so both stores refuse such values up front with one message.
 */
export function assertStorableText(value: unknown): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000') || LONE_SURROGATE.test(value))
      throw new Error(`value ${JSON.stringify(value)} holds U+0000 or an unpaired surrogate`);
  } else if (Array.isArray(value)) {
    for (const v of value) assertStorableText(v);
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      assertStorableText(k);
      assertStorableText(v);
    }
  }
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
