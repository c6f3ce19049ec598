/**
 * Splits a list into the chunks one state request may carry (F112): at most `maxItems` items and
 * at most `maxBytes` bytes of UTF-8 JSON each. An empty list gives no chunks; a single item larger
 * than `maxBytes` goes alone, for the facade to refuse with its own error (413 naming the limit).
 */
export function requestChunks<T>(items: readonly T[], maxItems: number, maxBytes: number): T[][] {
  const out: T[][] = [];
  let chunk: T[] = [];
  let bytes = 0;
  for (const item of items) {
    // +1: the comma between two items of the JSON array.
    const size = jsonBytes(item) + 1;
    if (chunk.length > 0 && (chunk.length >= maxItems || bytes + size > maxBytes)) {
      out.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(item);
    bytes += size;
  }
  if (chunk.length > 0) out.push(chunk);
  return out;
}

const encoder = new TextEncoder();

/** Bytes of a value's JSON in UTF-8. */
export function jsonBytes(value: unknown): number {
  const text = JSON.stringify(value) ?? '';
  // ASCII (most ids and values) needs no encoding to count.
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(text) ? text.length : encoder.encode(text).length;
}
