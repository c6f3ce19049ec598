import { describe, test, expect } from '@jest/globals';
import {
  compileFilter,
  expressionToOData,
  quoteODataString,
  toODataFilter,
  ODATA_FILTER_LIMITS,
} from '../../../src/core/filter/index.js';
import type { ContactFilter, ODataTranslation } from '../../../src/core/filter/index.js';
import type { ClientSideReason } from '../../../src/core/filter/odata.js';
import { expressionOf } from '../../support/filter-expression.js';

function odata(expression: string, property = 'city'): ODataTranslation {
  return expressionToOData(property, expressionOf(expression));
}

describe('expressionToOData: exact', () => {
  test.each([
    ['London', "city eq 'London'"],
    ['=London', "city eq 'London'"],
    ['<>London', "city ne 'London'"],
    ['<b', "city lt 'b'"],
    ['<=b', "city le 'b'"],
    ['>b', "city gt 'b'"],
    ['>=b', "city ge 'b'"],
    ['a..c', "city ge 'a' and city le 'c'"],
    ['a..', "city ge 'a'"],
    ['..c', "city le 'c'"],
    ["''", "city eq ''"],
    ["<>''", "city ne ''"],
    ["'O''Brien'", "city eq 'O''Brien'"],
    ["'a|b*'", "city eq 'a|b*'"],
    ['Lon*', "startswith(city,'Lon')"],
    ['*ond*', "contains(city,'ond')"],
    ['*', "startswith(city,'')"],
    ["O'B*", "startswith(city,'O''B')"],
    ['a|b', "city eq 'a' or city eq 'b'"],
    ['a|b&c', "city eq 'a' or city eq 'b' and city eq 'c'"],
    ['(a|b)&<>c', "(city eq 'a' or city eq 'b') and city ne 'c'"],
    ['(a|b)&(c|d)', "(city eq 'a' or city eq 'b') and (city eq 'c' or city eq 'd')"],
    ['a..c|x..z', "city ge 'a' and city le 'c' or city ge 'x' and city le 'z'"],
    ['1000', "city eq '1000'"],
  ])('%j → %s', (expression, expected) => {
    expect(odata(expression)).toEqual({ kind: 'exact', odata: expected });
  });

  test('uses the property name it is given', () => {
    expect(odata('Jane*', 'displayName')).toEqual({ kind: 'exact', odata: "startswith(displayName,'Jane')" });
  });
});

describe('expressionToOData: client-side', () => {
  test.each<[string, ClientSideReason, string | null]>([
    ['@london', 'caseInsensitive', null],
    ['a?c', 'anyChar', "startswith(city,'a')"],
    ['a*c', 'innerWildcard', "startswith(city,'a')"],
    ['*on', 'endsWith', "contains(city,'on')"],
    ['*a*bcd*', 'innerWildcard', "contains(city,'bcd')"],
    ['??', 'anyChar', null],
    ['<>a*', 'notEqualsPattern', null],
    ['1000..1999', 'numericBound', null],
    ['>5', 'numericBound', null],
    ['a..9', 'numericBound', null],
  ])('%j: %s (superset %s)', (expression, reason, superset) => {
    expect(odata(expression)).toEqual({ kind: 'clientSide', reason, superset });
  });

  test('an and keeps the exact parts and supersets of the rest', () => {
    expect(odata('@x&b*&a?')).toEqual({
      kind: 'clientSide',
      reason: 'caseInsensitive',
      superset: "startswith(city,'b') and startswith(city,'a')",
    });
  });

  test('an or has a superset only if every alternative has one', () => {
    expect(odata('a|b*c')).toMatchObject({
      kind: 'clientSide',
      superset: "city eq 'a' or startswith(city,'b')",
    });
    expect(odata('a|@b')).toMatchObject({ kind: 'clientSide', superset: null });
    expect(odata('(a|b*c)&d')).toMatchObject({
      superset: "(city eq 'a' or startswith(city,'b')) and city eq 'd'",
    });
  });
});

describe('toODataFilter', () => {
  function combined(filter: ContactFilter) {
    const result = compileFilter(filter);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return toODataFilter(result.filter);
  }

  test('ANDs every field, with the OData property names', () => {
    expect(combined({ city: 'London|Paris', name: 'J*', type: 'Person' })).toEqual({
      odata: "startswith(displayName,'J') and type eq 'Person' and (city eq 'London' or city eq 'Paris')",
      exact: true,
      clientSideFields: [],
    });
  });

  test('a client-side field makes the result a superset', () => {
    expect(
      combined({ name: '@*smith*', city: 'London', postalCode: '1000..1999', email: '*@contoso.com' }),
    ).toEqual({
      // E-mail compares regardless of case (F49): as with `@`, BC's OData cannot do it.
      odata: "city eq 'London'",
      exact: false,
      clientSideFields: ['name', 'postalCode', 'email'],
    });
    expect(combined({ name: 'J?ne*' })).toEqual({
      odata: "startswith(displayName,'J')",
      exact: false,
      clientSideFields: ['name'],
    });
  });

  test('no conditions, no $filter', () => {
    expect(combined({})).toEqual({ odata: '', exact: true, clientSideFields: [] });
    expect(combined({ name: '@x' })).toEqual({ odata: '', exact: false, clientSideFields: ['name'] });
  });

  test('a translation beyond the facade’s $filter bounds is left to client-side evaluation (issue 10 §3)', () => {
    // Within the parser's bounds (2,000 characters, 100 values), beyond $filter's 2,000 once translated.
    const many = Array.from({ length: 90 }, (_, i) => `City-of-Lyon-${String(i).padStart(2, '0')}`).join('|');
    const long = combined({ city: many, type: 'Person' });
    expect(long).toEqual({ odata: "type eq 'Person'", exact: false, clientSideFields: ['city'] });
    let deep = 'z*';
    for (let i = 0; i < 60; i++) deep = i % 2 === 0 ? `(x${i}*|${deep})` : `(y${i}*&${deep})`;
    const nested = combined({ name: deep, type: 'Person' });
    expect(nested.odata).toBe("type eq 'Person'");
    expect(nested.clientSideFields).toEqual(['name']);
    // Just under both bounds: still pushed to the server.
    const fits = combined({ city: Array.from({ length: 40 }, (_, i) => `C${i}`).join('|') });
    expect(fits.exact).toBe(true);
    expect(fits.odata.length).toBeLessThanOrEqual(ODATA_FILTER_LIMITS.length);
  });

  test('quoteODataString doubles quotes', () => {
    expect(quoteODataString("it's")).toBe("'it''s'");
  });
});
