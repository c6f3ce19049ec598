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

export type FilterSyntaxError = {
  /** 0-based character offset into the expression; equals its length when the input ended too early. */
  position: number;
  /** What the parser wanted at `position`, for UIs that build their own message. */
  expected: string;
  message: string;
};

export type ParseResult = { ok: true; expr: FilterExpr } | { ok: false; error: FilterSyntaxError };
