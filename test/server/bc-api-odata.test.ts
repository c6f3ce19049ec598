import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { ODataSyntaxError, parseFilter } from '../../src/server/bc-api/odata-filter.js';
import { checkedFilter, parseOrderBy } from '../../src/server/bc-api/odata-query.js';
import { nextLink, preferredPageSize } from '../../src/server/bc-api/paging.js';
import { filterToSql } from '../../src/server/bc-api/odata-sql.js';
import { HttpError } from '../../src/server/http-error.js';
import { thrownBy } from '../support/thrown.js';

function syntaxError(text: string): ODataSyntaxError {
  try {
    parseFilter(text);
  } catch (e) {
    if (e instanceof ODataSyntaxError) return e;
    throw e;
  }
  throw new Error(`parsed: ${text}`);
}

function sql(text: string): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const out = filterToSql(parseFilter(text))((v) => {
    params.push(v);
    return `$${params.length}`;
  });
  return { sql: out, params };
}

describe('parseFilter', () => {
  test('precedence: not > and > or, parentheses override', () => {
    expect(parseFilter(`a eq 'x' or b eq 'y' and not c eq 'z'`)).toMatchObject({
      kind: 'or',
      left: { kind: 'compare', op: 'eq' },
      right: { kind: 'and', right: { kind: 'not', operand: { kind: 'compare' } } },
    });
    expect(parseFilter(`(a eq 'x' or b eq 'y') and c eq 'z'`)).toMatchObject({
      kind: 'and',
      left: { kind: 'or' },
    });
  });

  test('literals: strings with doubled quotes, numbers, booleans, null, date-times, dates, GUIDs', () => {
    const lit = (v: string) => (parseFilter(`f eq ${v}`) as { right: { literal: unknown } }).right.literal;
    expect(lit(`'O''Neil'`)).toEqual({ type: 'string', value: "O'Neil" });
    expect(lit(`''`)).toEqual({ type: 'string', value: '' });
    expect(lit('-12.5')).toEqual({ type: 'number', value: -12.5 });
    expect(lit('true')).toEqual({ type: 'boolean', value: true });
    expect(lit('null')).toEqual({ type: 'null' });
    expect(lit('2024-05-01T00:00:00Z')).toEqual({ type: 'datetime', value: '2024-05-01T00:00:00Z' });
    expect(lit('2024-05-01T10:20:30.1234567+02:00')).toMatchObject({ type: 'datetime' });
    expect(lit('2024-05-01')).toEqual({ type: 'date', value: '2024-05-01' });
    expect(lit('ABCDEF01-2345-4678-89ab-cdef01234567')).toEqual({
      type: 'guid',
      value: 'abcdef01-2345-4678-89ab-cdef01234567',
    });
  });

  test('functions take a property and a value', () => {
    expect(parseFilter(`contains(displayName, 'an')`)).toMatchObject({
      kind: 'call',
      fn: 'contains',
      property: { name: 'displayName' },
      argument: { literal: { value: 'an' } },
    });
    expect(parseFilter(`not startswith(city,'Co') and endswith(email,'.dk')`)).toMatchObject({ kind: 'and' });
  });

  test.each([
    ['', 0, 'an expression'],
    [`city eq`, 7, 'a value'],
    [`city eq 'x' and`, 15, 'a value'],
    [`city 'x'`, 5, 'a comparison operator'],
    [`city eq 'x`, 8, 'a closing quote'],
    [`(city eq 'x'`, 12, "')'"],
    [`city eq 'x')`, 11, "'and', 'or' or the end"],
    [`city eq 'x' xor b eq 'y'`, 12, "'and', 'or' or the end"],
    [`contains(city 'x')`, 14, "','"],
    [`contains('x', city)`, 9, 'a property name'],
    [`city eq 'x' & b`, 12, "not '&'"],
    [`city eq 2024-13-45T00:00:00Z`, 8, 'a valid date-time'],
    [`city eq 2024-13-45`, 8, 'a valid date'],
    [`and eq 'x'`, 0, 'a value'],
  ])('%j → error at %i', (text, position, expected) => {
    const e = syntaxError(text);
    expect(e.position).toBe(position);
    expect(e.message).toContain(`Syntax error at position ${position} in '$filter': expected`);
    expect(e.message).toContain(expected);
  });

  test('never throws anything but a syntax error on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        try {
          parseFilter(text);
        } catch (e) {
          expect(e).toBeInstanceOf(ODataSyntaxError);
          expect((e as ODataSyntaxError).position).toBeGreaterThanOrEqual(0);
          expect((e as ODataSyntaxError).position).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('translation to SQL', () => {
  test('values are parameters, never spliced', () => {
    expect(sql(`displayName eq 'x''; DROP TABLE bc_contacts; --'`)).toEqual({
      sql: 'display_name COLLATE "C" = $1',
      params: ["x'; DROP TABLE bc_contacts; --"],
    });
  });

  test('types: datetime, guid, boolean; literal on the left flips the operator', () => {
    expect(sql(`lastModifiedDateTime gt 2024-05-01T02:00:00+02:00`)).toEqual({
      sql: 'last_modified > $1::timestamptz',
      params: ['2024-05-01T00:00:00.000Z'],
    });
    expect(sql(`2024-05-01 lt lastModifiedDateTime`).sql).toBe('last_modified > $1::timestamptz');
    expect(sql(`id eq 'abcdef01-2345-4678-89ab-cdef01234567'`).sql).toBe('id = $1::uuid');
    expect(sql(`privacyBlocked ne false`)).toEqual({ sql: 'privacy_blocked <> $1', params: [false] });
    expect(sql(`not (city eq 'a' or startswith(city,'b'))`).sql).toBe(
      `NOT ((city COLLATE "C" = $1 OR starts_with(city, $2)))`,
    );
  });

  test.each([
    [`shoeSize eq 'x'`, "Could not find a property named 'shoeSize'"],
    [`contains(shoeSize,'x')`, "'shoeSize'"],
    [`searchName eq 'x'`, 'cannot be used'],
    [`city eq 3`, "'city' is a string property"],
    [`privacyBlocked gt true`, 'only supports eq and ne'],
    [`id eq 'nope'`, "'id' is a guid property"],
    [`city eq country`, 'comparing two properties'],
    [`'a' eq 'b'`, 'needs a property'],
    [`contains(privacyBlocked,'x')`, 'needs a text property'],
  ])('%s → 400', (text, message) => {
    expect(() => checkedFilter(text)).toThrow(HttpError);
    expect(() => checkedFilter(text)).toThrow(message);
  });
});

// Attacker pass, fault 4: `privacyBlocked eq 1e309` said "compared with number null" (Infinity
// printed as JSON). The kind: a number literal that is not finite, wherever it stands.
describe('a number literal too large to represent is refused as such, with its position', () => {
  test.each([
    ['privacyBlocked eq 1e309', 18, '1e309'],
    ['1E999 eq privacyBlocked', 0, '1E999'],
    ["city eq 'x' or privacyBlocked eq -1e400", 33, '-1e400'],
    ['not (privacyBlocked gt 2e308)', 23, '2e308'],
  ])('%j → BadRequest_NumberOutOfRange at %i', (text, position, literal) => {
    const refusal = thrownBy(() => checkedFilter(text));
    expect(refusal).toBeInstanceOf(HttpError);
    const message = `The number ${literal} at position ${position} in '$filter' is too large to represent; numbers must be finite.`;
    expect(refusal).toMatchObject({
      status: 400,
      code: 'BadRequest_NumberOutOfRange',
      message,
      details: [{ target: '$filter', message, reason: { kind: 'queryOption', option: '$filter', position } }],
    });
  });

  test('the largest finite double still parses', () => {
    expect(() => checkedFilter('privacyBlocked eq 1.7976931348623157e308')).toThrow('is a boolean property');
  });
});

describe('other options', () => {
  test('$orderby terms', () => {
    expect(parseOrderBy('city desc, displayName')).toEqual([
      { field: 'city', desc: true },
      { field: 'displayName', desc: false },
    ]);
  });

  test('Prefer header', () => {
    expect(preferredPageSize('odata.maxpagesize=50')).toBe(50);
    expect(preferredPageSize('return=minimal, odata.maxpagesize="7"')).toBe(7);
    expect(preferredPageSize('odata.track-changes')).toBeNull();
    expect(preferredPageSize(undefined)).toBeNull();
  });

  test('nextLink carries the original options, the rest of $top and the token (never the $skip)', () => {
    expect(
      nextLink('http://h/api/v2.0/x', { $filter: "a eq 'b c'", $top: '5', $skip: '1' }, 'WyJhIl0', 2),
    ).toBe('http://h/api/v2.0/x?%24filter=a%20eq%20%27b%20c%27&%24top=2&%24skiptoken=WyJhIl0');
  });
});
