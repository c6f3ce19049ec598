import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { validateForBc } from '../../src/core/bc-field-rules.js';
import { codeForm } from '../../src/core/code-form.js';
import { compileFilter } from '../../src/core/filter/index.js';
import { matchesExpression } from '../../src/core/filter/evaluate.js';
import { parseFilterExpression } from '../../src/core/filter/parse.js';
import { outlookToSyncFields, syncFieldsToOutlookDraft } from '../../src/core/mapping.js';
import { SYNC_FIELDS, emptySyncFields, nfc } from '../../src/core/model.js';
import type { BcContact, OutlookContact, SyncFieldName, SyncFields } from '../../src/core/model.js';
import { pairContext } from '../../src/core/pair.js';
import { outOfScopeReasons } from '../../src/core/scope.js';
import { hasLineBreak } from '../../src/core/street-lines.js';

// Issue 12 §1 (planner 100,000 × 100,000): the shortcuts the planner's hot paths take each answer as
// the rule they stand for. One row or property per shortcut, over every field it reads.

const text = fc.constantFrom(
  '',
  'a',
  'A b',
  'x\ny',
  'x\r\ny',
  'r\rs',
  'e\u0301',
  '\u00e9',
  'ann@x.com',
  'x'.repeat(120),
);

function outlookOf(fields: SyncFields): OutlookContact {
  return { ...syncFieldsToOutlookDraft(fields, 'bc-1'), id: 'o-1', changeKey: 'k', outlookOnly: [] };
}

describe('outlookToSyncFields builds one record in NFC (no second record)', () => {
  test.each([...SYNC_FIELDS])('%s is read in NFC, keys in SYNC_FIELDS order', (field) => {
    // One value per field, decomposed (NFD): every field comes out composed, in the record's key order.
    const fields = {
      ...emptySyncFields(),
      [field]: field === 'country' ? 'DK' : `Jyva\u0308skyla\u0308 ${field}`,
    };
    if (field === 'email' || field === 'email2') fields[field] = `jyva\u0308skyla\u0308@x.com`;
    if (field === 'email2') fields.email = 'first@x.com';
    const read = outlookToSyncFields(outlookOf(fields));
    expect(Object.keys(read)).toEqual([...SYNC_FIELDS]);
    const expected = field === 'postalCode' ? nfc(fields[field]).toUpperCase() : nfc(fields[field]);
    expect(read[field]).toBe(expected);
    // The value read was decomposed: the record holds the composed form (a code has none).
    if (field !== 'country') expect(read[field]).not.toBe(fields[field]);
  });
});

describe('hasLineBreak is /[\\r\\n]/', () => {
  test('property: any text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', ' ', '\r', '\n', '\u2028', '\u0085', 'é') }),
        (s) => {
          expect(hasLineBreak(s)).toBe(/[\r\n]/.test(s));
        },
      ),
      { numRuns: 500, seed: 121 },
    );
  });
});

describe("validateForBc with `unchanged` gives all the fields' reasons, less those BC holds already", () => {
  const record = fc.record(
    Object.fromEntries(SYNC_FIELDS.map((f) => [f, text])) as Record<SyncFieldName, fc.Arbitrary<string>>,
  );
  test('property: any values, any fields moved, with and without country codes', () => {
    fc.assert(
      fc.property(
        record,
        record,
        fc.subarray([...SYNC_FIELDS]),
        fc.boolean(),
        (fields, other, moved, withCodes) => {
          const codes = withCodes ? new Set(['DK', 'A']) : null;
          // BC's values now: the moved fields' from another record (equal by chance, or not), the rest the same strings.
          const unchanged = { ...fields };
          for (const f of moved) unchanged[f] = other[f];
          const all = validateForBc(fields, codes, null);
          expect(validateForBc(fields, codes, null, unchanged)).toEqual(
            all.filter((r) => 'field' in r && fields[r.field] !== unchanged[r.field]),
          );
          // The lists validateForBc reads values into carry nothing from one call to the next.
          expect(validateForBc(fields, codes, null)).toEqual(all);
        },
      ),
      { numRuns: 500, seed: 122 },
    );
  });
});

describe('a filter value read after another is read alike (one subject reused)', () => {
  // Case-insensitive wildcards fold and split the value: what was folded or split for one value
  // must not carry to the next.
  const expressions = ['@*abc*', '*abc*', '@a*', 'A*|@*z', '@abc', '<>@abc', '@b..@d'];
  const values = fc.constantFrom('', 'ABC', 'xabcx', 'XaBcX', 'zz', 'Abd', 'a', 'Z');
  test('property: the verdict on a value does not depend on the value before', () => {
    fc.assert(
      fc.property(fc.constantFrom(...expressions), values, values, (source, before, value) => {
        const parsed = parseFilterExpression(source);
        if (!parsed.ok) throw new Error(source);
        const alone = matchesExpression(parsed.expr, value);
        matchesExpression(parsed.expr, before);
        expect(matchesExpression(parsed.expr, value)).toBe(alone);
        expect(alone).toBe(matchesExpression(parsed.expr, value));
      }),
      { numRuns: 500, seed: 123 },
    );
  });

  test('the example: @*abc* on "XABCX" after "zz" matches, on "zz" after "XABCX" does not', () => {
    const parsed = parseFilterExpression('@*abc*');
    if (!parsed.ok) throw new Error('parse');
    expect(matchesExpression(parsed.expr, 'zz')).toBe(false);
    expect(matchesExpression(parsed.expr, 'XABCX')).toBe(true);
    expect(matchesExpression(parsed.expr, 'zz')).toBe(false);
  });
});

describe("a run's scope verdicts are each contact's own (the last one remembered)", () => {
  const compiled = compileFilter({ city: '<>Oslo', name: '@a*' });
  if (!compiled.ok) throw new Error('filter');
  const contact = (i: number, city: string, name: string): BcContact => ({
    ...emptySyncFields(),
    id: `c${i}`,
    number: `CT${i}`,
    type: i % 5 === 0 ? 'Company' : 'Person',
    displayName: name,
    email: i % 3 === 0 ? '' : `c${i}@x.com`,
    city,
    companyNumber: '',
    territoryCode: '',
    salespersonCode: '',
    privacyBlocked: i % 7 === 0,
    lastModifiedDateTime: '',
    etag: '',
  });
  const contacts = Array.from({ length: 40 }, (_, i) =>
    contact(i, i % 2 === 0 ? 'Oslo' : 'Paris', i % 4 < 2 ? 'Ann' : 'Bo'),
  );
  test('property: any order of asking, repeats included', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 39 }), { maxLength: 60 }), (order) => {
        const ctx = pairContext({ policy: 'bcWins', filter: compiled.filter });
        for (const i of order)
          expect(ctx.scope(contacts[i]!)).toEqual(outOfScopeReasons(contacts[i]!, compiled.filter));
      }),
      { numRuns: 300, seed: 124 },
    );
  });
});

describe('codeForm returns a value already in code form as it is (no new strings)', () => {
  /** AL's Code form as the rule states it: spaces off both ends, upper case one character for one (BC keeps ß). */
  const fullForm = (value: string) =>
    [...value.replace(/^ +| +$/g, '')]
      .map((c) => ([...c.toUpperCase()].length === 1 ? c.toUpperCase() : c))
      .join('');

  test.each([
    ['', ''],
    ['2100', '2100'],
    ['DK', 'DK'],
    ['dk', 'DK'],
    [' DK', 'DK'],
    ['DK ', 'DK'],
    ['  2100 a  ', '2100 A'],
    ['SE-123 45', 'SE-123 45'],
    ['stra\u00dfe', 'STRA\u00dfE'],
    ['\u00e9', '\u00c9'],
    ['\tdk', '\tDK'],
    ['z{', 'Z{'],
    ['`a', '`A'],
  ])('%j in code form is %j', (value, form) => {
    expect(codeForm(value)).toBe(form);
  });

  test('every value: the same as the full form', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(
            'a',
            'z',
            'A',
            'Z',
            '1',
            ' ',
            '-',
            '`',
            '{',
            '\t',
            '\u00df',
            '\u00e9',
            '\u0131',
          ),
        }),
        (value) => expect(codeForm(value)).toBe(fullForm(value)),
      ),
      { numRuns: 500 },
    );
  });
});
