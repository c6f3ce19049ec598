/**
 * AL's Code type: upper case, without leading or trailing spaces (U+0020 only, as BC's DelChr). The
 * upper case is BC's runtime's (.NET char.ToUpperInvariant: one character for one, Unicode's simple
 * case mapping), not JavaScript's full mapping, which writes "ß" as "SS" and "ﬁ" as "FI": BC keeps
 * "ß", so a post code "ß1" read back as "ß1" differed from the "SS1" the sync held, and was written
 * again every run (and a name of 100 characters with "ß" grew past Code[100]).
 */
export function codeForm(value: string): string {
  if (isCodeForm(value)) return value;
  const trimmed = value.replace(/^ +| +$/g, '');
  const upper = trimmed.toUpperCase();
  // No character's full upper case is shorter than it (checked over all code points), so an upper
  // case of the same length mapped one for one: the common case, at toUpperCase's cost.
  return upper.length === trimmed.length ? upper : simpleUpper(trimmed);
}

/**
 * Whether `value` is in code form already: no space at either end and no character upper-casing
 * would change (checked as printable ASCII without a-z; anything else takes the full form). Most
 * codes are ("2100", "DK"), and a plan reads one or two per linked contact: returned as they are,
 * without the new strings of the replace and toUpperCase (issue 12: 8.6 of the 94 MB a
 * 100,000 x 100,000 plan allocated, sampled heap profile).
 */
function isCodeForm(value: string): boolean {
  const last = value.length - 1;
  if (last >= 0 && (value.charCodeAt(0) === 32 || value.charCodeAt(last) === 32)) return false;
  for (let i = 0; i <= last; i++) {
    const c = value.charCodeAt(i);
    if (c < 32 || c > 126 || (c >= 97 && c <= 122)) return false;
  }
  return true;
}

/** Each code point to its simple upper case: the full one when that is one code point, else itself. */
function simpleUpper(text: string): string {
  let out = '';
  for (const ch of text) {
    const full = ch.toUpperCase();
    const first = full.codePointAt(0)!;
    const single = full.length === (first > 0xffff ? 2 : 1);
    const cp = ch.codePointAt(0)!;
    out += single ? full : String.fromCodePoint(iotaSimpleUpper(cp) ?? cp);
  }
  return out;
}

/**
 * The only letters whose full upper case is several code points while their simple upper case is
 * another letter (Unicode SpecialCasing vs UnicodeData): Greek small letters with ypogegrammeni,
 * U+1F80–1F87, 1F90–1F97, 1FA0–1FA7 (simple: +8) and U+1FB3, 1FC3, 1FF3 (simple: +9).
 */
function iotaSimpleUpper(cp: number): number | undefined {
  if ((cp >= 0x1f80 && cp <= 0x1f87) || (cp >= 0x1f90 && cp <= 0x1f97) || (cp >= 0x1fa0 && cp <= 0x1fa7))
    return cp + 8;
  if (cp === 0x1fb3 || cp === 0x1fc3 || cp === 0x1ff3) return cp + 9;
  return undefined;
}
