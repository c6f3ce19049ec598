import { describe, expect, jest, test } from '@jest/globals';
import fc from 'fast-check';
import { FILTERABLE_FIELDS, FILTER_LIMITS, compileFilter } from '../../../src/core/filter/index.js';
import { FILTER_FIELD_LENGTH, FILTER_WORK_LIMIT, expressionCost } from '../../../src/core/filter/cost.js';
import { matchesExpression } from '../../../src/core/filter/evaluate.js';
import { parseFilterExpression } from '../../../src/core/filter/parse.js';
import type { ContactFilter, FilterableField } from '../../../src/core/filter/index.js';
import type { PatternSegment } from '../../../src/core/filter/types.js';
import { wildcardCost } from '../../../src/core/filter/cost.js';
import { compileWildcard, matchesWildcard } from '../../../src/core/filter/wildcard.js';
import type { StepMeter } from '../../../src/core/filter/wildcard.js';
import { SettingsError } from '../../../src/core/run.js';
import { settingsProblems } from '../../../src/core/settings-rules.js';
import { DEFAULT_SETTINGS } from '../../../src/core/records.js';
import { describeSettingsError } from '../../../src/messages/english.js';
import { F30_FILTER, heavyExpression } from '../../support/heavy-filter.js';
import { World } from '../../support/world.js';
import { expressionOf } from '../../support/filter-expression.js';

// Issue 10 §3, tester F30: each expression is bounded alone (FILTER_LIMITS), and the filter as a
// whole is bounded by the character comparisons it costs per contact (FILTER_WORK_LIMIT).

function cost(field: FilterableField, expression: string): number {
  return expressionCost(expressionOf(expression), FILTER_FIELD_LENGTH[field]);
}

/** The most values of `value` on `field` whose filter stays within the work limit. */
function mostWithin(field: FilterableField, value: string): string {
  let count = 1;
  const joined = (c: number) => Array.from({ length: c }, () => value).join('|');
  while (count < FILTER_LIMITS.values && cost(field, joined(count + 1)) <= FILTER_WORK_LIMIT) count++;
  return joined(count);
}

const F30 = F30_FILTER;

describe('the whole-filter work bound', () => {
  test('F30: every field at its per-expression limits is refused, naming the costliest field and the limit', () => {
    for (const expression of Object.values(F30)) expect(parseFilterExpression(expression!).ok).toBe(true);
    const compiled = compileFilter(F30);
    // compileFilter compares e-mail ignoring case (F49): one more pass over the value, the fold.
    const estimate = FILTERABLE_FIELDS.reduce(
      (sum, f) => sum + cost(f, F30[f]!) + (f === 'email' ? FILTER_FIELD_LENGTH.email : 0),
      0,
    );
    expect(compiled).toEqual({
      ok: false,
      errors: [
        {
          field: 'name',
          error: {
            kind: 'tooCostly',
            position: 0,
            expected: { kind: 'workAtMost', max: FILTER_WORK_LIMIT, estimate },
            found: null,
          },
        },
      ],
    });
    expect(estimate).toBeGreaterThan(40 * FILTER_WORK_LIMIT);
  });

  test.each(FILTERABLE_FIELDS.map((field) => ({ field })))(
    '$field: the heaviest it takes within the limit is accepted, one value more is refused on the costliest field',
    ({ field }) => {
      const value = `*${'?'.repeat(Math.min(3, FILTER_FIELD_LENGTH[field]))}!*`;
      const within = mostWithin(field, value);
      expect(compileFilter({ [field]: within }).ok).toBe(true);
      const beyond = `${within}|${value}`;
      if (parseFilterExpression(beyond).ok && cost(field, beyond) > FILTER_WORK_LIMIT) {
        expect(compileFilter({ [field]: beyond })).toEqual({
          ok: false,
          errors: [{ field, error: expect.objectContaining({ kind: 'tooCostly' }) }],
        });
      } else {
        // A short field's 100 values cannot reach the limit alone: with name's heaviest they do.
        expect(compileFilter({ [field]: within, name: heavyExpression('name') })).toEqual({
          ok: false,
          errors: [{ field: 'name', error: expect.objectContaining({ kind: 'tooCostly' }) }],
        });
      }
    },
  );

  test('fields add up: two fields each within the limit alone are refused together', () => {
    const half = mostWithin('companyName', '*?!*');
    expect(compileFilter({ companyName: half }).ok).toBe(true);
    expect(compileFilter({ name: half }).ok).toBe(true);
    const both = compileFilter({ companyName: half, name: `${half}|x` });
    expect(both).toEqual({
      ok: false,
      errors: [{ field: 'name', error: expect.objectContaining({ kind: 'tooCostly' }) }],
    });
  });

  test('everyday filters cost a small share of the limit', () => {
    const everyday: ContactFilter = {
      name: '@*oy*|@*ab*',
      city: 'Helsinki|Espoo|Vantaa|Turku|Tampere',
      postalCode: '00100..00990',
      country: 'FI|SE|NO',
      salespersonCode: '<>JR',
      email: '*@contoso.com',
    };
    expect(compileFilter(everyday).ok).toBe(true);
    const total = Object.entries(everyday).reduce((s, [f, e]) => s + cost(f as FilterableField, e), 0);
    expect(total).toBeLessThan(FILTER_WORK_LIMIT / 10);
    // 100 name prefixes are cheap (a prefix is compared once); 100 name substrings are not.
    const prefixes = Array.from({ length: 100 }, (_, i) => `N${i}*`).join('|');
    expect(compileFilter({ name: prefixes }).ok).toBe(true);
    const substrings = Array.from({ length: 100 }, (_, i) => `*N${i}x*`).join('|');
    expect(compileFilter({ name: substrings }).ok).toBe(false);
  });

  test('every caller that compiles a filter refuses it: settings rules, the run, the English words', async () => {
    expect(settingsProblems({ ...DEFAULT_SETTINGS, filter: F30 as Record<string, string> })).toEqual([
      expect.objectContaining({
        kind: 'filterSyntax',
        target: 'filter.name',
        error: expect.objectContaining({ kind: 'tooCostly' }),
      }),
    ]);
    // A filter saved before the bound existed: the run refuses it before it takes its lease.
    const w = new World();
    await w.settings({ filter: F30 as Record<string, string> });
    const thrown = await w.sync('full').then(
      () => null,
      (e: unknown) => e,
    );
    expect(thrown).toBeInstanceOf(SettingsError);
    expect(describeSettingsError(thrown as SettingsError)).toMatch(
      /^The filter is not valid: filter\.name: the whole filter needs up to [\d,]+ character comparisons per contact \(at most 20,000\)/,
    );
  });
});

describe('the estimate bounds the work', () => {
  const alphabet = fc.constantFrom('a', 'b', '😀');
  const segment: fc.Arbitrary<PatternSegment> = fc.oneof(
    fc.constant({ kind: 'anyRun' } as const),
    fc.constant({ kind: 'anyChar' } as const),
    fc
      .array(alphabet, { minLength: 1, maxLength: 4 })
      .map((cs) => ({ kind: 'text', text: cs.join('') }) as const),
  );

  test('property: a wildcard never compares more characters per value than its estimate', () => {
    fc.assert(
      fc.property(
        fc.array(segment, { maxLength: 12 }),
        fc.array(alphabet, { maxLength: 40 }),
        (segments, chars) => {
          const compiled = compileWildcard(segments);
          const meter: StepMeter = { steps: 0 };
          matchesWildcard(compiled, chars, meter);
          expect(meter.steps).toBeLessThanOrEqual(wildcardCost(segments, chars.length));
        },
      ),
      { numRuns: 3000 },
    );
  });

  test('property: the estimate grows linearly with the value’s length', () => {
    const expression = fc
      .array(fc.constantFrom('a', 'b*', '*a?b*', '?', '<>c', 'a..b', '@*x*'), { minLength: 1, maxLength: 20 })
      .map((terms) => terms.join('|'));
    fc.assert(
      fc.property(expression, fc.integer({ min: 1, max: 200 }), (text, n) => {
        const parsed = parseFilterExpression(text);
        if (!parsed.ok) return;
        const one = expressionCost(parsed.expr, n);
        const twice = expressionCost(parsed.expr, 2 * n);
        expect(twice).toBeLessThanOrEqual(2 * one);
        expect(twice).toBeGreaterThanOrEqual(one);
      }),
      { numRuns: 500 },
    );
  });

  test('a value is split into characters once, not once per wildcard', () => {
    const expr = expressionOf(Array.from({ length: 100 }, (_, i) => `*x${i}?y*`).join('|'));
    // The first evaluation compiles (and caches) each wildcard; the split per value is counted after.
    expect(matchesExpression(expr, 'b'.repeat(100))).toBe(false);
    const split = jest.spyOn(Array, 'from');
    try {
      expect(matchesExpression(expr, 'a'.repeat(100))).toBe(false);
      expect(split.mock.calls.length).toBeLessThanOrEqual(1);
    } finally {
      split.mockRestore();
    }
  });
});
