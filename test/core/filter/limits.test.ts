import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { FILTER_LIMITS, compileFilter } from '../../../src/core/filter/index.js';
import { parseFilterExpression } from '../../../src/core/filter/parse.js';
import type { FilterExpr } from '../../../src/core/filter/types.js';
import { settingsProblems } from '../../../src/core/settings-rules.js';
import { DEFAULT_SETTINGS } from '../../../src/core/records.js';
import { describeFilterError } from '../../../src/messages/english.js';

// Issue 10 §3 (bounded work): every filter expression is bounded at the one place filters are
// parsed, so match-preview, the settings routes, runs and the CLI all refuse the same inputs.

function values(expr: FilterExpr): number {
  return expr.kind === 'or' || expr.kind === 'and' ? expr.operands.reduce((n, e) => n + values(e), 0) : 1;
}

/** One row per limit: the largest expression within it, and the smallest beyond it. */
const LIMITS = [
  {
    limit: 'length',
    max: FILTER_LIMITS.length,
    within: 'a'.repeat(FILTER_LIMITS.length),
    beyond: 'a'.repeat(FILTER_LIMITS.length + 1),
    kind: 'tooLong',
    expected: { kind: 'lengthAtMost', max: FILTER_LIMITS.length },
  },
  {
    limit: 'values',
    max: FILTER_LIMITS.values,
    within: Array.from({ length: FILTER_LIMITS.values }, (_, i) => `v${i}`).join('|'),
    beyond: Array.from({ length: FILTER_LIMITS.values + 1 }, (_, i) => `v${i}`).join('&'),
    kind: 'tooManyValues',
    expected: { kind: 'valuesAtMost', max: FILTER_LIMITS.values },
  },
  {
    limit: 'nesting',
    max: FILTER_LIMITS.nesting,
    within: '('.repeat(FILTER_LIMITS.nesting) + 'a' + ')'.repeat(FILTER_LIMITS.nesting),
    beyond: '('.repeat(FILTER_LIMITS.nesting + 1) + 'a' + ')'.repeat(FILTER_LIMITS.nesting + 1),
    kind: 'tooDeep',
    expected: { kind: 'nestingAtMost', max: FILTER_LIMITS.nesting },
  },
] as const;

describe('filter expression limits', () => {
  test.each(LIMITS)('$limit: at the limit parses, one beyond is refused naming $max', (row) => {
    expect(parseFilterExpression(row.within).ok).toBe(true);
    const parsed = parseFilterExpression(row.beyond);
    expect(parsed).toEqual({
      ok: false,
      error: expect.objectContaining({ kind: row.kind, expected: row.expected }),
    });
    if (!parsed.ok)
      expect(describeFilterError(parsed.error)).toContain(`at most ${row.max.toLocaleString('en')} `);
  });

  test.each(LIMITS)('$limit: every caller of the parser refuses what it refuses', (row) => {
    const compiled = compileFilter({ city: row.beyond });
    expect(compiled.ok).toBe(false);
    const problems = settingsProblems({ ...DEFAULT_SETTINGS, filter: { name: row.beyond } });
    expect(problems).toEqual([
      expect.objectContaining({ kind: 'filterSyntax', target: 'filter.name', error: expect.anything() }),
    ]);
  });

  test('the attacker example: a 1.5 MB wildcard filter is refused before any parsing', () => {
    const huge = '*?'.repeat(750_000) + '!';
    const parsed = parseFilterExpression(huge);
    expect(parsed).toEqual({
      ok: false,
      error: expect.objectContaining({
        kind: 'tooLong',
        position: FILTER_LIMITS.length,
        expected: { kind: 'lengthAtMost', max: FILTER_LIMITS.length },
      }),
    });
    if (!parsed.ok)
      expect(describeFilterError(parsed.error)).toBe('Position 2,001: expected at most 2,000 characters');
  });

  test('property: nothing the parser accepts is beyond a limit', () => {
    const token = fc.constantFrom('a', 'b*', '?', '|', '&', '(', ')', '..', '<>', '@', "'q'", ' ');
    fc.assert(
      fc.property(fc.array(token, { maxLength: 400 }), fc.nat(12), (tokens, repeat) => {
        const text = tokens.join('').repeat(repeat);
        const parsed = parseFilterExpression(text);
        if (!parsed.ok) return;
        expect(text.length).toBeLessThanOrEqual(FILTER_LIMITS.length);
        expect(values(parsed.expr)).toBeLessThanOrEqual(FILTER_LIMITS.values);
      }),
      { numRuns: 300 },
    );
  });
});
