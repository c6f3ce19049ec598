import { describe, expect, test } from '@jest/globals';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import { routesWithBodies } from '../support/dev-app.js';
import { ANN, call, useSyncHarness } from './sync-harness.js';

// Issue 10 §3, tester F23: Fastify's default Ajv options dropped unknown body properties without a
// word (a mistyped `"dryrun": true` ran a real sync) and coerced body types ("true" → true). Now
// (server/validation.ts) a body property no schema names is a 400 naming it, and bodies are not
// coerced. Table over every route: each object in each body schema says what it admits.

type Schema = Record<string, unknown>;

/** JSON Pointers of the object schemas in `schema` that leave additionalProperties unsaid. */
function unsaid(schema: unknown, at = ''): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const s = schema as Schema;
  const out: string[] = [];
  const isObject = [s.type].flat().includes('object') || s.properties !== undefined;
  if (isObject && s.additionalProperties === undefined) out.push(at || '/');
  for (const [k, v] of Object.entries((s.properties as Schema | undefined) ?? {}))
    out.push(...unsaid(v, `${at}/${k}`));
  if (s.items) out.push(...unsaid(s.items, `${at}/*`));
  for (const key of ['anyOf', 'oneOf', 'allOf'])
    for (const [i, v] of ((s[key] as unknown[] | undefined) ?? []).entries())
      out.push(...unsaid(v, `${at}|${i}`));
  if (typeof s.additionalProperties === 'object') out.push(...unsaid(s.additionalProperties, `${at}/{}`));
  return out;
}

describe('every route body schema says which properties it admits', () => {
  // The CLI's route too (registration only).
  const bodied = routesWithBodies();

  test('closed (false), a map (a schema) or open on purpose (true: the BC API refuses unknown names itself)', () => {
    const withBody = bodied.routes;
    expect(withBody.length).toBeGreaterThan(20);
    const rows = withBody.map((r) => ({
      route: `${[r.method].flat().join()} ${r.url}`,
      unsaid: unsaid((r.schema as Schema).body),
    }));
    expect(rows.filter((row) => row.unsaid.length > 0)).toEqual([]);
    // The open ones are the BC API's contact bodies and $batch, whose handlers answer unknown or
    // read-only properties with BC's 400 BadRequest_PropertyNotFound (bc-api-routes.test.ts).
    const open = withBody
      .filter((r) => ((r.schema as Schema).body as Schema).additionalProperties === true)
      .map((r) => r.url);
    expect(open.every((u) => u.startsWith('/api/v2.0/'))).toBe(true);
  });
});

describe('F23: unknown or mistyped body properties are refused, not dropped', () => {
  const h = useSyncHarness();

  test('POST /sync/v1/runs {"dryrun": true} → 400 naming body/dryrun; no run started (was a real run)', async () => {
    const r = await call(h, ANN, 'POST', '/sync/v1/runs', { mode: 'delta', dryrun: true });
    expect([r.status, r.body.error.details]).toEqual([
      400,
      [
        {
          target: 'body/dryrun',
          message: "'dryrun' is not a property of body",
          reason: { kind: 'unknownProperty', property: 'dryrun', propertyLength: 6 },
        },
      ],
    ]);
    expect(r.body.error.message).toMatch(/body\/dryrun/);
    expect((await call(h, ANN, 'GET', '/sync/v1/runs')).body.runs).toEqual([]);
  });

  test.each([['true'], [1], [[true]]])('"dryRun": %j is not coerced to true → 400', async (value) => {
    const r = await call(h, ANN, 'POST', '/sync/v1/runs', { mode: 'delta', dryRun: value });
    expect([r.status, r.body.error.details[0].target]).toEqual([400, 'body/dryRun']);
  });

  test.each([
    ['PUT', '/sync/v1/settings', { ...DEFAULT_SETTINGS, scheduleMinutse: 5 }, 'body/scheduleMinutse'],
    ['POST', '/sync/v1/sender', { email: 'extra.prop@example.com', nmae: 'Typo' }, 'body/nmae'],
    ['POST', '/sync/v1/match-preview', { filter: {}, bogus: 1 }, 'body/bogus'],
    ['POST', '/sync/v1/runs', { mode: 'full', toString: 1 }, 'body/toString'],
  ] as const)('%s %s with an unknown property → 400 naming it', async (method, url, body, target) => {
    const r = await call(h, ANN, method, url, body);
    expect([r.status, r.body.error.details[0].target]).toEqual([400, target]);
  });

  test('query options are still read as numbers (?limit=5)', async () => {
    expect((await call(h, ANN, 'GET', '/sync/v1/runs?limit=5')).status).toBe(200);
  });
});
