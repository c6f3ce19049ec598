/**
 * The facade's input guard's rule for text no store can hold (U+0000, an unpaired UTF-16
 * surrogate) and how a refusal writes such text. `isStorableText` is a twin of core's
 * (core/storable-text.ts states the rule for the stores and the planner): the guard also runs in
 * the Graph emulator, which imports no core code, and core imports nothing outside core.
 * test/platform/core-twins.test.ts keeps the twins' answers equal.
 */

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what PostgreSQL cannot hold.
const SUSPECT = /[\u0000\ud800-\udfff]/;
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what PostgreSQL cannot hold.
const UNSTORABLE_ALL = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** String.prototype.isWellFormed (ES2024) where the engine has it; null elsewhere. */
const wellFormed: ((text: string) => boolean) | null =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function'
    ? (text) => (text as unknown as { isWellFormed(): boolean }).isWellFormed()
    : null;

/** True when `text` holds no U+0000 and no unpaired surrogate. */
export function isStorableText(text: string): boolean {
  if (wellFormed) return !text.includes('\u0000') && wellFormed(text);
  // Most text holds neither U+0000 nor any surrogate: one cheap scan, the exact rule only for the rest.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0 || (c >= 0xd800 && c <= 0xdfff))
      return !SUSPECT.test(text) || (!text.includes('\u0000') && !LONE_SURROGATE.test(text));
  }
  return true;
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
