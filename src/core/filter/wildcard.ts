import type { PatternSegment } from './types.js';

/**
 * Business Central wildcard matching (`*` = any run, `?` = exactly one character) without a
 * backtracking regular expression. A backtracking engine tries every way to split the subject
 * between the stars: `*?*?*?*?*?*?*?*!` against 60 `a`s took 13.5 s (issue 10 §3).
 *
 * The pattern is cut at its stars into chunks. The first chunk must match the start, the last
 * the end, and each chunk in between is taken at its leftmost place after the previous one:
 * taking a chunk later can only leave less room for the rest, so no choice is ever undone.
 * A chunk without `?` is found with Knuth–Morris–Pratt, a chunk with `?` by direct comparison.
 *
 * Cost, in character comparisons (what `steps` counts): at most 2·(n + m) + n·q, where n is the
 * subject's length, m the pattern's, and q the length of the longest chunk holding a `?`
 * (0 when there is none): linear in the subject and in the pattern.
 */

/** One pattern character: a code point, or `?`. */
type Item = string | typeof ANY;
const ANY = Symbol('anyChar');

type Chunk = {
  readonly items: readonly Item[];
  readonly hasAny: boolean;
  readonly failure: readonly number[];
};

/** A pattern cut at its stars; `anchored` when it has none and must match the whole subject. */
export type CompiledWildcard = { readonly chunks: readonly Chunk[]; readonly anchored: boolean };

/** Counts character comparisons, for tests that prove the cost grows linearly. */
export type StepMeter = { steps: number };

/** Prepares `segments` (text already case-folded by the caller when needed). */
export function compileWildcard(segments: readonly PatternSegment[], meter?: StepMeter): CompiledWildcard {
  const chunks: Chunk[] = [];
  let items: Item[] = [];
  let stars = 0;
  const close = () => {
    const hasAny = items.includes(ANY);
    chunks.push({ items, hasAny, failure: hasAny ? [] : failureTable(items, meter) });
    items = [];
  };
  for (const segment of segments) {
    if (segment.kind === 'anyRun') {
      stars++;
      close();
    } else if (segment.kind === 'anyChar') items.push(ANY);
    // Code points, like a `u` regex: `?` stands for one emoji, not half of it.
    else items.push(...Array.from(segment.text));
  }
  close();
  return { chunks, anchored: stars === 0 };
}

/**
 * Does the whole of `subject` match? `subject` is folded like the pattern's text was, and may come
 * already split into code points (evaluate.ts splits a value once for all the leaves of a filter).
 */
export function matchesWildcard(
  pattern: CompiledWildcard,
  subject: string | readonly string[],
  meter?: StepMeter,
): boolean {
  const text = typeof subject === 'string' ? Array.from(subject) : subject;
  const { chunks } = pattern;
  const first = chunks[0]!;
  if (pattern.anchored) return first.items.length === text.length && chunkAt(first, text, 0, meter);
  const last = chunks[chunks.length - 1]!;
  const end = text.length - last.items.length;
  if (end < first.items.length) return false;
  if (!chunkAt(first, text, 0, meter) || !chunkAt(last, text, end, meter)) return false;
  let from = first.items.length;
  for (let c = 1; c < chunks.length - 1; c++) {
    const chunk = chunks[c]!;
    const at = findChunk(chunk, text, from, end, meter);
    if (at < 0) return false;
    from = at + chunk.items.length;
  }
  return true;
}

function same(item: Item, char: string, meter: StepMeter | undefined): boolean {
  if (meter) meter.steps++;
  return item === ANY || item === char;
}

function chunkAt(chunk: Chunk, text: readonly string[], at: number, meter: StepMeter | undefined): boolean {
  for (let i = 0; i < chunk.items.length; i++) if (!same(chunk.items[i]!, text[at + i]!, meter)) return false;
  return true;
}

/** Leftmost start of `chunk` wholly inside text[from, end), or -1. */
function findChunk(
  chunk: Chunk,
  text: readonly string[],
  from: number,
  end: number,
  meter?: StepMeter,
): number {
  const k = chunk.items.length;
  if (k === 0) return from;
  if (chunk.hasAny) {
    for (let at = from; at + k <= end; at++) if (chunkAt(chunk, text, at, meter)) return at;
    return -1;
  }
  // Knuth–Morris–Pratt: the text position never moves back, so at most 2·(end − from) comparisons.
  let matched = 0;
  for (let i = from; i < end; i++) {
    while (matched > 0 && !same(chunk.items[matched]!, text[i]!, meter))
      matched = chunk.failure[matched - 1]!;
    if (matched === 0 && !same(chunk.items[0]!, text[i]!, meter)) continue;
    matched++;
    if (matched === k) return i - k + 1;
  }
  return -1;
}

/** failure[i]: length of the longest proper prefix of items[0..i] that is also its suffix. */
function failureTable(items: readonly Item[], meter: StepMeter | undefined): number[] {
  const failure = new Array<number>(items.length).fill(0);
  let length = 0;
  for (let i = 1; i < items.length; i++) {
    while (length > 0 && !same(items[length]!, items[i] as string, meter)) length = failure[length - 1]!;
    if (same(items[length]!, items[i] as string, meter)) length++;
    failure[i] = length;
  }
  return failure;
}
