import { describe, expect, test } from '@jest/globals';
import AjvCompiler from '@fastify/ajv-compiler';
import type { FastifySchemaValidationError } from 'fastify';
import { REASON_OF_KEYWORD, schemaRefusal } from '../../src/server/schema-refusal.js';
import { ANN, call, useSyncHarness } from './sync-harness.js';

// Issue 13 §2 (tester F31's kind): a schema refusal reached the pane as Ajv's English only
// ("body/email must NOT have more than 80 characters"). Now each detail carries its reason as
// data (kind + limit, property, expected type, allowed values) next to the English, for every
// keyword the routes' schemas use.

/** The body validator as the facade builds it (server/validation.ts): no coercion, nothing removed. */
const compile = AjvCompiler()(
  {},
  { customOptions: { allowUnionTypes: true, removeAdditional: false, coerceTypes: false } },
);

function refusalsOf(schema: Record<string, unknown>, value: unknown) {
  const validate = compile({ schema, method: 'POST', url: '/x', httpPart: 'body' }) as ((
    v: unknown,
  ) => boolean) & {
    errors?: FastifySchemaValidationError[] | null;
  };
  expect(validate(value)).toBe(false);
  return (validate.errors ?? []).map((e) => schemaRefusal('body', e));
}

const obj = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'object',
  properties,
  additionalProperties: false,
  ...extra,
});

describe('every Ajv keyword is refused with its reason as data', () => {
  const rows: [
    string,
    Record<string, unknown>,
    unknown,
    { target: string; reason: Record<string, unknown> },
  ][] = [
    [
      'maxLength',
      obj({ email: { type: 'string', maxLength: 80 } }),
      { email: 'x'.repeat(81) },
      { target: 'body/email', reason: { kind: 'tooLong', limit: 80 } },
    ],
    [
      'minLength',
      obj({ a: { type: 'string', minLength: 2 } }),
      { a: 'x' },
      { target: 'body/a', reason: { kind: 'tooShort', limit: 2 } },
    ],
    [
      'maxItems',
      obj({ a: { type: 'array', maxItems: 1 } }),
      { a: [1, 2] },
      { target: 'body/a', reason: { kind: 'tooMany', limit: 1 } },
    ],
    [
      'minItems',
      obj({ a: { type: 'array', minItems: 1 } }),
      { a: [] },
      { target: 'body/a', reason: { kind: 'tooFew', limit: 1 } },
    ],
    [
      'maxProperties',
      { type: 'object', maxProperties: 1 },
      { a: 1, b: 2 },
      { target: 'body', reason: { kind: 'tooMany', limit: 1 } },
    ],
    [
      'minProperties',
      { type: 'object', minProperties: 1 },
      {},
      { target: 'body', reason: { kind: 'tooFew', limit: 1 } },
    ],
    [
      'maximum',
      obj({ n: { type: 'integer', maximum: 10 } }),
      { n: 11 },
      { target: 'body/n', reason: { kind: 'tooLarge', limit: 10 } },
    ],
    [
      'exclusiveMaximum',
      obj({ n: { type: 'integer', exclusiveMaximum: 10 } }),
      { n: 10 },
      { target: 'body/n', reason: { kind: 'tooLarge', limit: 10 } },
    ],
    [
      'minimum',
      obj({ n: { type: 'integer', minimum: 1 } }),
      { n: 0 },
      { target: 'body/n', reason: { kind: 'tooSmall', limit: 1 } },
    ],
    [
      'exclusiveMinimum',
      obj({ n: { type: 'integer', exclusiveMinimum: 1 } }),
      { n: 1 },
      { target: 'body/n', reason: { kind: 'tooSmall', limit: 1 } },
    ],
    [
      'required',
      obj({ email: { type: 'string' } }, { required: ['email'] }),
      {},
      { target: 'body', reason: { kind: 'required', property: 'email' } },
    ],
    [
      'additionalProperties',
      obj({}),
      { nmae: 'x' },
      { target: 'body/nmae', reason: { kind: 'unknownProperty', property: 'nmae' } },
    ],
    [
      'propertyNames',
      { type: 'object', propertyNames: { maxLength: 2 } },
      { long: 1 },
      { target: 'body/long', reason: { kind: 'unknownProperty', property: 'long' } },
    ],
    [
      'type',
      obj({ dryRun: { type: 'boolean' } }),
      { dryRun: 'true' },
      { target: 'body/dryRun', reason: { kind: 'wrongType', expected: 'boolean' } },
    ],
    [
      'enum',
      obj({ mode: { type: 'string', enum: ['delta', 'full'] } }),
      { mode: 'weekly' },
      { target: 'body/mode', reason: { kind: 'notAllowed', allowed: ['delta', 'full'] } },
    ],
    [
      'const',
      obj({ v: { const: 1 } }),
      { v: 2 },
      { target: 'body/v', reason: { kind: 'notAllowed', allowed: [1] } },
    ],
    [
      'pattern',
      obj({ c: { type: 'string', pattern: '^[A-Z]+$' } }),
      { c: 'a' },
      { target: 'body/c', reason: { kind: 'pattern', pattern: '^[A-Z]+$' } },
    ],
    [
      'format',
      obj({ t: { type: 'string', format: 'date-time' } }),
      { t: 'soon' },
      { target: 'body/t', reason: { kind: 'format', format: 'date-time' } },
    ],
    [
      'uniqueItems',
      obj({ a: { type: 'array', uniqueItems: true } }),
      { a: [1, 1] },
      { target: 'body/a', reason: { kind: 'duplicateItems' } },
    ],
    [
      'anyOf',
      obj({ v: { anyOf: [{ type: 'string' }, { type: 'integer' }] } }),
      { v: true },
      { target: 'body/v', reason: { kind: 'invalid' } },
    ],
    [
      'oneOf',
      obj({ v: { oneOf: [{ type: 'string' }, { type: 'integer' }] } }),
      { v: true },
      { target: 'body/v', reason: { kind: 'invalid' } },
    ],
  ];

  test.each(rows)('%s', (_keyword, schema, value, expected) => {
    const details = refusalsOf(schema, value);
    expect(details.find((d) => d.reason.kind === expected.reason.kind)).toMatchObject(expected);
  });

  test('the table covers every keyword the module maps', () => {
    expect(rows.map(([k]) => k).sort()).toEqual(Object.keys(REASON_OF_KEYWORD).sort());
  });
});

/** Keywords that only hold other schemas: their own failures are their children's. */
const APPLICATORS = new Set([
  'properties',
  'items',
  'allOf',
  'patternProperties',
  'prefixItems',
  'additionalItems',
]);
/** Schema words that validate nothing. */
const ANNOTATIONS = new Set([
  'title',
  'description',
  'default',
  'examples',
  'example',
  '$id',
  '$ref',
  '$schema',
  'nullable',
  'readOnly',
  'writeOnly',
  'deprecated',
  'contentMediaType',
  'contentEncoding',
  'definitions',
  '$defs',
]);

/** Every keyword used in `schema` (any depth), except property names under `properties`. */
function keywords(schema: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const s of schema) keywords(s, out);
  else if (typeof schema === 'object' && schema !== null)
    for (const [k, v] of Object.entries(schema)) {
      out.add(k);
      if (k === 'properties' || k === 'patternProperties' || k === 'definitions' || k === '$defs')
        for (const sub of Object.values(v as object)) keywords(sub, out);
      else if (k !== 'enum' && k !== 'const' && k !== 'required' && k !== 'examples' && k !== 'default')
        keywords(v, out);
    }
  return out;
}

describe('over every route of the app', () => {
  const h = useSyncHarness({ adminToken: 'x'.repeat(32) });

  test("every validating keyword of every route's body, query and path schema has a reason", () => {
    const used = new Set<string>();
    for (const r of h.routes) {
      const schema = (r.schema ?? {}) as Record<string, unknown>;
      for (const part of ['body', 'querystring', 'params', 'headers']) keywords(schema[part], used);
    }
    expect(used.size).toBeGreaterThan(5);
    const unmapped = [...used].filter(
      (k) => !(k in REASON_OF_KEYWORD) && !APPLICATORS.has(k) && !ANNOTATIONS.has(k) && !k.startsWith('x-'),
    );
    expect(unmapped).toEqual([]);
  });

  test('F31: an address longer than BC holds → 400 with tooLong and the limit as data, not only English', async () => {
    const r = await call(h, ANN, 'POST', '/sync/v1/sender', { email: `${'a'.repeat(80)}@example.com` });
    expect(r.status).toBe(400);
    expect(r.body.error.details).toEqual([
      {
        target: 'body/email',
        message: 'must NOT have more than 80 characters',
        reason: { kind: 'tooLong', limit: 80 },
      },
    ]);
  });
});
