import { escapedUnstorable, isStorableText } from '../pure/storable-text.js';
import { firstInJson, pointerToken } from '../pure/json-walk.js';
import { BadInput, type InputReason } from './bad-input.js';
import { inputParams, shownInput } from './shown-input.js';
import { MAX_JSON_DEPTH } from './json-bounds.js';

/**
 * The input guard's checks of a parsed JSON body (http-guard.ts runs them on every request; the
 * Graph emulator on its own bodies too): text no store can hold, nesting past the limit, numbers
 * that are not finite, property names that reach a prototype; each refused naming what and where.
 */

/**
 * What is wrong with a request value: a NUL, an unpaired UTF-16 surrogate (text no store can hold:
 * pure/storable-text.ts), nesting past the limit, or a number that is not finite.
 */
export type ValueProblem = {
  kind: 'nul' | 'surrogate' | 'depth' | 'number' | 'prototypeKey';
  at: string;
  key?: string;
};

/** Which text the guard refuses: the facade refuses all unstorable text; the Graph emulator only NUL. */
export interface TextRule {
  /**
   * Accept unpaired surrogates. Graph's contact text is UTF-16 and Graph documents no refusal of a
   * lone `\uD800` escape, so the emulator (a model of Graph) lets it through and clients must cope
   * with such side text; the facade cannot store it and refuses it.
   */
  readonly allowLoneSurrogates?: boolean;
}

/** The problem kind of one string, or null when the rule accepts it. */
function textProblem(text: string, rule: TextRule): 'nul' | 'surrogate' | null {
  if (text.includes('\u0000')) return 'nul';
  if (!rule.allowLoneSurrogates && !isStorableText(text)) return 'surrogate';
  return null;
}

/**
 * Property names that reach an object's prototype when code assigns them (`o[key] = v`,
 * Object.assign): never a property of any resource here, so refused wherever they appear.
 * `constructor` only as an object (`constructor.prototype`), as Fastify's own check did.
 */
function prototypeKey(key: string, value: unknown): boolean {
  return key === '__proto__' || (key === 'constructor' && typeof value === 'object' && value !== null);
}

/**
 * The JSON Pointer of the first unstorable text (NUL, and unpaired surrogates unless `rule` allows
 * them), over-deep spot or non-finite number in a parsed JSON value; null when clean. JSON.parse
 * turns a literal such as `1e309` into Infinity, which passes JSON Schema's `maximum` in Ajv and
 * reached handlers (seen: `limit` as Infinity); it turns `"\uD800"` into a lone surrogate.
 */
export function jsonBodyProblem(value: unknown, rule: TextRule = {}): ValueProblem | null {
  // Bytes (an image body) are not JSON: walked as an object they cost a visit per byte, 9 s per
  // MB of a contact photo with the server blocked meanwhile (F77).
  if (ArrayBuffer.isView(value)) return null;
  return firstInJson<ValueProblem>(value, {
    onValue: (v, at, depth) => {
      if (typeof v === 'string') {
        const kind = textProblem(v, rule);
        return kind ? { kind, at: at || '/' } : null;
      }
      if (typeof v === 'number') return Number.isFinite(v) ? null : { kind: 'number', at: at || '/' };
      if (typeof v === 'object' && v !== null && depth >= MAX_JSON_DEPTH)
        return { kind: 'depth', at: at || '/' };
      return null;
    },
    onKey: (key, v, at) => {
      const kind = textProblem(key, rule);
      if (kind) return { kind, at };
      return prototypeKey(key, v) ? { kind: 'prototypeKey', at, key } : null;
    },
    pointerToken: (key) => escapedUnstorable(pointerToken(key)),
  });
}

/** The reason of a body problem as data: its kind, where (as shown) and `params`. */
const reasonOf = (problem: ValueProblem, params: Readonly<Record<string, unknown>> = {}): InputReason => ({
  kind: problem.kind,
  ...inputParams('at', problem.at),
  ...params,
});

/** The refusal for a body problem, naming what and where (both as shown-input.ts shows them). */
export function bodyRefusal(problem: ValueProblem): BadInput {
  const at = shownInput(problem.at);
  if (problem.kind === 'prototypeKey') {
    const key = problem.key ?? '';
    return new BadInput(
      400,
      'BadRequest_InvalidProperty',
      `The request body holds the property name '${shownInput(key)}' at ${at}; no resource here has it.`,
      reasonOf(problem, inputParams('property', key)),
      'body',
    );
  }
  if (problem.kind === 'number')
    return new BadInput(
      400,
      'BadRequest_NumberOutOfRange',
      `The request body holds a number too large to represent at ${at}; numbers must be finite.`,
      reasonOf(problem),
      'body',
    );
  if (problem.kind === 'surrogate')
    return new BadInput(
      400,
      'BadRequest_InvalidCharacter',
      `The request body holds an unpaired UTF-16 surrogate at ${at}; text must be well-formed Unicode.`,
      reasonOf(problem),
      'body',
    );
  return problem.kind === 'nul'
    ? new BadInput(
        400,
        'BadRequest_InvalidCharacter',
        `The request body holds the character U+0000 (NUL) at ${at}; it is not allowed in any value or name.`,
        reasonOf(problem),
        'body',
      )
    : new BadInput(
        400,
        'BadRequest_TooDeep',
        `The request body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep (at ${at}); at most ${MAX_JSON_DEPTH} are allowed.`,
        reasonOf(problem, { limit: MAX_JSON_DEPTH }),
        'body',
      );
}
