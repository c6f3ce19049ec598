import { beforeAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { Session } from 'node:inspector/promises';
import { FILTERABLE_FIELDS, compileFilter } from '../../src/core/filter/index.js';
import type { FilterableField } from '../../src/core/filter/index.js';
import { matchesExpression } from '../../src/core/filter/evaluate.js';
import { emailUnicodeDomain, unicodeAceLabels } from '../../src/core/model.js';
import { outOfScopeReasons } from '../../src/core/scope.js';
import { foldEmailCase } from '../../src/pure/email-fold.js';

// Issue 12 (planner, 100,000 × 100,000): `matchesExpression` held a closure over its parameters for
// boolean values, so V8 allocated their context at every call, text values too: 48 bytes a verdict,
// 5.6 MB of a plan's 81 MB (bench/core-plan.bench.ts input, V8's sampling heap profiler). The planner
// asks the scope of every BC contact, and of every import candidate: a verdict of a contact the
// filter lets in allocates nothing, for every field a filter can name and every form of condition.

/** A loop of `verdicts` calls of `ask`, in a function of its own named `name` (see allocatedBytesEach). */
type Loop = (ask: () => unknown, verdicts: number) => void;
function namedLoop(name: string): Loop {
  // A function made from text: one written in this file would be one function for every case, and
  // the profiler's stacks name functions, not closures.
  return new Function(
    `return function ${name}(ask, verdicts) { for (let i = 0; i < verdicts; i++) ask(); };`,
  )() as Loop;
}

/**
 * Bytes V8's sampling heap profiler saw allocated (objects collected since included) while each
 * `ask` ran `verdicts` times, all in one profiling session: each ask's loop is a function of its
 * own name, and an allocation counts for the loop its stack holds. One session, not one per ask:
 * stopping one costs a walk over every script the process holds, and a CI worker holds the
 * modules of every file it ran (65 sessions cost 2 of this file's 5 CPU s alone, and CI measured
 * 122 CPU s for it; issue 12: CI time). Each ask is called 10,000 times just before its count, so
 * its code's feedback and compiled forms exist (allocations of that warm-up count for no loop).
 */
async function allocatedBytesEach(asks: readonly (() => unknown)[], verdicts: number): Promise<number[]> {
  const loops = asks.map((_, i) => namedLoop(`countedVerdicts${i}`));
  const warm = namedLoop('warmUp');
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
    asks.forEach((ask, i) => {
      warm(ask, 10_000);
      loops[i]!(ask, verdicts);
    });
    const { profile } = await session.post('HeapProfiler.stopSampling');
    const bytes = asks.map(() => 0);
    const walk = (node: typeof profile.head, loop: number | undefined): void => {
      const own = /^countedVerdicts(\d+)$/.exec(node.callFrame.functionName);
      const inLoop = own ? Number(own[1]) : loop;
      if (inLoop !== undefined) bytes[inLoop]! += node.selfSize;
      for (const child of node.children) walk(child, inLoop);
    };
    walk(profile.head, undefined);
    return bytes;
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

/** Where a verdict's allocation would be kept from escape analysis (the control below). */
let kept: unknown;

describe('a verdict of a contact in scope allocates nothing (issue 12: closure contexts)', () => {
  const cases = FILTERABLE_FIELDS.flatMap((field) =>
    FORMS.map(([form, expression]) => [field, form, expression(valueOf(field))] as const),
  );
  const asks = cases.map(([field, , expression]) => {
    const compiled = compileFilter({ [field]: expression });
    if (!compiled.ok) throw new Error(`${field}: ${expression} does not compile`);
    return () => outOfScopeReasons(CONTACT, compiled.filter);
  });
  // The control: a closure context and a closure kept per verdict, as matchesExpression's was.
  const control = (value: string) => () => (kept = () => value);
  let bytes: number[] = [];
  beforeAll(async () => {
    bytes = await allocatedBytesEach([...asks, control('Anna')], VERDICTS);
  });

  test('the count sees what a verdict allocates (control: a context and a closure kept per verdict)', () => {
    expect(bytes[asks.length]! / VERDICTS).toBeGreaterThanOrEqual(32);
    expect(kept).toBeInstanceOf(Function);
  });

  test.each(cases.map((c, i) => [...c, i] as const))('%s, %s (%s)', (_field, _form, _expression, i) => {
    // The contact passes.
    expect(asks[i]!()).toEqual([]);
    // A context was 48 bytes a verdict, an address's slice, match and fold 140; compiles met while counting, up to
    // 100 KB in all (1.5 bytes a verdict at most in a run at load 20, 4.7 with fewer verdicts).
    expect(bytes[i]! / VERDICTS).toBeLessThan(8);
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

  test('a filter on E-Mail (case-blind) matches an address as it matches the address folded (the one e-mail folding, pure/email-fold.ts)', () => {
    fc.assert(
      fc.property(fc.constantFrom('a*', '*ü*', '*B', 'xn--*', '*İ*', "<>''", 'a..b'), text, (term, value) => {
        const compiled = compileFilter({ email: term });
        if (!compiled.ok) throw new Error(term);
        const expr = compiled.filter.conditions[0]!.expr;
        expect(matchesExpression(expr, value)).toBe(matchesExpression(expr, foldEmailCase(value)));
      }),
    );
  });
});
