import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { compileFilter, evaluateFilter } from '../../../src/core/filter/index.js';
import type { CompiledFilter, ContactFilter } from '../../../src/core/filter/index.js';
import { caseBlindField, sameFieldValue } from '../../../src/core/model.js';
import { World, person } from '../../support/world.js';
import { yesNo } from '../../support/yes-no.js';

// F49 (issue 8 §5): e-mail addresses compare regardless of case everywhere, the user's filter on
// E-Mail included — one rule (model.ts caseBlindField) that field comparison and the filter share.

function compiled(filter: ContactFilter): CompiledFilter {
  const result = compileFilter(filter);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.filter;
}

const matches = (expression: string, email: string) =>
  evaluateFilter(compiled({ email: expression }), { email }).matches;

const GRACE = 'grace.clarke@gagnon.co.uk';
/**
 * Every shape of term — literal, =, <>, pattern * and ?, <> pattern, or, and, range, compare, an
 * explicit @, another address — each written in another case than the address it should find.
 */
const SHAPES = {
  yes: [
    'Grace.Clarke@Gagnon.co.uk',
    '=GRACE.CLARKE@GAGNON.CO.UK',
    '*@GAGNON.CO.UK',
    'GRAC?.clarke@gagnon.co.uk',
    'bo@x.se|*@GAGNON.co.uk',
    '*@GAGNON.co.uk&GRACE*',
    'G..H',
    '>=GRACE',
    '@*@GAGNON.CO.UK',
  ],
  no: ['<>GRACE.CLARKE@GAGNON.CO.UK', '<>*@GAGNON.CO.UK', '*@CONTOSO.com'],
};

describe('F49: the E-Mail filter compares regardless of case', () => {
  test('example: E-Mail filter "*@Gagnon.co.uk" finds grace.clarke@gagnon.co.uk (and the stored case does not matter)', () => {
    expect(matches('*@Gagnon.co.uk', 'grace.clarke@gagnon.co.uk')).toBe(true);
    expect(matches('*@gagnon.co.uk', 'Grace.Clarke@GAGNON.co.uk')).toBe(true);
  });

  yesNo(`the filter finds ${GRACE}`, (expression) => matches(expression, GRACE), SHAPES);

  test('the rule is the one field comparison uses; other fields keep BC’s case-sensitive filter', () => {
    expect(caseBlindField('email')).toBe(true);
    expect(sameFieldValue('email', 'A@X.COM', 'a@x.com')).toBe(true);
    expect(caseBlindField('city')).toBe(false);
    expect(evaluateFilter(compiled({ city: 'LONDON' }), { city: 'London' }).matches).toBe(false);
    expect(evaluateFilter(compiled({ city: '@LONDON' }), { city: 'London' }).matches).toBe(true);
  });

  test('property: an E-Mail filter matches an address exactly when it matches it in any case', () => {
    // No "." in the generated parts: ".." is a range in BC's filter syntax.
    const local = fc.stringMatching(/^[A-Za-z0-9_]{1,8}$/);
    const address = fc.tuple(local, local).map(([a, b]) => `${a}@${b}.com`);
    const flip = (text: string, flips: readonly boolean[]) =>
      Array.from(text, (ch, i) =>
        flips[i % Math.max(flips.length, 1)] ? ch.toUpperCase() : ch.toLowerCase(),
      ).join('');
    const shape = fc.constantFrom(
      (a: string) => a,
      (a: string) => `*${a.slice(a.indexOf('@'))}`,
      (a: string) => `${a.slice(0, 2)}*`,
    );
    fc.assert(
      fc.property(
        address,
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        shape,
        (a, f1, f2, make) => {
          const expression = make(flip(a, f1));
          expect(matches(expression, flip(a, f2))).toBe(matches(expression.toLowerCase(), a.toLowerCase()));
          expect(matches(expression, flip(a, f2))).toBe(true);
        },
      ),
      { numRuns: Number(process.env.PROP_RUNS ?? 300), seed: Number(process.env.PROP_SEED ?? 8049) },
    );
  });

  test('end to end: a filter typed in another case keeps the synced contact in scope (no delete planned)', async () => {
    const w = new World();
    const a = w.bc.seed(person(1, { email: 'grace.clarke@gagnon.co.uk' }));
    w.bc.seed(person(2, { email: 'bo@contoso.com' }));
    await w.settings({ filter: { email: '*@Gagnon.co.uk' } });
    await w.sync('full');
    expect((await w.outlook()).map((c) => c.bcId)).toEqual([a.id]);
    const { plan } = await w.sync('full', { dryRun: true });
    expect(plan!.items.filter((i) => i.kind === 'deleteInOutlook')).toEqual([]);
  });
});
