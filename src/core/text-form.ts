/**
 * The one text form (docs/sync-rules.md "One text form"; issue 8 §5, F68, F88, F94): what every value
 * read from either side is compared in, and what the sync writes to BC and the facade stores.
 *
 * - Characters that show as nothing are dropped: Unicode's Default_Ignorable_Code_Point set (soft
 *   hyphen U+00AD, bidi marks and controls, zero-width space, word joiner and invisible operators,
 *   BOM, Hangul fillers, Mongolian vowel separator, Khmer inherent vowels, unassigned ignorables…).
 *   Pasted from a web page, a PDF or an e-mail signature they make two equal-looking values differ:
 *   "Ger\u00ADmany" was an unknown country (F88).
 * - Every space separator (Unicode Zs: no-break space U+00A0, figure space U+2007, narrow no-break
 *   U+202F, ideographic U+3000, the en/em spaces, …) is a plain space U+0020: "New\u00A0York" reads
 *   as "New York" and a filter typed `New York` must find it (F94).
 * - Then Unicode NFC, the form people type in BC and Outlook. Not NFKC: it also changes what a
 *   reader sees ("ﬁ" → "fi", "²" → "2", full-width letters), and BC's own filters do not fold those.
 *
 * Kept, because text needs them (and a reader sees the difference): ZWNJ and ZWJ (Persian, the Indic
 * scripts, emoji sequences), variation selectors (emoji and CJK presentation), the combining grapheme
 * joiner, Mongolian free variation selectors and tag characters (subdivision flags such as
 * Scotland's). The folder-name rule (settings-rules.ts) keeps the same list.
 *
 * The ranges are spelled out (not `\p{…}`) so the database migration that brings stored values to
 * this form (store/migrations/014_text_form_spaces.ts) can hold the very same list; a test compares
 * the two over every character listed here.
 */

/** Code point ranges that text needs although Unicode marks them default-ignorable. */
export const NEEDED_BY_TEXT: readonly (readonly [number, number])[] = [
  [0x034f, 0x034f],
  [0x180b, 0x180d],
  [0x180f, 0x180f],
  [0x200c, 0x200d],
  [0xfe00, 0xfe0f],
  [0xe0020, 0xe007f],
  [0xe0100, 0xe01ef],
];

/**
 * Default_Ignorable_Code_Point (Unicode 15/16) without NEEDED_BY_TEXT: dropped from text.
 * @internal
 */
export const IGNORED_RANGES: readonly (readonly [number, number])[] = [
  [0x00ad, 0x00ad],
  [0x061c, 0x061c],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180e, 0x180e],
  [0x200b, 0x200b],
  [0x200e, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x206f],
  [0x3164, 0x3164],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
  [0xfff0, 0xfff8],
  [0x1bca0, 0x1bca3],
  [0x1d173, 0x1d17a],
  [0xe0000, 0xe001f],
  [0xe0080, 0xe00ff],
  [0xe01f0, 0xe0fff],
];

/**
 * The space separators (Unicode Zs) other than U+0020: each becomes U+0020.
 * @internal
 */
export const OTHER_SPACES: readonly (readonly [number, number])[] = [
  [0x00a0, 0x00a0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
];

const hex = (cp: number): string => `\\u{${cp.toString(16)}}`;
const charClass = (ranges: readonly (readonly [number, number])[]): string =>
  ranges.map(([from, to]) => (from === to ? hex(from) : `${hex(from)}-${hex(to)}`)).join('');

const IGNORED = new RegExp(`[${charClass(IGNORED_RANGES)}]`, 'gu');
const SPACES = new RegExp(`[${charClass(OTHER_SPACES)}]`, 'gu');

/**
 * `text` in the one text form. Callers go through model.ts's `nfc`, which skips this for printable
 * ASCII (the planner asks for every value of every contact, issue 12 §2).
 */
export function textForm(text: string): string {
  return text.replace(IGNORED, '').replace(SPACES, ' ').normalize('NFC');
}

/**
 * A contact folder's name as the settings keep it: NFC only. Unlike a value, a folder name must be
 * Outlook's own text, which Graph looks up as written (`displayName eq '…'`): a French Outlook puts a
 * no-break space before ':' by itself, and "Clients\u00A0: BC" read as "Clients : BC" would find no
 * folder and make a second one that looks the same. Invisible characters are refused in a folder
 * name (settings-rules.ts), so there are none to drop.
 */
export function folderNameForm(name: string): string {
  return name.normalize('NFC');
}

/**
 * The offset in `text` of the character at `formOffset` of its text form (`textForm`); the length of
 * `text` for an offset at or past the form's end. A filter is parsed in the text form, so its error
 * positions count the form's characters: typed decomposed ("e" + U+0301) or with a zero-width space,
 * the server said "Position 6" for the `|` at the 8th character (helper newuser). The form of a
 * prefix grows with the prefix, so the first prefix whose form reaches past `formOffset` ends with
 * the character sought. Quadratic in the worst case: only an error's position asks (filters are at
 * most FILTER_LIMITS.length characters).
 */
export function sourceOffset(text: string, formOffset: number): number {
  if (textForm(text) === text) return Math.min(formOffset, text.length);
  let end = 0;
  for (const ch of text) {
    const next = end + ch.length;
    if (textForm(text.slice(0, next)).length > formOffset) return end;
    end = next;
  }
  return text.length;
}
