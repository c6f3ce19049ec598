import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { Session } from 'node:inspector/promises';
import { FILTERABLE_FIELDS, compileFilter } from '../../src/core/filter/index.js';
import type { FilterableField } from '../../src/core/filter/index.js';
import { matchesExpression } from '../../src/core/filter/evaluate.js';
import { emailUnicodeDomain, unicodeAceLabels } from '../../src/core/model.js';
import { outOfScopeReasons } from '../../src/core/scope.js';

// Issue 12 (planner, 100,000 × 100,000): `matchesExpression` held a closure over its parameters for
// boolean values, so V8 allocated their context at every call, text values too: 48 bytes a verdict,
// 5.6 MB of a plan's 81 MB (bench/core-plan.bench.ts input, V8's sampling heap profiler). The planner
// asks the scope of every BC contact, and of every import candidate: a verdict of a contact the
// filter lets in allocates nothing, for every field a filter can name and every form of condition.

/** Bytes V8's sampling heap profiler saw allocated while `run` ran (objects collected since included). */
async function allocatedBytes(run: () => void): Promise<number> {
  const session = new Session();
  session.connect();
  try {
    await session.post('HeapProfiler.enable');
    // The flags that keep what a scavenge collected are V8's, newer than Node's protocol types.
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 256,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    } as { samplingInterval: number });
    run();
    const { profile } = await session.post('HeapProfiler.stopSampling');
    let total = 0;
    const walk = (node: typeof profile.head): void => {
      total += node.selfSize;
      for (const child of node.children) walk(child);
    };
    walk(profile.head);
    return total;
  } finally {
    session.disconnect();
  }
}

/** A BC contact with a value in every field a filter can name (`type` is BC's, 'Person'). */
const CONTACT = {
  displayName: 'Anna Berg',
  type: 'Person',
  companyName: 'Contoso Nordic A/S',
  companyNumber: 'CT100042',
  city: 'London',
  state: 'Greater London',
  postalCode: 'SW1A 1AA',
  country: 'GB',
  territoryCode: 'T4',
  salespersonCode: 'SP7',
  jobTitle: 'Purchaser',
  number: 'CT000042',
  email: 'anna.berg@contoso.example.com',
  privacyBlocked: false,
} as const;

/** The contact's value of a filter field. */
function valueOf(field: FilterableField): string {
  return field === 'name' ? CONTACT.displayName : CONTACT[field];
}

/** Every form of condition the contact passes, on `value`: literal, not-equal, range, or, and, compare. */
const FORMS: readonly [string, (value: string) => string][] = [
  ['literal', (v) => v],
  ['not equal', () => "<>Stockholm&<>''"],
  ['range', (v) => `${v}..${v}`],
  ['or', (v) => `Stockholm|${v}`],
  ['compare', () => ">''"],
];

const VERDICTS = 50_000;

describe('a verdict of a contact in scope allocates nothing (issue 12: closure contexts)', () => {
  const cases = FILTERABLE_FIELDS.flatMap((field) =>
    FORMS.map(([form, expression]) => [field, form, expression(valueOf(field))] as const),
  );

  test.each(cases)('%s, %s (%s)', async (field, _form, expression) => {
    const compiled = compileFilter({ [field]: expression });
    if (!compiled.ok) throw new Error(`${field}: ${expression} does not compile`);
    const ask = () => outOfScopeReasons(CONTACT, compiled.filter);
    // The contact passes, and the code's feedback and compiled forms exist before the count.
    expect(ask()).toEqual([]);
    for (let i = 0; i < 10_000; i++) ask();
    const bytes = await allocatedBytes(() => {
      for (let i = 0; i < VERDICTS; i++) ask();
    });
    // A context was 48 bytes a verdict, an address's slice, match and fold 140; compiles met while counting, up to
    // 100 KB in all (1.5 bytes a verdict at most in a run at load 20, 4.7 with fewer verdicts).
    expect(bytes / VERDICTS).toBeLessThan(8);
  });
});

// The scans that replaced a copy or a match answer as what they replaced, over texts made of the
// characters they look at (the ACE prefix in any case, '@', capitals, non-ASCII letters).
describe('the scans answer as the copies they replaced', () => {
  const text = fc
    .array(fc.constantFrom('x', 'X', 'n', 'N', '-', '@', 'a', 'B', 'ü', 'Ü', 'İ', '.', '1'), {
      maxLength: 16,
    })
    .map((cs) => cs.join(''));

  test("an address's domain in Unicode form: 'xn--' looked for as /xn--/i over a slice did", () => {
    const before = (email: string): string => {
      const at = email.lastIndexOf('@');
      if (at < 0 || !/xn--/i.test(email.slice(at + 1))) return email;
      return `${email.slice(0, at + 1)}${unicodeAceLabels(email.slice(at + 1))}`;
    };
    fc.assert(fc.property(text, (email) => expect(emailUnicodeDomain(email)).toBe(before(email))));
  });

  test('a filter on E-Mail (case-blind) matches an address as it matches the address lower-cased', () => {
    fc.assert(
      fc.property(fc.constantFrom('a*', '*ü*', '*B', 'xn--*', '*İ*', "<>''", 'a..b'), text, (term, value) => {
        const compiled = compileFilter({ email: term });
        if (!compiled.ok) throw new Error(term);
        const expr = compiled.filter.conditions[0]!.expr;
        expect(matchesExpression(expr, value)).toBe(matchesExpression(expr, value.toLowerCase()));
      }),
    );
  });
});
