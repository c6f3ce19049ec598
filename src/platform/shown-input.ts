/**
 * What a refusal may quote of a client's input (a property name, a JSON Pointer, a query option, a
 * header): every HTTP answer and log line that names what was sent shows it through here. Raw, a
 * U+202E in a name reversed the sentence around it, a newline or ESC split or recoloured a log line,
 * and a 120 KB name made a 120 KB answer. So:
 * - characters that show as nothing or act on the text around them (controls, format characters
 *   such as the bidi overrides and isolates, line and paragraph separators, unpaired surrogates,
 *   other default-ignorables) are written as their escapes (`\u202E`), visible and inert;
 * - the shown text is at most SHOWN_INPUT_MAX characters, cut with an ellipsis; the reason carries
 *   the original length beside it (`inputParams`), so a client can say how long the value was.
 * The pane words the reason itself (and isolates values in its formatter); the CLI escapes its own
 * lines (cli/terminal-text.ts).
 */

/**
 * The most characters a refusal quotes of one value (an ellipsis follows a cut).
 * @internal
 */
export const SHOWN_INPUT_MAX = 100;

const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]/u;

function escapeOf(codePoint: number): string {
  const hex = codePoint.toString(16).toUpperCase();
  return codePoint > 0xffff ? `\\u{${hex}}` : `\\u${hex.padStart(4, '0')}`;
}

/** `value` as an answer may quote it: hidden characters escaped, at most `max` characters (+ "…"). */
export function shownInput(value: string, max = SHOWN_INPUT_MAX): string {
  let out = '';
  // By code point, so a cut never splits a pair and an astral character escapes whole; stops at
  // the bound, so a 120 KB value costs what a 100 character one does.
  for (const ch of value) {
    const piece = HIDDEN.test(ch) ? escapeOf(ch.codePointAt(0)!) : ch;
    if (out.length + piece.length > max) return `${out}…`;
    out += piece;
  }
  return out;
}

/**
 * The parameters a reason carries for one quoted value: `name` as shown, and `nameLength`, its
 * length as sent (so a client can word "a name of 120,000 characters" from data).
 */
export function inputParams(name: string, value: string): Readonly<Record<string, string | number>> {
  return { [name]: shownInput(value), [`${name}Length`]: value.length };
}
