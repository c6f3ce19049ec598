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

/** A keyword's row: its schema, a value it refuses, and the detail the refusal must carry. */
type Row = [keyword: string, schema: Record<string, unknown>, value: unknown, expected: Expected];
type Expected = { target: string; reason: Record<string, unknown> };

/** A row whose value is refused in one property of the body: the detail targets that property. */
const onProperty = (
  keyword: string,
  property: string,
  schema: Record<string, unknown>,
  value: unknown,
  reason: Record<string, unknown>,
): Row => [
  keyword,
  obj({ [property]: schema }),
  { [property]: value },
  { target: `body/${property}`, reason },
];

describe('every Ajv keyword is refused with its reason as data', () => {
  const rows: Row[] = [
    onProperty('maxLength', 'email', { type: 'string', maxLength: 80 }, 'x'.repeat(81), {
      kind: 'tooLong',
      limit: 80,
    }),
    onProperty('minLength', 'a', { type: 'string', minLength: 2 }, 'x', { kind: 'tooShort', limit: 2 }),
    onProperty('maxItems', 'a', { type: 'array', maxItems: 1 }, [1, 2], { kind: 'tooMany', limit: 1 }),
    onProperty('minItems', 'a', { type: 'array', minItems: 1 }, [], { kind: 'tooFew', limit: 1 }),
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
    onProperty('maximum', 'n', { type: 'integer', maximum: 10 }, 11, { kind: 'tooLarge', limit: 10 }),
    onProperty('exclusiveMaximum', 'n', { type: 'integer', exclusiveMaximum: 10 }, 10, {
      kind: 'tooLarge',
      limit: 10,
    }),
    onProperty('minimum', 'n', { type: 'integer', minimum: 1 }, 0, { kind: 'tooSmall', limit: 1 }),
    onProperty('exclusiveMinimum', 'n', { type: 'integer', exclusiveMinimum: 1 }, 1, {
      kind: 'tooSmall',
      limit: 1,
    }),
    [
      'required',
      obj({ email: { type: 'string' } }, { required: ['email'] }),
      {},
      { target: 'body', reason: { kind: 'required', property: 'email', propertyLength: 5 } },
    ],
    [
      'additionalProperties',
      obj({}),
      { nmae: 'x' },
      { target: 'body/nmae', reason: { kind: 'unknownProperty', property: 'nmae', propertyLength: 4 } },
    ],
    [
      'propertyNames',
      { type: 'object', propertyNames: { maxLength: 2 } },
      { long: 1 },
      { target: 'body/long', reason: { kind: 'unknownProperty', property: 'long', propertyLength: 4 } },
    ],
    onProperty('type', 'dryRun', { type: 'boolean' }, 'true', { kind: 'wrongType', expected: 'boolean' }),
    onProperty('enum', 'mode', { type: 'string', enum: ['delta', 'full'] }, 'weekly', {
      kind: 'notAllowed',
      allowed: ['delta', 'full'],
    }),
    onProperty('const', 'v', { const: 1 }, 2, { kind: 'notAllowed', allowed: [1] }),
    onProperty('pattern', 'c', { type: 'string', pattern: '^[A-Z]+$' }, 'a', {
      kind: 'pattern',
      pattern: '^[A-Z]+$',
    }),
    onProperty('format', 't', { type: 'string', format: 'date-time' }, 'soon', {
      kind: 'format',
      format: 'date-time',
    }),
    onProperty('uniqueItems', 'a', { type: 'array', uniqueItems: true }, [1, 1], { kind: 'duplicateItems' }),
    onProperty('anyOf', 'v', { anyOf: [{ type: 'string' }, { type: 'integer' }] }, true, { kind: 'invalid' }),
    onProperty('oneOf', 'v', { oneOf: [{ type: 'string' }, { type: 'integer' }] }, true, { kind: 'invalid' }),
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
