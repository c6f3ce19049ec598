import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { compileFilter, evaluateFilter } from '../../../src/core/filter/index.js';
import type { ContactFilter } from '../../../src/core/filter/index.js';
import { emailUnicodeDomain, normalizeEmail } from '../../../src/core/model.js';

/*
 * newuser F7: in the pane's filter, E-Mail `anna@bücher.de` matched 0 of 209 contacts where BC held
 * `anna@xn--bcher-kva.de` (and `anna@xn--bcher-kva.de` matched 1): the sync treats the two as one
 * mailbox (F57, normalizeEmail), the filter did not. A filter on E-Mail now reads each address with
 * its domain in Unicode form, and its own terms' punycode domains too, so either spelling on either
 * side matches (README: "The filter on E-Mail ignores case …").
 */

function matches(filter: string, email: string): boolean {
  const compiled = compileFilter({ email: filter } as ContactFilter);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
  return evaluateFilter(compiled.filter, { email }).matches;
}

const STORED = ['anna@bücher.de', 'anna@xn--bcher-kva.de', 'Anna@XN--BCHER-KVA.DE', 'ANNA@BÜCHER.DE'];

describe('a filter on E-Mail: an IDN domain in Unicode or punycode is one domain', () => {
  test('the example: "anna@bücher.de" finds the contact BC holds as anna@xn--bcher-kva.de', () => {
    expect(matches('anna@bücher.de', 'anna@xn--bcher-kva.de')).toBe(true);
  });

  const FILTERS = [
    'anna@bücher.de',
    'anna@xn--bcher-kva.de',
    'ANNA@BÜCHER.DE',
    'ANNA@XN--BCHER-KVA.DE',
    '*@bücher.de',
    '*@xn--bcher-kva.de',
    '*bücher*',
    '*.de&*@xn--bcher-kva*',
    "'anna@xn--bcher-kva.de'",
    'anna@bücher.cz..anna@bücher.dz',
    'anna@xn--bcher-kva.cz..anna@xn--bcher-kva.dz',
    '>anna@xn--bcher-kva.cz',
    'nobody@x.fi|anna@xn--bcher-kva.de',
  ];
  test.each(FILTERS.flatMap((filter) => STORED.map((email) => ({ filter, email }))))(
    '$filter matches $email',
    ({ filter, email }) => {
      expect(matches(filter, email)).toBe(true);
    },
  );

  test.each(
    ['<>anna@bücher.de', '<>anna@xn--bcher-kva.de', 'anna@bucher.de', '*@xn--bcher-kva.fi'].flatMap(
      (filter) => STORED.map((email) => ({ filter, email })),
    ),
  )('$filter does not match $email', ({ filter, email }) => {
    expect(matches(filter, email)).toBe(false);
  });

  test('the local part stays as typed: only what follows the @ is a domain', () => {
    expect(matches('xn--bcher-kva@x.de', 'xn--bcher-kva@x.de')).toBe(true);
    expect(matches('bücher@x.de', 'xn--bcher-kva@x.de')).toBe(false);
  });

  test('a filter matches an address exactly when it matches the same mailbox spelled the other way', () => {
    const label = fc.stringMatching(/^[a-zäöüé]{1,8}$/);
    fc.assert(
      fc.property(label, label, fc.constantFrom('de', 'fi', 'xn--p1ai'), (local, host, tld) => {
        const unicode = `${local}@${host}.${tld}`;
        const forms = [unicode, unicode.replace(/@.*$/, `@${new URL(`http://${host}.${tld}`).hostname}`)];
        expect(normalizeEmail(forms[0]!)).toBe(normalizeEmail(forms[1]!));
        expect(emailUnicodeDomain(forms[1]!).length).toBeLessThanOrEqual(forms[1]!.length);
        for (const filter of [forms[0]!, forms[1]!, `*@${forms[1]!.split('@')[1]}`])
          for (const email of forms)
            expect({ filter, email, m: matches(filter, email) }).toEqual({ filter, email, m: true });
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
