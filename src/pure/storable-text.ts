/**
 * One well-formedness rule for every text the product stores or compares (shared by the state
 * stores, core's side values and the HTTP input guard, which the Graph emulator runs too). PostgreSQL
 * text and jsonb cannot hold U+0000, and jsonb refuses an unpaired UTF-16 surrogate (text would
 * silently get U+FFFD), so such text is "unstorable" everywhere, not only in PostgreSQL.
 */

import { firstInJson } from './json-walk.js';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what PostgreSQL cannot hold.
const SUSPECT = /[\u0000\ud800-\udfff]/;

/**
 * String.prototype.isWellFormed (ES2024: no unpaired surrogate) where the engine has it (Node 20,
 * current browsers); null elsewhere. V8 answers it for a one-byte string without reading it.
 */
const wellFormed: ((text: string) => boolean) | null =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function'
    ? (text) => (text as unknown as { isWellFormed(): boolean }).isWellFormed()
    : null;

/** True when `text` holds no U+0000 and no unpaired surrogate. */
export function isStorableText(text: string): boolean {
  // The planner asks for every value of every contact it writes (issue 12 §2): the engine's own
  // search for U+0000 and its well-formedness check cost a fraction of a scan of the code units
  // (40 ns against 150–500 ns for a 36–144 character id).
  if (wellFormed) return !text.includes('\u0000') && wellFormed(text);
  // Most text holds neither U+0000 nor any surrogate: one cheap scan of the code units, the exact
  // rule only for the rest.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0 || (c >= 0xd800 && c <= 0xdfff))
      return !SUSPECT.test(text) || (!text.includes('\u0000') && !LONE_SURROGATE.test(text));
  }
  return true;
}

/**
 * Whether any string or property name in `value` is unstorable; allocates no paths. Nesting deeper
 * than a contact's goes to a stack, so no input can exhaust the call stack.
 */
function anyUnstorable(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return !isStorableText(value);
  if (typeof value !== 'object' || value === null) return false;
  if (depth > 8) return anyUnstorableDeep(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (anyUnstorable(value[i], depth + 1)) return true;
    return false;
  }
  // A string value is checked here, not by a call per value (the planner scans both contacts of
  // every pair it writes, 70,000 at 100,000 a side: 2.2 -> 1.5 us a contact, issue 12 §2); the
  // empty string, most of a contact's values, is storable.
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const v = (value as Record<string, unknown>)[key];
    if (typeof v === 'string') {
      if (v.length > 0 && !isStorableText(v)) return true;
    } else if (typeof v === 'object' && v !== null && anyUnstorable(v, depth + 1)) return true;
    if (!isStorableText(key)) return true;
  }
  return false;
}

function anyUnstorableDeep(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (!isStorableText(v)) return true;
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
      continue;
    }
    for (const key of Object.keys(v)) {
      if (!isStorableText(key)) return true;
      stack.push((v as Record<string, unknown>)[key]);
    }
  }
  return false;
}

/**
 * The JSON Pointer (`""` for the value itself) of the first string or property name in `value`
 * that is not storable; null when every one is. Walks arrays and plain objects without recursion.
 */
export function unstorableAt(value: unknown): string | null {
  if (!anyUnstorable(value)) return null;
  return firstInJson(value, {
    onValue: (v, at) => (typeof v === 'string' && !isStorableText(v) ? at : null),
    onKey: (key, _v, at) => (isStorableText(key) ? null : at),
  });
}

// eslint-disable-next-line no-control-regex -- U+0000 is exactly what PostgreSQL cannot hold.
const UNSTORABLE_ALL = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * `text` with each U+0000 and unpaired surrogate replaced by U+FFFD (what a reader shows for a
 * broken character). Only for text shown to people (a skipped contact's name), never for a value
 * that is synced: that would write the replacement back to the side that holds the original.
 */
export function storableText(text: string): string {
  return isStorableText(text) ? text : text.replace(UNSTORABLE_ALL, '\ufffd');
}

/**
 * `text` with each U+0000 written as `\0` and each unpaired surrogate as `\uD800` (its code unit):
 * for a refusal that names where unstorable text stands, readable in any log or terminal.
 */
export function escapedUnstorable(text: string): string {
  if (isStorableText(text)) return text;
  return text.replace(UNSTORABLE_ALL, (c) =>
    c === '\u0000' ? '\\0' : `\\u${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `value` with every string in it (keys too) made storable by `storableText`; same shape. */
export function storableDeep<T>(value: T): T {
  if (unstorableAt(value) === null) return value;
  return mapStrings(value) as T;
}

function mapStrings(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) return value.map(mapStrings);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storableText(k), mapStrings(v)]));
  return value;
}
