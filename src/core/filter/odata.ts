import { CONTACT_PROPERTY } from './contact-filter.js';
import type { CompiledFilter, FilterableField } from './contact-filter.js';
import { isNumericFilterValue } from './evaluate.js';
import type { FilterExpr, FilterLeaf, PatternSegment } from './types.js';

/**
 * Translation of filter expressions to OData v4 `$filter`, so Business Central does the
 * filtering where it can. Only eq/ne/lt/le/gt/ge, and/or, startswith and contains are used;
 * string ordering assumes the server compares ordinally, as the evaluator does.
 */

/**
 * Why the server cannot evaluate an expression exactly, as a code (for tests and logs; no user
 * sees it): `caseInsensitive` (@), `notEqualsPattern` (<> with a wildcard needs `not`),
 * `numericBound` (BC compares numbers numerically, OData as text), `endsWith` (*a), `anyChar` (?),
 * `innerWildcard` (* inside a value), `notExact` (a compound none of whose parts says more).
 */
export type ClientSideReason =
  | 'caseInsensitive'
  | 'notEqualsPattern'
  | 'numericBound'
  | 'endsWith'
  | 'anyChar'
  | 'innerWildcard'
  | 'notExact';

export type ODataTranslation =
  | { kind: 'exact'; odata: string }
  /**
   * The server cannot express the expression; `superset`, when not null, is a looser OData
   * filter that keeps every matching record (e.g. `startswith` for `a*b`).
   */
  | { kind: 'clientSide'; reason: ClientSideReason; superset: string | null };

/** How loosely an OData fragment binds, to parenthesise only where needed. */
type Clause = { odata: string; binds: 'or' | 'and' | 'atom' };

type Translation =
  | { kind: 'exact'; clause: Clause }
  | { kind: 'clientSide'; reason: ClientSideReason; superset: Clause | null };

/** `property` is the OData property name (e.g. `displayName` for the `name` filter field). */
export function expressionToOData(property: string, expr: FilterExpr): ODataTranslation {
  const translation = translate(property, expr);
  if (translation.kind === 'exact') return { kind: 'exact', odata: translation.clause.odata };
  return { kind: 'clientSide', reason: translation.reason, superset: translation.superset?.odata ?? null };
}

export type ODataFilter = {
  /** `$filter` value; '' when nothing can be pushed to the server. */
  odata: string;
  /** True when the server result is exactly the filter's result; else it is a superset. */
  exact: boolean;
  /** Fields whose expressions the server could not evaluate exactly. */
  clientSideFields: FilterableField[];
};

/**
 * The `$filter` for a whole contact filter: the AND of every field's exact translation, or
 * of its superset where there is one. Callers still run `evaluateFilter` on what comes back.
 */
export function toODataFilter(compiled: CompiledFilter): ODataFilter {
  const pushed: Array<{ field: FilterableField; clause: Clause }> = [];
  const clientSideFields: FilterableField[] = [];
  for (const condition of compiled.conditions) {
    const translation = translate(CONTACT_PROPERTY[condition.field], condition.expr);
    if (translation.kind === 'exact') {
      pushed.push({ field: condition.field, clause: translation.clause });
    } else {
      clientSideFields.push(condition.field);
      if (translation.superset) pushed.push({ field: condition.field, clause: translation.superset });
    }
  }
  // Beyond the facade's bounds the server would refuse the whole query: leave the biggest
  // clauses to client-side evaluation until the rest fits (dropping a conjunct only widens).
  while (pushed.length > 0 && !withinODataLimits(andClauses(pushed.map((p) => p.clause)).odata)) {
    const biggest = pushed.reduce((a, b) => (cost(b.clause) > cost(a.clause) ? b : a));
    pushed.splice(pushed.indexOf(biggest), 1);
    if (!clientSideFields.includes(biggest.field)) clientSideFields.push(biggest.field);
  }
  return {
    odata: pushed.length > 0 ? andClauses(pushed.map((p) => p.clause)).odata : '',
    exact: clientSideFields.length === 0,
    clientSideFields,
  };
}

/**
 * The facade's bounds on one `$filter` (issue 10 §3; src/server/bc-api/odata-filter.ts enforces
 * them): at most `length` characters, parentheses and `not` at most `nesting` levels deep.
 */
export const ODATA_FILTER_LIMITS = { length: 2000, nesting: 32 } as const;

/** Nesting counts every parenthesis outside string literals, function calls' too: never too low. */
function withinODataLimits(odata: string): boolean {
  return odata.length <= ODATA_FILTER_LIMITS.length && parenDepth(odata) <= ODATA_FILTER_LIMITS.nesting;
}

function cost(clause: Clause): number {
  return clause.odata.length + 100 * parenDepth(clause.odata);
}

function parenDepth(odata: string): number {
  let depth = 0;
  let deepest = 0;
  let quoted = false;
  for (const c of odata) {
    if (c === "'") quoted = !quoted;
    else if (!quoted && c === '(') deepest = Math.max(deepest, ++depth);
    else if (!quoted && c === ')') depth--;
  }
  return deepest;
}

function andClauses(clauses: readonly Clause[]): Clause {
  const [only] = clauses;
  if (clauses.length === 1 && only) return only;
  return {
    odata: clauses.map((c) => (c.binds === 'or' ? `(${c.odata})` : c.odata)).join(' and '),
    binds: 'and',
  };
}

function orClauses(clauses: readonly Clause[]): Clause {
  const [only] = clauses;
  if (clauses.length === 1 && only) return only;
  // `and` binds tighter than `or` in OData too, so no operand needs parentheses.
  return { odata: clauses.map((c) => c.odata).join(' or '), binds: 'or' };
}

function translate(property: string, expr: FilterExpr): Translation {
  if (expr.kind !== 'and' && expr.kind !== 'or') return translateLeaf(property, expr);
  const parts = expr.operands.map((operand) => translate(property, operand));
  const exact = parts.flatMap((part) => (part.kind === 'exact' ? [part.clause] : []));
  if (exact.length === parts.length) {
    return { kind: 'exact', clause: expr.kind === 'and' ? andClauses(exact) : orClauses(exact) };
  }
  const firstLoose = parts.find((part) => part.kind === 'clientSide');
  const reason = firstLoose?.kind === 'clientSide' ? firstLoose.reason : 'notExact';
  const loose = parts.flatMap((part) =>
    part.kind === 'exact' ? [part.clause] : part.superset ? [part.superset] : [],
  );
  if (expr.kind === 'and') {
    // Dropping a conjunct only widens the result, so the rest is still a superset.
    return { kind: 'clientSide', reason, superset: loose.length > 0 ? andClauses(loose) : null };
  }
  // A disjunct without a superset could match anything, so the whole `or` could.
  return { kind: 'clientSide', reason, superset: loose.length === parts.length ? orClauses(loose) : null };
}

function translateLeaf(property: string, leaf: FilterLeaf): Translation {
  if (leaf.caseInsensitive) {
    return clientSide('caseInsensitive', null);
  }
  const compare = (op: string, value: string): Clause => ({
    odata: `${property} ${op} ${quote(value)}`,
    binds: 'atom',
  });
  switch (leaf.kind) {
    case 'equals':
      if (leaf.value.kind === 'literal') return exact(compare(leaf.op, leaf.value.text));
      if (leaf.op === 'ne') return clientSide('notEqualsPattern', null);
      return translatePattern(property, leaf.value.segments);
    case 'compare':
      if (isNumericFilterValue(leaf.bound)) return clientSide('numericBound', null);
      return exact(compare(leaf.op, leaf.bound));
    case 'range': {
      const bounds = [leaf.from, leaf.to].filter((bound) => bound !== null);
      if (bounds.some(isNumericFilterValue)) return clientSide('numericBound', null);
      const clauses: Clause[] = [];
      if (leaf.from !== null) clauses.push(compare('ge', leaf.from));
      if (leaf.to !== null) clauses.push(compare('le', leaf.to));
      return exact(andClauses(clauses));
    }
  }
}

function translatePattern(property: string, segments: readonly PatternSegment[]): Translation {
  const call = (fn: 'startswith' | 'contains', text: string): Clause => ({
    odata: `${fn}(${property},${quote(text)})`,
    binds: 'atom',
  });
  const [first, second, third] = segments;
  // `*` alone matches everything, the empty value included; startswith '' says exactly that.
  if (segments.length === 1 && first?.kind === 'anyRun') return exact(call('startswith', ''));
  if (segments.length === 2 && first?.kind === 'text' && second?.kind === 'anyRun') {
    return exact(call('startswith', first.text));
  }
  if (
    segments.length === 3 &&
    first?.kind === 'anyRun' &&
    second?.kind === 'text' &&
    third?.kind === 'anyRun'
  ) {
    return exact(call('contains', second.text));
  }
  const reason: ClientSideReason =
    segments.length === 2 && first?.kind === 'anyRun' && second?.kind === 'text'
      ? 'endsWith'
      : segments.some((s) => s.kind === 'anyChar')
        ? 'anyChar'
        : 'innerWildcard';
  if (first?.kind === 'text') return clientSide(reason, call('startswith', first.text));
  const texts = segments.flatMap((s) => (s.kind === 'text' ? [s.text] : []));
  const longest = texts.reduce<string | null>(
    (best, t) => (best === null || t.length > best.length ? t : best),
    null,
  );
  return clientSide(reason, longest === null ? null : call('contains', longest));
}

function exact(clause: Clause): Translation {
  return { kind: 'exact', clause };
}

function clientSide(reason: ClientSideReason, superset: Clause | null): Translation {
  return { kind: 'clientSide', reason, superset };
}

/** OData string literal: single quotes, an embedded quote doubled. */
export function quoteODataString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

const quote = quoteODataString;
