import { parseFilterExpression } from '../../src/core/filter/parse.js';
import type { FilterExpr } from '../../src/core/filter/types.js';

/** The parsed form of a filter text the test knows is valid: a syntax error fails the test, saying it. */
export function expressionOf(text: string): FilterExpr {
  const parsed = parseFilterExpression(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.expr;
}
