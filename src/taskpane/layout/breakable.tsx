import { Fragment } from 'react';
import type { JSX } from 'react';

/**
 * Where a long value may break at a line end, as typesetters break e-mail addresses and URLs:
 * before `.`, `@` and `_` between two word characters ("schwarzenberger|@international|.com").
 * Browsers find no break opportunity inside an address (a hyphen is the only one), so
 * `overflow-wrap: anywhere` alone broke it wherever the line ran out — mid-word
 * ("schwarzen|berger") although that word fits a line. With these points it breaks mid-word only
 * when a word is wider than the line itself. Sentences are left alone: a full stop is followed by
 * a space, not a letter.
 */
const BREAK_BEFORE = /(?<=[\p{L}\p{M}\p{N}])(?=[.@_][\p{L}\p{M}\p{N}])/gu;

/**
 * `text` cut at its break points; the pieces joined give `text` back.
 * @internal
 */
export function breakPieces(text: string): string[] {
  return text.split(BREAK_BEFORE);
}

/**
 * A value or a sentence holding one (an e-mail address, a folder or host name), with a `<wbr>` at
 * each break point: the value reads and copies as it is (a `<wbr>` is no character).
 */
export function Breakable({ text }: { readonly text: string }): JSX.Element {
  const pieces = breakPieces(text);
  return (
    <>
      {pieces.map((piece, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {piece}
        </Fragment>
      ))}
    </>
  );
}

/**
 * A user's value shown on its own, not inside a sentence (a contact's name in a list, a field's
 * value in a conflict): isolated and laid out in its own direction (<bdi>: dir="auto" and an
 * isolate, HTML's element for it). Sentences isolate their values themselves (value-format.ts);
 * a bare Hebrew or Arabic value in a left-to-right line took its neighbours into its run — a
 * Latin part of the name went before the Hebrew it follows, and the text beside it in the cell
 * (a side, a BC No.) read into it.
 */
export function Value({ text }: { readonly text: string }): JSX.Element {
  return (
    <bdi>
      <Breakable text={text} />
    </bdi>
  );
}
