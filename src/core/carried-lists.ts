import type { ConflictEntry, SkipEntry } from './ports.js';

/** Later entries win: a re-plan after a stale write knows more than the plan did. */
export function lastByKey<T>(list: readonly T[], key: (t: T) => string): T[] {
  return [...new Map(list.map((t) => [key(t), t])).values()];
}

/**
 * The skipped list and the conflicts after a run, as one plan states them (issue 14, numbers that
 * are true: a delta preview said "Skipped 56" while the Skipped section listed 57 — the delta had
 * not looked at the one Outlook contact skipped before, which stayed skipped).
 *
 * `decided*` are the plan's own entries; `gone*` the keys (skip keys, bcIds) its decisions cleared.
 * A complete plan (both sides read in full) knows the whole truth and carries nothing; a partial
 * one carries every recorded entry it neither decided again nor cleared, unchanged (the same
 * objects, so the store need not write them again).
 */
export function listsAfterPlan(
  complete: boolean,
  decided: { readonly skipped: readonly SkipEntry[]; readonly conflicts: readonly ConflictEntry[] },
  gone: { readonly skipKeys: readonly string[]; readonly conflictIds: readonly string[] },
  recorded: { readonly skipped: readonly SkipEntry[]; readonly conflicts: readonly ConflictEntry[] },
): { skipped: SkipEntry[]; conflicts: ConflictEntry[] } {
  const skipped = lastByKey(decided.skipped, (s) => s.key);
  const conflicts = lastByKey(decided.conflicts, (c) => c.bcId);
  if (complete) return { skipped, conflicts };
  const skipKeys = new Set([...gone.skipKeys, ...skipped.map((s) => s.key)]);
  const conflictIds = new Set([...gone.conflictIds, ...conflicts.map((c) => c.bcId)]);
  return {
    skipped: [...recorded.skipped.filter((s) => !skipKeys.has(s.key)), ...skipped],
    conflicts: [...recorded.conflicts.filter((c) => !conflictIds.has(c.bcId)), ...conflicts],
  };
}
