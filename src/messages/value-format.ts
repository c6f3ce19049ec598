import type { MessageValues } from './field-words.js';

/**
 * How values go into a message, for both formatters (the codes' IntlMessageFormat, english.ts; the
 * pane's react-intl, i18n-of.ts): each text value that holds right-to-left text is isolated, and a
 * value's closing period is not doubled by the message's own.
 */

/** FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE (Unicode Bidirectional Algorithm, UAX #9). */
const FSI = '\u2068';
const PDI = '\u2069';

/**
 * Text the bidirectional algorithm may reorder a sentence around: a right-to-left letter or digit
 * (Hebrew, Arabic, Syriac, Thaana, N'Ko… and their presentation forms; the supplementary planes'
 * right-to-left blocks) or an explicit direction mark, embedding, override or isolate.
 */
const BIDI_SENSITIVE =
  /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u{10800}-\u{10fff}\u{1e800}-\u{1efff}\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/u;

/**
 * `text` between FSI and PDI when it holds right-to-left text or direction controls, else as it is.
 * Put in a left-to-right sentence unisolated, a Hebrew or Arabic name took the neutrals and digits
 * beside it into its own run ("דוד כהן: 2 fields…" shown as "2 :דוד כהן fields…"), and an override
 * in a value (U+202E) turned the rest of the sentence around; isolated, the value is laid out on its
 * own and the sentence around it keeps its order. Only such text is isolated: left-to-right text
 * cannot reorder a left-to-right sentence (none of the product's languages is written right to
 * left), and every other text stays as it was, codes (select arguments) included.
 */
export function isolated(text: string): string {
  return BIDI_SENSITIVE.test(text) ? `${FSI}${balancedIsolates(text)}${PDI}` : text;
}

/** LRI, RLI and FSI: the isolate initiators a PDI closes (UAX #9 BD8, BD9). */
const ISOLATE_INITIATORS = new Set(['\u2066', '\u2067', FSI]);

/**
 * `text` whose isolates pair up within it: a PDI that closes nothing in it is dropped (it would
 * close the FSI around it, and an override after it would turn the rest of the sentence around:
 * attack A4, "\u2069\u202Eevil"), and an initiator it leaves open gets its PDI (the PDI after it
 * would close that one instead, leaving the sentence inside the value's isolate). Embeddings and
 * overrides need nothing: the closing PDI ends those still open (UAX #9 X6a).
 */
function balancedIsolates(text: string): string {
  let open = 0;
  let out = '';
  for (const c of text) {
    if (ISOLATE_INITIATORS.has(c)) open++;
    else if (c === PDI) {
      if (open === 0) continue;
      open--;
    }
    out += c;
  }
  return out + PDI.repeat(open);
}

/**
 * Two characters that mark the values' edges while a message is formatted (withValues):
 * private-use ones (no catalog holds them) that none of `texts` holds either — user text may hold
 * any, and a mark found in a value would be taken for one (the review's closing-period-marks).
 */
function freeMarks(texts: readonly string[]): { end: string; start: string } {
  const free: string[] = [];
  for (let code = 0xe000; free.length < 2; code++) {
    const mark = String.fromCharCode(code);
    if (!texts.some((t) => t.includes(mark))) free.push(mark);
  }
  return { end: free[0] as string, start: free[1] as string };
}

/**
 * `format(values)` with each text value isolated (isolated above), and one period where a value
 * that ends in one (an abbreviation: "Ltd.") is followed by the message's own period (F109: "la
 * société CRONUS International Ltd.."), in every language the product speaks; the value stays whole
 * where no period of the message follows it (a space, the end, or another value such as ".com"). The
 * values' edges are marked while the message is formatted, so what follows each one is read in the
 * text ICU made (the branch of a plural or a select it chose), not guessed from the message's
 * source. Select arguments are codes: none starts or ends with a period, none holds right-to-left
 * text, so neither marking nor isolating changes which branch a select takes.
 */
export function withValues(
  format: (values: MessageValues | undefined) => string,
  values: MessageValues | undefined,
): string {
  if (!values) return format(values);
  const texts = Object.values(values).filter((v): v is string => typeof v === 'string');
  if (!texts.some((v) => v.endsWith('.') || v.startsWith('.'))) return format(mapTexts(values, isolated));
  const { end, start } = freeMarks(texts);
  // The marks go outside the isolate: the message's period after a value's own is found and
  // dropped whatever the value's direction, and the value's period stays inside its isolate.
  const marked = (v: string) => (v.startsWith('.') ? start : '') + isolated(v) + (v.endsWith('.') ? end : '');
  const text = format(mapTexts(values, marked));
  return text.split(`${end}.`).join('').split(end).join('').split(start).join('');
}

function mapTexts(values: MessageValues, f: (text: string) => string): MessageValues {
  return Object.fromEntries(
    Object.entries(values).map(([name, v]) => [name, typeof v === 'string' ? f(v) : v]),
  );
}
