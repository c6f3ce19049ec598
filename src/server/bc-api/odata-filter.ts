import { shownInput } from '../../platform/shown-input.js';
import { isoInstant } from '../../platform/iso-instant.js';
import { nfc } from '../../core/model.js';
/**
 * OData v4 `$filter` parser for the subset the facade serves (design §4): comparisons, and/or/not,
 * parentheses, contains/startswith/endswith, and the literals BC clients send (strings with ''
 * escaping, numbers, true/false, null, unquoted ISO dates and date-times, GUIDs).
 * Positions are 0-based character offsets into the option text, like ODataLib's messages.
 */

export type CompareOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
type StringFunction = 'contains' | 'startswith' | 'endswith';

export type Literal =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'number'; readonly value: number }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'null' }
  | { readonly type: 'datetime'; readonly value: string }
  | { readonly type: 'date'; readonly value: string }
  | { readonly type: 'guid'; readonly value: string };

export type Operand =
  | { readonly kind: 'property'; readonly name: string; readonly pos: number }
  | { readonly kind: 'literal'; readonly literal: Literal; readonly pos: number };

export type FilterNode =
  | { readonly kind: 'and' | 'or'; readonly left: FilterNode; readonly right: FilterNode }
  | { readonly kind: 'not'; readonly operand: FilterNode }
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly left: Operand; readonly right: Operand }
  | {
      readonly kind: 'call';
      readonly fn: StringFunction;
      readonly property: Operand & { kind: 'property' };
      readonly argument: Operand & { kind: 'literal' };
    };

/** A malformed query option; `position` is where the parser gave up. */
export class ODataSyntaxError extends Error {
  override readonly name: string = 'ODataSyntaxError';
  constructor(
    readonly option: string,
    readonly text: string,
    readonly position: number,
    readonly expected: string,
  ) {
    super(`Syntax error at position ${position} in '${option}': expected ${expected}.`);
  }
}

/**
 * A number literal too large for a double (`1e309`): it parses to Infinity, which no property
 * holds and JSON cannot say (it was refused as "compared with number null"). `literal` as written;
 * the API words the refusal (odata-query.ts checkedFilter).
 */
export class ODataNumberError extends ODataSyntaxError {
  override readonly name: string = 'ODataNumberError';
  constructor(
    option: string,
    text: string,
    position: number,
    readonly literal: string,
  ) {
    super(option, text, position, 'a finite number');
  }
}

type Token =
  | { readonly t: 'ident'; readonly v: string; readonly pos: number }
  | { readonly t: 'literal'; readonly lit: Literal; readonly pos: number }
  | { readonly t: '(' | ')' | ','; readonly pos: number }
  | { readonly t: 'end'; readonly pos: number };

const GUID = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-])/y;
const DATETIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2})(?![\w:.])/y;
const DATE = /\d{4}-\d{2}-\d{2}(?![\w:.-])/y;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![\w.])/y;
const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;

function sticky(re: RegExp, text: string, pos: number): string | null {
  re.lastIndex = pos;
  return re.exec(text)?.[0] ?? null;
}

/**
 * The literals a pattern reads, in the order tried: the value each becomes, and for dates what a
 * match must also be (a date the calendar has) or the refusal says it expected.
 */
const PATTERN_LITERALS: readonly {
  readonly re: RegExp;
  readonly lit: (s: string) => Literal;
  readonly mustParseAs?: string;
}[] = [
  { re: GUID, lit: (s) => ({ type: 'guid', value: s.toLowerCase() }) },
  { re: DATETIME, lit: (s) => ({ type: 'datetime', value: s }), mustParseAs: 'a valid date-time' },
  { re: DATE, lit: (s) => ({ type: 'date', value: s }), mustParseAs: 'a valid date' },
  { re: NUMBER, lit: (s) => ({ type: 'number', value: Number(s) }) },
];

/** The first pattern literal at `pos`, with the characters it takes; null when none starts there. */
function patternLiteral(text: string, pos: number, option: string): { lit: Literal; length: number } | null {
  for (const p of PATTERN_LITERALS) {
    const s = sticky(p.re, text, pos);
    if (!s) continue;
    if (p.mustParseAs && isoInstant(s) === null) throw new ODataSyntaxError(option, text, pos, p.mustParseAs);
    const lit = p.lit(s);
    if (lit.type === 'number' && !Number.isFinite(lit.value))
      throw new ODataNumberError(option, text, pos, s);
    return { lit, length: s.length };
  }
  return null;
}

function tokenize(text: string, option = '$filter'): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ t: c, pos: i });
      i++;
      continue;
    }
    if (c === "'") {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw new ODataSyntaxError(option, text, i, 'a closing quote for the string');
        if (text[j] === "'") {
          if (text[j + 1] === "'") {
            value += "'";
            j += 2;
            continue;
          }
          break;
        }
        value += text[j];
        j++;
      }
      // Stored text is NFC (issue 8 §5): a literal typed decomposed finds it too.
      tokens.push({ t: 'literal', lit: { type: 'string', value: nfc(value) }, pos: i });
      i = j + 1;
      continue;
    }
    const read = patternLiteral(text, i, option);
    if (read) {
      tokens.push({ t: 'literal', lit: read.lit, pos: i });
      i += read.length;
      continue;
    }
    const ident = sticky(IDENT, text, i);
    if (ident) {
      const lit: Literal | null =
        ident === 'true' || ident === 'false'
          ? { type: 'boolean', value: ident === 'true' }
          : ident === 'null'
            ? { type: 'null' }
            : null;
      tokens.push(lit ? { t: 'literal', lit, pos: i } : { t: 'ident', v: ident, pos: i });
      i += ident.length;
      continue;
    }
    throw new ODataSyntaxError(option, text, i, `a property, a value or an operator, not '${shownInput(c)}'`);
  }
  tokens.push({ t: 'end', pos: text.length });
  return tokens;
}

const COMPARE_OPS: ReadonlySet<string> = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const FUNCTIONS: ReadonlySet<string> = new Set(['contains', 'startswith', 'endswith']);
const KEYWORDS: ReadonlySet<string> = new Set(['and', 'or', 'not', ...COMPARE_OPS]);

/**
 * Bounds on one `$filter`, so no request can make the parser, the SQL it becomes or PostgreSQL
 * recurse or work without limit (issue 10 §3): at most `length` characters, parentheses and `not`
 * at most `nesting` levels deep. Generous for any hand-written or generated filter.
 */
export const ODATA_FILTER_LIMITS = { length: 2000, nesting: 32 } as const;
const MAX_FILTER_LENGTH = ODATA_FILTER_LIMITS.length;
/** Parentheses and `not` each open a level. */
const MAX_FILTER_NESTING = ODATA_FILTER_LIMITS.nesting;

/** A `$filter` beyond MAX_FILTER_LENGTH or MAX_FILTER_NESTING; says which limit and where. */
export class ODataLimitError extends Error {
  override readonly name = 'ODataLimitError';
  constructor(
    readonly option: string,
    readonly limit: 'length' | 'nesting',
    readonly max: number,
    readonly position: number,
  ) {
    super(
      limit === 'length'
        ? `The query option '${option}' is ${position} characters long; at most ${max} are allowed.`
        : `The query option '${option}' nests parentheses or 'not' more than ${max} levels deep (at position ${position}); at most ${max} are allowed.`,
    );
  }
}

/**
 * Parses a `$filter` value; throws ODataSyntaxError with the position of the first problem, or
 * ODataLimitError beyond MAX_FILTER_LENGTH / MAX_FILTER_NESTING (checked before any work).
 */
export function parseFilter(text: string, option = '$filter'): FilterNode {
  if (text.length > MAX_FILTER_LENGTH)
    throw new ODataLimitError(option, 'length', MAX_FILTER_LENGTH, text.length);
  const tokens = tokenize(text, option);
  let k = 0;
  let depth = 0;
  const deeper = (at: Token) => {
    if (++depth > MAX_FILTER_NESTING)
      throw new ODataLimitError(option, 'nesting', MAX_FILTER_NESTING, at.pos);
  };
  const peek = (): Token => tokens[k]!;
  const fail = (expected: string, at: Token = peek()): never => {
    throw new ODataSyntaxError(option, text, at.pos, expected);
  };
  const isWord = (tok: Token, word: string) => tok.t === 'ident' && tok.v === word;
  const expect = (t: '(' | ')' | ',', what: string) => {
    if (peek().t !== t) fail(what);
    k++;
  };

  const operand = (): Operand => {
    const tok = peek();
    if (tok.t === 'literal') {
      k++;
      return { kind: 'literal', literal: tok.lit, pos: tok.pos };
    }
    if (tok.t === 'ident' && !KEYWORDS.has(tok.v)) {
      k++;
      return { kind: 'property', name: tok.v, pos: tok.pos };
    }
    return fail('a value');
  };

  const primary = (): FilterNode => {
    const tok = peek();
    if (tok.t === '(') {
      deeper(tok);
      k++;
      const inner = or();
      expect(')', "')'");
      depth--;
      return inner;
    }
    if (tok.t === 'ident' && FUNCTIONS.has(tok.v) && tokens[k + 1]?.t === '(') {
      k += 2;
      const property = operand();
      if (property.kind !== 'property') fail('a property name', tokens[k - 1]);
      expect(',', "','");
      const argument = operand();
      if (argument.kind !== 'literal') fail('a string value', tokens[k - 1]);
      expect(')', "')'");
      return {
        kind: 'call',
        fn: tok.v as StringFunction,
        property: property as Operand & { kind: 'property' },
        argument: argument as Operand & { kind: 'literal' },
      };
    }
    const left = operand();
    const op = peek();
    if (op.t !== 'ident' || !COMPARE_OPS.has(op.v))
      return fail('a comparison operator (eq, ne, gt, ge, lt, le)');
    k++;
    const right = operand();
    return { kind: 'compare', op: op.v as CompareOp, left, right };
  };

  const unary = (): FilterNode => {
    if (isWord(peek(), 'not')) {
      deeper(peek());
      k++;
      const operand = unary();
      depth--;
      return { kind: 'not', operand };
    }
    return primary();
  };

  /** `a and b and c` (likewise `or`) read from the left: `(a and b) and c`. */
  const fromTheLeft = (word: 'and' | 'or', term: () => FilterNode) => (): FilterNode => {
    let left = term();
    while (isWord(peek(), word)) {
      k++;
      left = { kind: word, left, right: term() };
    }
    return left;
  };
  const and = fromTheLeft('and', unary);
  const or = fromTheLeft('or', and);

  if (peek().t === 'end') fail('an expression');
  const tree = or();
  if (peek().t !== 'end') fail("'and', 'or' or the end of the expression");
  return tree;
}
