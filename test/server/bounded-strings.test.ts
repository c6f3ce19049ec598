/**
 * Reviewer: the BC API's `$batch` took an operation id of a megabyte (and sent it back), and a
 * megabyte `Prefer` header of an operation; the CLI's `POST /internal/runs` took a user of any
 * length. The kind: a string a client sends in a body has a limit of its own (README Limits), and
 * past it a 400 whose detail names where. A table over every route's body schema (each string says
 * its maxLength, or is one of a closed list), the bodies read by hand named apart with their tests.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { parseCommandLine, UsageError } from '../../src/cli/arguments.js';
import { MAX_USER_NAME_LENGTH } from '../../src/platform/server-options.js';
import { BATCH_STRING_LIMITS } from '../../src/server/bc-api/batch-strings.js';
import { companyPath, facadeCall, withFacade } from '../bc/harness.js';
import type { Facade } from '../bc/harness.js';
import { routeOnlyApp, routesWithBodies } from '../support/dev-app.js';

type Schema = Record<string, unknown>;

/** JSON Pointers of the string schemas in `schema` with no bound on their length. */
function unbounded(schema: unknown, at = ''): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const s = schema as Schema;
  const out: string[] = [];
  const isString = [s.type].flat().includes('string');
  if (isString && s.maxLength === undefined && s.enum === undefined && s.const === undefined)
    out.push(at || '/');
  for (const [k, v] of Object.entries((s.properties as Schema | undefined) ?? {}))
    out.push(...unbounded(v, `${at}/${k}`));
  if (s.items) out.push(...unbounded(s.items, `${at}/*`));
  for (const key of ['anyOf', 'oneOf', 'allOf'])
    for (const [i, v] of ((s[key] as unknown[] | undefined) ?? []).entries())
      out.push(...unbounded(v, `${at}|${i}`));
  if (typeof s.additionalProperties === 'object') out.push(...unbounded(s.additionalProperties, `${at}/{}`));
  return out;
}

/**
 * Bodies whose strings the handler bounds itself, as BC does, each with its test: a contact's
 * fields (BC's field lengths, 400 Application_StringExceededLength naming the field:
 * bc-field-lengths.test) and `$batch` (its operations' strings: below).
 */
const READ_BY_HAND = [
  /^POST \/api\/v2\.0\/companies\(.*\)\/contacts\/?$/,
  /^PATCH \/api\/v2\.0\/companies\(.*\)\/contacts\(:id.*\)\/?$/,
  /^POST \/api\/v2\.0\/\$batch\/?$/,
];

describe('every string of every route body has a limit', () => {
  const bodied = routesWithBodies();

  test('maxLength (or an enum) on each string schema, but for the bodies read by hand', () => {
    const withBody = bodied.routes;
    expect(withBody.length).toBeGreaterThan(20);
    const rows = withBody
      .map((r) => ({
        route: `${[r.method].flat().join()} ${r.url}`,
        unbounded: unbounded((r.schema as Schema).body),
      }))
      .filter((row) => !READ_BY_HAND.some((re) => re.test(row.route)));
    expect(rows.filter((row) => row.unbounded.length > 0)).toEqual([]);
    // Each hand-read pattern still names a route (a renamed route does not leave its body unchecked).
    for (const re of READ_BY_HAND)
      expect(withBody.some((r) => re.test(`${[r.method].flat().join()} ${r.url}`))).toBe(true);
  });
});

describe('$batch: an operation string past its limit → 400 naming where, nothing run', () => {
  let f: Facade;
  withFacade((facade) => {
    f = facade;
  });
  const over = (n: number) => 'x'.repeat(n + 1);
  const contacts = () => `${companyPath(f)}/contacts?$top=1`;

  test.each([
    ['id', () => ({ id: over(BATCH_STRING_LIMITS.id), method: 'GET', url: contacts() }), 'requests[1].id'],
    [
      'url',
      () => ({ id: 'b', method: 'GET', url: `${contacts()}&$select=${over(BATCH_STRING_LIMITS.url)}` }),
      'requests[1].url',
    ],
    [
      'a header value (Prefer)',
      () => ({
        id: 'b',
        method: 'GET',
        url: contacts(),
        headers: { Prefer: over(BATCH_STRING_LIMITS.headerValue) },
      }),
      'requests[1].headers.Prefer',
    ],
    [
      'a header value not passed on',
      () => ({
        id: 'b',
        method: 'GET',
        url: contacts(),
        headers: { 'x-any': over(BATCH_STRING_LIMITS.headerValue) },
      }),
      'requests[1].headers.x-any',
    ],
    [
      'a header name',
      () => ({
        id: 'b',
        method: 'GET',
        url: contacts(),
        headers: { [over(BATCH_STRING_LIMITS.headerName)]: '1' },
      }),
      'requests[1].headers',
    ],
  ] as const)('%s', async (_what, second, target) => {
    const r = await facadeCall(f, 'POST', '/api/v2.0/$batch', {
      requests: [{ id: 'a', method: 'GET', url: contacts() }, second()],
    });
    expect([r.status, r.body.error.code, r.body.error.details]).toEqual([
      400,
      'BadRequest',
      [{ target, message: expect.stringMatching(/^at most \d+ characters$/) }],
    ]);
    // The refusal quotes no more than the limit names (an id of a megabyte was sent back whole).
    expect(JSON.stringify(r.body).length).toBeLessThan(1000);
  });

  test('named: an operation id of 1,000,000 characters → 400 requests[0].id (was 200 echoing it)', async () => {
    const r = await facadeCall(f, 'POST', '/api/v2.0/$batch', {
      requests: [{ id: 'x'.repeat(1_000_000), method: 'GET', url: contacts() }],
    });
    expect([r.status, r.body.error.details[0].target]).toEqual([400, 'requests[0].id']);
  });

  test('at the limits an operation runs', async () => {
    const r = await facadeCall(f, 'POST', '/api/v2.0/$batch', {
      requests: [
        {
          id: 'i'.repeat(BATCH_STRING_LIMITS.id),
          method: 'GET',
          url: contacts(),
          headers: { prefer: `odata.maxpagesize=1${' '.repeat(BATCH_STRING_LIMITS.headerValue - 19)}` },
        },
      ],
    });
    expect([r.status, r.body.responses[0].status]).toEqual([200, 200]);
  });
});

describe('the CLI route /internal/runs', () => {
  let app: FastifyInstance;
  const token = 'x'.repeat(32);
  beforeAll(async () => {
    ({ app } = await routeOnlyApp({ cli: { adminToken: token, manager: {} as never, users: {} as never } }));
  });
  afterAll(() => app.close());

  test('a user of 321 characters → 400 naming body/user', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/internal/runs',
      headers: { 'x-admin-token': token },
      payload: { user: `${'u'.repeat(309)}@contoso.com`, mode: 'delta' },
    });
    expect([r.statusCode, r.json().error.details[0].target]).toEqual([400, 'body/user']);
  });

  test.each([['sync', '--mode', 'full'], ['doctor']])(
    '%s --user of 321 characters is bad input (exit 2) before a request (was a failed run, exit 1)',
    (command, ...rest) => {
      const user = `${'u'.repeat(MAX_USER_NAME_LENGTH - 11)}@contoso.com`;
      expect(() => parseCommandLine([command, '--user', user, ...rest])).toThrow(UsageError);
      expect(() => parseCommandLine([command, '--user', user.slice(1), ...rest])).not.toThrow();
    },
  );
});
