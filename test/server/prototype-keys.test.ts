import { describe, expect, test } from '@jest/globals';
import { parseContactBody } from '../../src/server/bc-api/contact-body.js';
import {
  COMPANY_FIELDS,
  CONTACT_FIELDS,
  COUNTRY_REGION_FIELDS,
} from '../../src/server/bc-api/contact-fields.js';
import { checkedFilter, parseContactQuery } from '../../src/server/bc-api/odata-query.js';
import { HttpError } from '../../src/server/http-error.js';
import { CONTACT_COLUMNS } from '../../src/store/bc-repository.js';
import { bodyRefusal, jsonBodyProblem } from '../../src/platform/json-body-guard.js';

// Issue 10 §3: `$select=toString`, `constructor` or `__proto__` were answered 200 — the names a
// client sends were looked up in plain objects, which also answer Object.prototype's names. The
// kind: every lookup of a client's name. Each one refuses every prototype name, naming it.

/** Every name an ordinary object answers without owning it, and the one JSON.parse can own. */
const PROTOTYPE_NAMES = [...Object.getOwnPropertyNames(Object.prototype), '__proto__', 'prototype'];

/** Every place a client's name is looked up in a table, as a function that must refuse `name`. */
const LOOKUPS: Array<[string, (name: string) => unknown]> = [
  ['$select', (name) => parseContactQuery({ $select: name })],
  ['$orderby', (name) => parseContactQuery({ $orderby: name })],
  ['$filter property', (name) => checkedFilter(`${name} eq 'x'`)],
  ['$filter function argument', (name) => checkedFilter(`startswith(${name},'x')`)],
  ['contact body property', (name) => parseContactBody(JSON.parse(`{${JSON.stringify(name)}:"x"}`))],
];

function refusal(run: () => unknown): { status: number; message: string } | 'accepted' {
  try {
    run();
    return 'accepted';
  } catch (e) {
    if (e instanceof HttpError) return { status: e.status, message: e.message };
    throw e;
  }
}

describe('prototype names are unknown names everywhere a client names a property', () => {
  const rows = LOOKUPS.flatMap(([where, lookup]) => PROTOTYPE_NAMES.map((name) => ({ where, lookup, name })));
  test.each(rows)('$where: $name → 400 naming it', ({ lookup, name }) => {
    expect(refusal(() => lookup(name))).toEqual({
      status: 400,
      message: expect.stringContaining(`'${name}'`),
    });
  });

  test('the tables behind them own only their names (no prototype)', () => {
    for (const table of [CONTACT_FIELDS, COMPANY_FIELDS, COUNTRY_REGION_FIELDS, CONTACT_COLUMNS])
      expect(Object.getPrototypeOf(table)).toBeNull();
  });

  test('the attacker example: $select=toString is 400, as BC answers an unknown property', () => {
    expect(refusal(() => parseContactQuery({ $select: 'displayName,toString' }))).toEqual({
      status: 400,
      message: "Could not find a property named 'toString' on type 'Microsoft.NAV.contact'.",
    });
  });
});

describe('a JSON body with a prototype key is refused naming the key and where', () => {
  test.each([
    ['{"__proto__":{"admin":true}}', "'__proto__' at /__proto__"],
    ['{"a":[{"b":{"__proto__":null}}]}', "'__proto__' at /a/0/b/__proto__"],
    ['{"constructor":{"prototype":{"x":1}}}', "'constructor' at /constructor"],
  ])('%s', (text, says) => {
    const problem = jsonBodyProblem(JSON.parse(text));
    expect(problem).not.toBeNull();
    const error = bodyRefusal(problem!);
    expect([error.statusCode, error.code]).toEqual([400, 'BadRequest_InvalidProperty']);
    expect(error.message).toContain(says);
  });

  test('a plain "constructor" text value is no prototype key (the lookups refuse it as unknown)', () => {
    expect(jsonBodyProblem(JSON.parse('{"constructor":"x","toString":"y"}'))).toBeNull();
  });
});
