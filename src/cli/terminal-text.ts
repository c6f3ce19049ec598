import { shownInput } from '../platform/shown-input.js';

/** FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE, as the message formatter puts them (value-format.ts). */
const FSI = '\u2068';
const PDI = '\u2069';
/** LRI, RLI and FSI: the isolate initiators a PDI closes (UAX #9 BD8, BD9). */
const INITIATORS = new Set(['\u2066', '\u2067', FSI]);

/**
 * The positions (in code points) of the isolates the message formatter put around values: an FSI
 * at the line's outer level and the PDI that closes it. The formatter wraps a value that holds
 * right-to-left text or direction controls in FSI…PDI and balances the value's own isolates
 * inside (value-format.ts isolated), so every isolate of a value nests within such a pair; our
 * catalogs hold none. Any other isolate — nested, unclosed, a PDI closing nothing — came with a
 * value and is escaped like every other hidden character.
 */
function formatterIsolates(chars: readonly string[]): Set<number> {
  const pairs = new Set<number>();
  const open: number[] = [];
  chars.forEach((c, i) => {
    if (INITIATORS.has(c)) open.push(i);
    else if (c === PDI && open.length > 0) {
      const opener = open.pop()!;
      if (open.length === 0 && chars[opener] === FSI) pairs.add(opener).add(i);
    }
  });
  return pairs;
}

/**
 * `text` as a terminal may show it: the formatter's isolates left out (a terminal lays a line out
 * left to right and shows no isolate; written as escapes they would fence every Hebrew name), and
 * every other hidden character — C0 and C1 controls (ESC, CR, BEL…), bidi overrides, embeddings,
 * marks and isolates (U+202A–202E, U+2066–2069, U+200E/F), line and paragraph separators
 * (U+2028/9), other format and default-ignorable characters — written as its escape (`\u202E`), as
 * shownInput writes it. So a line the CLI prints from what a server or a store answered (a run id
 * another host chose, an error's message, a company's name) cannot move the cursor, recolour the
 * terminal, reverse the sentence or hide what follows it (attack F3: a lease owner holding a
 * newline and an ANSI escape was printed as is).
 */
function terminalText(text: string): string {
  const chars = [...text];
  const dropped = formatterIsolates(chars);
  const kept = dropped.size === 0 ? text : chars.filter((_, i) => !dropped.has(i)).join('');
  return shownInput(kept, Number.POSITIVE_INFINITY);
}

/** `line` as terminalText writes it, its one trailing newline (the line's own end) kept. */
export function terminalLine(line: string): string {
  return line.endsWith('\n') ? `${terminalText(line.slice(0, -1))}\n` : terminalText(line);
}
