import { isUtf8 } from 'node:buffer';
import { Transform } from 'node:stream';
import type { Readable } from 'node:stream';
import { firstInJson, pointerToken } from '../pure/json-walk.js';

/**
 * Request bodies must be UTF-8 (RFC 8259 §8.1 for JSON; the facade sends and stores nothing else).
 * Node decodes a body with `toString('utf8')`, which turns every ill-formed byte into U+FFFD
 * silently: a client's Latin-1 "Müller" became "M�ller" in BC and Outlook. The guard checks the
 * bytes as they arrive, before any content-type parser decodes them, and says where the first bad
 * one is: its byte offset and, when the body is otherwise JSON, the JSON Pointer of the value or
 * property name holding it.
 */

/**
 * Where a body stops being UTF-8: `offset` in bytes from its start; in a JSON body, `at` the JSON
 * Pointer of the string value or (`inName`) the property whose name holds the byte.
 */
export interface InvalidUtf8 {
  readonly offset: number;
  readonly byte: number;
  readonly at: string | null;
  readonly inName?: boolean;
}

/**
 * Offset of the first byte that does not begin or continue a well-formed UTF-8 sequence (Unicode
 * Table 3-7: no overlong forms, no surrogates U+D800–DFFF, nothing past U+10FFFF), or of the
 * lead byte of a sequence cut off by the end; -1 when all of `bytes` is UTF-8.
 * @internal
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      // Only the first continuation byte has a narrower range (lo, hi); the rest are 80–BF.
      const min = k === 1 ? lo : 0x80;
      const max = k === 1 ? hi : 0xbf;
      if (c === undefined || c < min || c > max) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** A character no JSON body here holds, standing in for the bad bytes while the pointer is found. */
function marker(text: string): string | null {
  // Noncharacters U+FDD0–FDEF: never interchanged text, so almost never in a body; checked anyway.
  for (let c = 0xfdd0; c <= 0xfdef; c++) {
    const m = String.fromCharCode(c);
    if (!text.includes(m)) return m;
  }
  return null;
}

/** The JSON Pointer of the string (value or property name) holding byte `offset`, when `body` is JSON. */
function pointerAt(body: Buffer, offset: number): { at: string; inName: boolean } | null {
  const rest = body.subarray(offset + 1).toString('utf8');
  const before = body.subarray(0, offset).toString('utf8');
  const m = marker(before + rest);
  if (m === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(before + m + rest);
  } catch {
    return null; // Not JSON, or the bad byte is outside any string: the offset alone says where.
  }
  return firstInJson<{ at: string; inName: boolean }>(parsed, {
    onValue: (v, at) => (typeof v === 'string' && v.includes(m) ? { at: at || '/', inName: false } : null),
    onKey: (key, _v, at) => (key.includes(m) ? { at, inName: true } : null),
    pointerToken: (key) => pointerToken(key.replaceAll(m, '\uFFFD')),
  });
}

/**
 * What `firstInvalidUtf8` found in a whole body, with the JSON Pointer when there is one.
 * @internal
 */
export function invalidUtf8In(body: Buffer): InvalidUtf8 | null {
  const offset = firstInvalidUtf8(body);
  if (offset < 0) return null;
  const json = pointerAt(body, offset);
  return { offset, byte: body[offset]!, at: json?.at ?? null, inName: json?.inName ?? false };
}

/**
 * `payload` passed through unchanged, checked on the way: chunks are kept until the end (the
 * parser buffers the body anyway, up to its body limit) and the whole body is checked before the
 * stream ends, so the parser gets `refuse`'s error instead of the end and never decodes the body.
 */
export function utf8Checked(payload: Readable, refuse: (found: InvalidUtf8) => Error): Readable {
  const chunks: Buffer[] = [];
  const checked = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback(null, chunk);
    },
    flush(callback) {
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      chunks.length = 0;
      // Node's native check first (every body); the byte-by-byte walk only for a bad one.
      const found = isUtf8(body) ? null : invalidUtf8In(body);
      callback(found ? refuse(found) : null);
    },
  });
  payload.on('error', (e) => checked.destroy(e));
  // The parser listens for the refusal while it reads. A request answered without reading its body
  // (415 for a content type no parser takes, a GET) still ends the stream: with no listener the
  // refusal would be an uncaught 'error' that stops the process (found by the route fuzz, 100 of
  // 43,800 inputs). That request has its answer; the refusal is dropped.
  checked.on('error', () => undefined);
  return payload.pipe(checked);
}
