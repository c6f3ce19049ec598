import { isoInstant } from '../../platform/iso-instant.js';
import { byCodePoint } from '../../pure/code-point-order.js';
import { shownInput } from '../../platform/shown-input.js';
import { optionError } from './option-error.js';
import { isStorableText } from '../../pure/storable-text.js';

/**
 * Keyset paging: the `$skiptoken` of every nextLink the facade writes is the sort key of the
 * page's last row, and the next page starts after that key, not at an offset. With an offset, a
 * row deleted on an earlier page moves every row behind it up one place and the row at the page's
 * edge is read by no page; a tracked read taken as the whole BC list then lacks it, and the engine
 * deletes its Outlook copy. A key does not move when other rows come and go.
 *
 * OData leaves the token to the server and opaque to clients (OData 4.01 Part 1 §11.2.6.7
 * "Server-Driven Paging": a client follows `@odata.nextLink` as given and does not read or build
 * the `$skiptoken`); reference/bc-contact-sync.md §5 "Paging": clients follow the nextLink. Business
 * Central's own tokens name a record, not a count (an API v2.0 nextLink ends in
 * `$skiptoken='<key of the last record>'`); the reference notes do not record that form, so this
 * file relies only on the opacity OData grants. Here a token is base64url JSON of the key values.
 */
export type KeyValue = string | boolean;

/** How a key value is checked on the way in; `guid` and `datetime` are strings of that form. */
export type KeyKind = 'string' | 'boolean' | 'guid' | 'datetime';

/** A token longer than this is refused unread: the longest key (a few 100-character fields) is far below. */
const MAX_TOKEN_LENGTH = 4096;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeSkiptoken(values: readonly KeyValue[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

function refused(text: string, why: string): Error {
  return optionError(
    '$skiptoken',
    `Invalid value '${shownInput(text, 60)}' for $skiptoken: ${why}. Follow the @odata.nextLink of the previous page as it is.`,
    { quoted: { name: 'value', value: text } },
  );
}

function fits(kind: KeyKind, v: unknown): boolean {
  switch (kind) {
    case 'boolean':
      return typeof v === 'boolean';
    case 'string':
      // No U+0000 (or unpaired surrogate): PostgreSQL's text cannot hold it, and the read failed
      // with 500 (review RV17).
      return typeof v === 'string' && isStorableText(v);
    case 'guid':
      return typeof v === 'string' && GUID.test(v);
    case 'datetime':
      return typeof v === 'string' && isoInstant(v) !== null;
  }
}

/**
 * The key values a token names, checked against the kinds the read's order expects; a token that
 * is not one this server wrote for such a read is a 400 saying what is wrong, never a 500.
 */
export function decodeSkiptoken(text: string, kinds: readonly KeyKind[]): KeyValue[] {
  if (text.length > MAX_TOKEN_LENGTH) throw refused(text, `longer than ${MAX_TOKEN_LENGTH} characters`);
  if (!/^[A-Za-z0-9_-]+$/.test(text)) throw refused(text, 'not a token this service wrote (base64url)');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw refused(text, 'it does not decode');
  }
  if (!Array.isArray(parsed) || parsed.length !== kinds.length)
    throw refused(text, `it does not name a position in this read's order (${kinds.length} key values)`);
  const bad = kinds.findIndex((k, i) => !fits(k, parsed[i]));
  if (bad >= 0) throw refused(text, `key value ${bad + 1} is not a ${kinds[bad]}`);
  return parsed as KeyValue[];
}

/** A key tuple compared in code-point order, position by position (lists held whole: paging.ts). */
export function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = byCodePoint(a[i]!, b[i]!);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}
