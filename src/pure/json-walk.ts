/**
 * One walk over a parsed JSON value (objects, arrays, strings, numbers…) for every check that must
 * name where it found something as a JSON Pointer (RFC 6901): the storable-text rule (storable-text.ts)
 * and the HTTP input guards (platform/json-body-guard.ts, platform/utf8-body.ts). Depth-first without
 * recursion (a deep body cannot overflow the stack).
 *
 * Order: `onValue` sees a value when it is taken from the stack; for an object or array, `onKey`
 * sees every property name (array index) of it, last to first, before any of its children is
 * visited. The first non-null answer of either stops the walk and is returned.
 */
export function firstInJson<T>(
  root: unknown,
  visit: {
    /** A value at `at` (`''` for the root), `depth` objects/arrays below the root. */
    readonly onValue: (value: unknown, at: string, depth: number) => T | null;
    /** A property name (or array index) of an object, with its value and its pointer. */
    readonly onKey?: (key: string, value: unknown, at: string) => T | null;
    /** How a property name is written in a pointer (default: RFC 6901's `~0` / `~1` escapes). */
    readonly pointerToken?: (key: string) => string;
  },
): T | null {
  const token = visit.pointerToken ?? pointerToken;
  const stack: Array<{ value: unknown; at: string; depth: number }> = [{ value: root, at: '', depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    const found = visit.onValue(item.value, item.at, item.depth);
    if (found !== null) return found;
    if (typeof item.value !== 'object' || item.value === null) continue;
    const entries = Array.isArray(item.value)
      ? item.value.map((v, i) => [String(i), v] as const)
      : Object.entries(item.value as Record<string, unknown>);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, v] = entries[i]!;
      const at = `${item.at}/${token(key)}`;
      const atKey = visit.onKey?.(key, v, at) ?? null;
      if (atKey !== null) return atKey;
      stack.push({ value: v, at, depth: item.depth + 1 });
    }
  }
  return null;
}

/** A property name as a JSON Pointer reference token (RFC 6901 §3). */
export function pointerToken(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}
