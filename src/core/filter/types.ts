/**
 * The syntax tree of a Business Central filter expression (the FilterPageBuilder syntax).
 * Plain data, so a compiled filter can be stored, compared and sent across the wire.
 */

/** A piece of a wildcard value: literal text, `*` (any run, possibly empty) or `?` (exactly one character). */
export type PatternSegment = { kind: 'text'; text: string } | { kind: 'anyRun' } | { kind: 'anyChar' };

/**
 * A value to compare against. Quoted values are always literal: quoting is how a user
 * matches `*`, `?`, `|` or `@` themselves.
 */
export type FilterValue =
  { kind: 'literal'; text: string } | { kind: 'pattern'; segments: readonly PatternSegment[] };

export type EqualityOp = 'eq' | 'ne';
export type OrderingOp = 'lt' | 'le' | 'gt' | 'ge';

export type FilterExpr =
  | { kind: 'or'; operands: readonly FilterExpr[] }
  | { kind: 'and'; operands: readonly FilterExpr[] }
  /** `a`, `=a`, `<>a`, `a*`, `<>''` */
  | { kind: 'equals'; op: EqualityOp; value: FilterValue; caseInsensitive: boolean }
  /** `<a`, `<=a`, `>a`, `>=a`; bounds never hold wildcards */
  | { kind: 'compare'; op: OrderingOp; bound: string; caseInsensitive: boolean }
  /** `a..b`, `a..`, `..b`; inclusive; the parser never produces both ends open */
  | { kind: 'range'; from: string | null; to: string | null; caseInsensitive: boolean };

/** A leaf of the tree: everything that compares the value with something. */
export type FilterLeaf = Extract<FilterExpr, { kind: 'equals' | 'compare' | 'range' }>;

/**
 * What a filter expression or field needed at the error's position, as data: UIs and the HTTP
 * edge put it into words (the pane in six languages). Tokens are the operators as typed (`|`, `..`).
 */
export type FilterExpected =
  /** A value; `after` is the operator or parenthesis it must follow, null at the start. */
  | { readonly kind: 'value'; readonly after: string | null }
  | { readonly kind: 'valueWithoutWildcards' }
  | { readonly kind: 'closingQuote' }
  /** `)` to close the `(` at 0-based `open`. */
  | { readonly kind: 'closeParen'; readonly open: number }
  /** `|`, `&` or the end of the expression; `orCloseParen`: a `)` would also do. */
  | { readonly kind: 'operatorOrEnd'; readonly orCloseParen: boolean }
  /** `|`, `&` or `)` to close the `(` at 0-based `open`. */
  | { readonly kind: 'operatorOrClose'; readonly open: number }
  | { readonly kind: 'nestingAtMost'; readonly max: number }
  /** The expression is longer than `max` characters. */
  | { readonly kind: 'lengthAtMost'; readonly max: number }
  /** The expression holds more than `max` values (terms). */
  | { readonly kind: 'valuesAtMost'; readonly max: number }
  /**
   * The whole filter needs `estimate` character comparisons per contact, more than `max`
   * (cost.ts): the error is on the field that costs the most.
   */
  | { readonly kind: 'workAtMost'; readonly max: number; readonly estimate: number }
  | { readonly kind: 'filterField'; readonly fields: readonly string[] }
  | { readonly kind: 'text' };

/** Why the expression is not valid, as data: the edge words it from `kind`, `expected` and `position`. */
export type FilterErrorKind =
  | 'empty'
  | 'endOfInput'
  | 'unexpectedToken'
  | 'unmatchedParen'
  | 'rangeHasTwoDots'
  | 'unterminatedQuote'
  | 'wildcardNotAllowed'
  | 'tooDeep'
  | 'tooLong'
  | 'tooManyValues'
  | 'tooCostly'
  | 'unknownField'
  | 'notText';

export type FilterSyntaxError = {
  readonly kind: FilterErrorKind;
  /**
   * 0-based offset of the character that is wrong: when the input ended too early, the token left
   * wanting (`|` of `a|`, the open `(` of `(a`), never the length; 0 for a blank one.
   */
  readonly position: number;
  /** What the parser wanted at `position`, for UIs that build their own message. */
  readonly expected: FilterExpected;
  /** The token found where the parser stopped; null when the input ended too early. */
  readonly found: string | null;
  // No message: the edge words the error (src/messages filterErrorText; English for HTTP bodies).
};

export type ParseResult = { ok: true; expr: FilterExpr } | { ok: false; error: FilterSyntaxError };
