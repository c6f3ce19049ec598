import { BadInput } from './bad-input.js';
import { shownInput } from './shown-input.js';

/**
 * Bounded JSON parsing for every server of ours (issue 10 §3, tester F91). JSON.parse's own cost is
 * linear in the bytes for arrays but not for objects: one object of 800,000 keys (8 MB) took 5.7 s
 * of CPU, and the walks after it (json-body-guard.ts) as long again. So a body is first scanned as
 * text — one pass, no allocation — and refused before JSON.parse when it nests too deep, holds an
 * object with too many members, or more values than its route's byte limit warrants. The scan does
 * not validate JSON (JSON.parse does, after); it only counts brackets and commas outside strings.
 */

/** Objects and arrays may nest this deep (the deepest product body has 4 levels). */
export const MAX_JSON_DEPTH = 32;
/**
 * Members of one object (no resource here has 100 properties; a Graph contact has about 50).
 * @internal
 */
export const MAX_OBJECT_MEMBERS = 1000;
/** Values a body may hold at least, whatever its byte limit. */
const MIN_VALUES = 10_000;
/** Bytes a value takes at the least in a real body (`"a":1,` is 6): the value bound per byte limit. */
const BYTES_PER_VALUE = 8;

/**
 * The most values (objects, arrays, members) a body under `bodyLimit` bytes may hold.
 * @internal
 */
export function valuesFor(bodyLimit: number): number {
  return Math.max(MIN_VALUES, Math.floor(bodyLimit / BYTES_PER_VALUE));
}

interface JsonShapeProblem {
  readonly kind: 'depth' | 'members' | 'values';
  readonly limit: number;
  /** Character offset (from 0) where the limit was passed. */
  readonly offset: number;
}

/**
 * What makes `text` too costly to parse, or null. Values are counted as containers plus commas
 * (each member after the first of an object or array follows a comma), so an empty container
 * counts one too many: a bound, not an exact count.
 */
function jsonShapeProblem(text: string, maxValues: number): JsonShapeProblem | null {
  // Members so far of each open container that is an object (-1 for arrays, which only `maxValues`
  // bounds: a list of 10,000 entries is a real body).
  const members = new Int32Array(MAX_JSON_DEPTH + 1);
  let depth = 0;
  let values = 1;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // Skip the string; a backslash escapes the next character.
      for (i++; i < n; i++) {
        const s = text.charCodeAt(i);
        if (s === 0x5c) i++;
        else if (s === 0x22) break;
      }
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > MAX_JSON_DEPTH) return { kind: 'depth', limit: MAX_JSON_DEPTH, offset: i };
      members[depth] = c === 0x7b ? 1 : -1;
      if (++values > maxValues) return { kind: 'values', limit: maxValues, offset: i };
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      if (depth > 0) depth--;
    } else if (c === 0x2c /* , */) {
      if (++values > maxValues) return { kind: 'values', limit: maxValues, offset: i };
      if (depth > 0 && members[depth]! > 0 && ++members[depth]! > MAX_OBJECT_MEMBERS)
        return { kind: 'members', limit: MAX_OBJECT_MEMBERS, offset: i };
    }
  }
  return null;
}

/** The refusal for a shape problem: what, the limit, and where (as data too). */
function shapeRefusal(problem: JsonShapeProblem): BadInput {
  const where = `at character ${problem.offset}`;
  const reason = { kind: problem.kind, limit: problem.limit, offset: problem.offset };
  if (problem.kind === 'depth')
    return new BadInput(
      400,
      'BadRequest_TooDeep',
      `The request body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep (${where}); at most ${MAX_JSON_DEPTH} are allowed.`,
      reason,
      'body',
    );
  if (problem.kind === 'members')
    return new BadInput(
      400,
      'BadRequest_TooManyMembers',
      `The request body holds an object with more than ${MAX_OBJECT_MEMBERS} members (${where}); at most ${MAX_OBJECT_MEMBERS} are allowed.`,
      reason,
      'body',
    );
  return new BadInput(
    413,
    'BadRequest_TooManyValues',
    `The request body holds more than ${problem.limit} values (${where}); this route takes at most ${problem.limit}.`,
    reason,
    'body',
  );
}

/**
 * Parse work done so far by this process: characters scanned and characters given to JSON.parse.
 * Tests count it (work, not wall time) to prove a refused request parsed nothing.
 * @internal
 */
export const jsonParseWork = { scanned: 0, parsed: 0 };

/** Where the parser stopped, as data, when its message says (V8: "… at position 12"). */
function positionOf(message: string): { offset?: number } {
  const at = /position (\d+)/.exec(message)?.[1];
  return at === undefined ? {} : { offset: Number(at) };
}

/** The parser's message quotes at most a few characters of the text each side of the fault. */
const PARSER_WORDS_MAX = 300;

/**
 * `text` parsed, after the shape scan; a BadInput 400/413 naming the limit and where when the shape
 * is too costly, BadRequest_InvalidJson when it is not JSON.
 */
export function parseBoundedJson(text: string, bodyLimit: number): unknown {
  jsonParseWork.scanned += text.length;
  const problem = jsonShapeProblem(text, valuesFor(bodyLimit));
  if (problem) throw shapeRefusal(problem);
  jsonParseWork.parsed += text.length;
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new BadInput(
      400,
      'BadRequest_InvalidJson',
      // The parser's words quote a piece of the text (`Unexpected token … "…" is not valid JSON`):
      // shown as any quoted input is, and as data.
      `The request body is not valid JSON: ${shownInput((e as Error).message, PARSER_WORDS_MAX)}`,
      { kind: 'invalidJson', ...positionOf((e as Error).message) },
      'body',
    );
  }
}
