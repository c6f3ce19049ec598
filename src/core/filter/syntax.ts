import type { EqualityOp, FilterExpected, FilterSyntaxError, OrderingOp } from './types.js';

/* The filter language's limits, operators and terminators, as the parser (parse.ts) reads them. */

/**
 * Bounds on one expression (issue 10 §3: a 1.5 MB filter held the server for 10–15 s, and a saved
 * one would repeat that every run). Generous for anything typed into BC's filter pane; they bound
 * the work per contact, since evaluation visits every value once:
 * - `length`: characters of the expression;
 * - `values`: values (terms such as `a*`, `<>b`, `1..9`) joined by `|` and `&`;
 * - `nesting`: deep enough for any hand-written filter, shallow enough that recursion cannot
 *   overflow the stack.
 */
export const FILTER_LIMITS = { length: 2000, values: 100, nesting: 64 } as const;
export const MAX_NESTING = FILTER_LIMITS.nesting;

export const OPERATORS: ReadonlyArray<{
  text: string;
  node: { kind: 'equals'; op: EqualityOp } | { kind: 'compare'; op: OrderingOp };
}> = [
  // Two-character operators first, so `<>` is not read as `<` followed by the value `>...`.
  { text: '<>', node: { kind: 'equals', op: 'ne' } },
  { text: '<=', node: { kind: 'compare', op: 'le' } },
  { text: '>=', node: { kind: 'compare', op: 'ge' } },
  { text: '<', node: { kind: 'compare', op: 'lt' } },
  { text: '>', node: { kind: 'compare', op: 'gt' } },
  { text: '=', node: { kind: 'equals', op: 'eq' } },
];

export const TERMINATORS = new Set(['|', '&', '(', ')']);
export const SPACE = /\s/;

/** Thrown inside the parser with the error it reports; parseFilterExpression returns it. */
export class SyntaxFailure {
  constructor(readonly error: FilterSyntaxError) {}
}

export const OPERATOR_OR_END: FilterExpected = { kind: 'operatorOrEnd', orCloseParen: false };
