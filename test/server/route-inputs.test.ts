import { beforeAll, describe, expect, test } from '@jest/globals';
import AjvCompiler from '@fastify/ajv-compiler';
import type { RouteOptions } from 'fastify';
import { routeOnlyApp } from '../support/dev-app.js';
import { expectRouteTable, startEveryRouteServer } from '../support/every-route-server.js';
import { openedForTests } from '../support/opened.js';
import type { Endpoint } from './fuzz-inputs.js';

// Fresh-eyes pass: input a route does not read was dropped without a word — PUT …/members/{user}
// with a body property, `$top` on GET …/members. Table over every route the running facade serves
// (its OpenAPI document, built from the registered routes; the registered schemas from buildApp):
// what a route does not read is refused with a 400 naming it (README "Limits").

const server = openedForTests(() => startEveryRouteServer('bcsync-route-inputs-'));
let registered: RouteOptions[] = [];
beforeAll(async () => {
  const built = await routeOnlyApp({
    cli: { adminToken: 'x'.repeat(32), manager: {} as never, users: {} as never },
  });
  registered = built.routes;
  await built.app.close();
});

const isFacade = (e: Endpoint) => /^\w+ \/(sync|admin)\/v1\//.test(e.name);
const isBcApi = (e: Endpoint) => e.name.includes(' /api/v2.0/') && !e.name.endsWith('/{x}');
const facade = () => server.endpoints.filter(isFacade);

/** The registered route behind an endpoint (`{id}` → `:id`). */
function routeOf(e: Endpoint): RouteOptions {
  const [method, path] = e.name.split(' ') as [string, string];
  const url = path.replace(/\{(\w+)\}/g, ':$1');
  const found = registered.find((r) => r.url === url && [r.method].flat().includes(method as never));
  if (!found) throw new Error(`no registered route for ${e.name}`);
  return found;
}

/** Path parameters that reach the handler (the demo company, a user who signed in). */
function urlOf(e: Endpoint, ids: Record<string, string> = {}): string {
  const all = [...(e.name.match(/\{(\w+)\}/g) ?? [])].map((p) => p.slice(1, -1));
  // The table fixes `cid` on the BC API routes it lists by hand (fuzz-inputs.ts), not on the others.
  const names = all.length > e.params ? all.filter((n) => n !== 'cid') : all;
  const value: Record<string, string> = {
    companyId: server.companyId,
    cid: server.companyId,
    // A user key of nobody: a write that read past its input changes no one's access.
    user: '00000000-0000-4000-8000-00000000aa09:00000000-0000-4000-8000-00000000bb09',
    ...ids,
  };
  return e.url(names.map((n) => value[n] ?? 'r-1'));
}

type Answer = {
  status: number;
  body: { error?: { code?: string; message?: string; details?: { target: string }[] } };
};
async function send(
  e: Endpoint,
  url: string,
  payload?: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const res = await server.app.inject({
    method: e.method,
    url,
    headers: {
      authorization: e.auth,
      ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(payload === undefined ? {} : { payload }),
  });
  return { status: res.statusCode, body: res.body.startsWith('{') ? (res.json() as Answer['body']) : {} };
}
type Validate = {
  (data: unknown): boolean;
  errors?: { keyword: string; params: Record<string, unknown> }[] | null;
};
// Fastify's own compiler (validation.ts) with all errors: one for a missing required property comes first.
const compiler = AjvCompiler()(
  {},
  { customOptions: { allErrors: true, allowUnionTypes: true, coerceTypes: false, removeAdditional: false } },
);
const compiled = (schema: unknown, httpPart: string): Validate =>
  compiler({ schema, method: 'POST', url: '/', httpPart } as never) as never as Validate;
/** Whether the errors refuse the property `zzUnknown` as unknown. */
const unknownIn = (errors: Validate['errors']) =>
  (errors ?? []).some(
    (v) => v.keyword === 'additionalProperties' && v.params.additionalProperty === 'zzUnknown',
  );
const targets = (a: Answer) => (a.body.error?.details ?? []).map((d) => d.target);

describe('every route with a body refuses a property it does not know (400 naming it)', () => {
  test('facade routes: a closed body schema, or no body schema and no body taken', async () => {
    const withBody = facade().filter((e) => e.hasBody || e.method === 'DELETE');
    expectRouteTable(
      withBody.map((e) => e.name),
      [
        'PUT /admin/v1/companies/{companyId}/members/{user}',
        'POST /sync/v1/runs',
        'POST /sync/v1/runs/{id}/cancel',
      ],
      20,
    );
    const rows = [];
    for (const e of withBody) {
      const schema = routeOf(e).schema?.body;
      let refused: boolean;
      if (schema !== undefined) {
        const validate = compiled(schema, 'body');
        validate({ zzUnknown: 1 });
        refused = unknownIn(validate.errors);
      } else {
        const a = await send(e, urlOf(e), '{"zzUnknown":1}');
        refused = a.status === 400 && targets(a).includes('body/zzUnknown');
      }
      rows.push({ route: e.name, refused });
    }
    expect(rows.filter((r) => !r.refused)).toEqual([]);
  });

  test('the example: PUT …/members/{user} with {"role":"admin"} → 400 naming body/role, nobody granted', async () => {
    const members = `/admin/v1/companies/${server.companyId}/members`;
    const key = '00000000-0000-4000-8000-00000000aa01:00000000-0000-4000-8000-00000000bb02';
    const put = await server.sendJson('PUT', `${members}/${key}`, { role: 'admin' });
    expect([put.statusCode, put.json().error.details]).toEqual([
      400,
      [
        {
          target: 'body/role',
          message: "'role' is not a property of body",
          reason: { kind: 'unknownProperty', property: 'role', propertyLength: 4 },
        },
      ],
    ]);
    const listed = (
      await server.app.inject({ url: members, headers: { authorization: server.facade } })
    ).json();
    expect(listed.value.map((m: { userId: string }) => m.userId)).not.toContain(key);
    // Not a JSON object at all: refused too; `{}` and no body are what clients send on every call.
    const list = await server.sendJson('PUT', `${members}/${key}`, '[1]');
    expect([list.statusCode, list.json().error.details[0].target]).toEqual([400, 'body']);
    expect((await server.sendJson('PUT', `${members}/${key}`, '{}')).statusCode).toBe(201);
  });
});

describe('every route refuses a query parameter it does not support (400 naming it)', () => {
  test('facade routes: ?zzUnknown=1 (beside the options a route requires) → 400 querystring/zzUnknown', async () => {
    expectRouteTable(
      facade().map((e) => e.name),
      ['GET /admin/v1/companies/{companyId}/members', 'GET /sync/v1/me', 'GET /sync/v1/state/runs'],
      40,
    );
    const rows = [];
    for (const e of facade()) {
      const query = routeOf(e).schema?.querystring as { required?: string[] } | undefined;
      const required = Object.fromEntries((query?.required ?? []).map((n) => [n, 'x']));
      let refused: boolean;
      if (e.hasBody) {
        // Fastify checks the body before the query: the route's own query schema, all errors.
        const validate = compiled(query ?? {}, 'querystring');
        validate({ ...required, zzUnknown: '1' });
        refused = unknownIn(validate.errors);
      } else {
        const a = await send(e, `${urlOf(e)}?${new URLSearchParams({ ...required, zzUnknown: '1' })}`);
        refused = a.status === 400 && targets(a).includes('querystring/zzUnknown');
      }
      rows.push({ route: e.name, refused });
    }
    expect(rows.filter((r) => !r.refused)).toEqual([]);
  });

  test('the example: GET …/members?$top=1 → 400 naming querystring/$top (was the whole list)', async () => {
    const a = await server.app.inject({
      url: `/admin/v1/companies/${server.companyId}/members?$top=1`,
      headers: { authorization: server.facade },
    });
    expect([a.statusCode, a.json().error.details[0]]).toEqual([
      400,
      {
        target: 'querystring/$top',
        message: "'$top' is not a property of querystring",
        reason: { kind: 'unknownProperty', property: '$top', propertyLength: 4 },
      },
    ]);
  });

  // Read first: a route that reads past its input may change what Ann can see.
  const ids = { contact: '', country: '' };
  beforeAll(async () => {
    const list = (
      await server.app.inject({
        url: `/api/v2.0/companies(${server.companyId})/contacts?$top=1`,
        headers: { authorization: server.facade },
      })
    ).json() as { value: { id: string }[] };
    const countries = (
      await server.app.inject({
        url: `/api/v2.0/companies(${server.companyId})/countriesRegions?$top=1`,
        headers: { authorization: server.facade },
      })
    ).json() as { value: { id: string }[] };
    ids.contact = list.value[0]!.id;
    ids.country = countries.value[0]!.id;
  });

  test('BC API routes (OData): an unknown $-option → 400 BadRequest naming it', async () => {
    const bc = server.endpoints.filter(isBcApi);
    expectRouteTable(
      bc.map((e) => e.name),
      [
        'GET /api/v2.0/companies',
        'GET /api/v2.0/$metadata',
        'DELETE /api/v2.0/companies({cid})/contacts({id})',
      ],
      10,
    );
    // Writes name a contact that is not there: an option read past would answer 404, not write.
    const absent = '00000000-0000-4000-8000-0000000000c1';
    const rows = [];
    for (const e of bc) {
      const id = e.name.includes('countriesRegions')
        ? ids.country
        : e.method === 'GET'
          ? ids.contact
          : absent;
      const a = await send(e, `${urlOf(e, { id })}?$zzz=1`, e.hasBody ? '{}' : undefined, {
        'if-match': '*',
      });
      rows.push({
        route: e.name,
        answer: [a.status, a.body.error?.code],
        named: (a.body.error?.message ?? '').includes('$zzz'),
      });
    }
    expect(rows.filter((r) => r.answer[0] !== 400 || !r.named)).toEqual([]);
  });
});

describe('a malformed path parameter is a 400 naming it, never a 404', () => {
  /** Where the answer says the parameter was: the BC API names the key's segment, the admin API the parameter. */
  const targetOf = (route: string, name: string): string | null => {
    if (route.includes('/api/v2.0/'))
      return name === 'cid' ? 'company' : route.includes('countriesRegions') ? 'countryRegion' : 'contact';
    if (route.includes('/admin/v1/')) return `params/${name}`;
    // The sync API's ids are opaque text the engine made (run ids; BC ids of any BC source):
    // no value is malformed, an unknown one is 404 RunNotFound / ConflictNotFound.
    return null;
  };
  const valid = (name: string): string =>
    name === 'user'
      ? '00000000-0000-4000-8000-00000000aa09:00000000-0000-4000-8000-00000000bb09'
      : name === 'cid' || name === 'companyId'
        ? server.companyId
        : '00000000-0000-4000-8000-0000000000c1';

  test('every keyed route: each GUID or user parameter sent malformed → 400 with its target', async () => {
    // Not the BC API's catch-all (any path under a company that is not a route is 404) nor Graph
    // (the emulator's own malformed-id rule, test/emulator/malformed-ids).
    const keyed = server.endpoints.filter(
      (e) => /\{\w+\}/.test(e.name) && !e.name.endsWith('/{x}') && !e.name.includes('/graph/'),
    );
    expectRouteTable(
      keyed.map((e) => e.name),
      ['PUT /admin/v1/companies/{companyId}/members/{user}', 'GET /api/v2.0/companies({cid})/contacts({id})'],
      15,
    );
    const rows = [];
    for (const e of keyed) {
      const path = e.name.split(' ')[1]!;
      for (const name of [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)) {
        const target = targetOf(e.name, name);
        if (target === null) continue;
        const url = path.replace(/\{(\w+)\}/g, (_, n: string) => (n === name ? 'not%20a%20key!' : valid(n)));
        const a = await send(e, url, e.hasBody ? '{}' : undefined, { 'if-match': '*' });
        rows.push({ route: e.name, param: name, answer: a.status, named: targets(a).includes(target) });
      }
    }
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.filter((r) => r.answer !== 400 || !r.named)).toEqual([]);
  });

  test.each([
    ['any text', 'hello world'],
    ['markup', '<script>alert(1)</script>'],
    ['a name without a domain', 'bob'],
  ])(
    'the example: a member that is neither a UPN nor a user key (%s) → 400 params/user, not 404',
    async (_n, who) => {
      const a = await server.sendJson(
        'PUT',
        `/admin/v1/companies/${server.companyId}/members/${encodeURIComponent(who)}`,
        '{}',
      );
      expect([a.statusCode, a.json().error.details[0].target]).toEqual([400, 'params/user']);
      expect(a.json().error.message).toContain(who);
    },
  );
});

describe('a BC API query option refused names itself (OData error details: target, position where known)', () => {
  const deep = `${'('.repeat(40)}city eq 'x'${')'.repeat(40)}`;
  // [option, value, position]: each kind of refusal the options' readers have.
  const CASES: readonly (readonly [string, string, number | null])[] = [
    ['$filter', "city eq 'Dublin' and ", 21],
    ['$filter', "shoeSize eq 'x'", null],
    ['$filter', deep, null],
    ['$filter', `city eq '${'x'.repeat(5000)}'`, null],
    ['$select', 'displayName,,city', 12],
    ['$select', 'displayName, shoeSize', 13],
    ['$orderby', 'city sideways', 0],
    ['$orderby', 'city,shoeSize desc', 5],
    ['$top', '-1', null],
    ['$skip', 'x', null],
    ['$skiptoken', '!!!', null],
    ['$zzz', '1', null],
  ];
  const collections = () => [
    `/api/v2.0/companies(${server.companyId})/contacts`,
    '/api/v2.0/companies',
    `/api/v2.0/companies(${server.companyId})/countriesRegions`,
  ];

  test('every collection × option refusal: 400 with a detail targeting the option', async () => {
    const rows = [];
    for (const url of collections()) {
      // companies and countriesRegions serve the paging options only: the rest is refused unsupported.
      for (const [option, value, position] of CASES) {
        const res = await server.app.inject({
          url: `${url}?${option}=${encodeURIComponent(value)}`,
          headers: { authorization: server.facade },
        });
        const error = (
          res.json() as { error: { details?: { target: string; reason?: { position?: number } }[] } }
        ).error;
        const detail = error.details?.[0];
        const contacts = url.endsWith('/contacts');
        rows.push({
          url: url.replace(server.companyId, '{cid}'),
          option,
          status: res.statusCode,
          target: detail?.target ?? null,
          position: contacts && position !== null ? (detail?.reason?.position ?? null) : position,
        });
      }
    }
    expect(rows.length).toBe(36);
    const wrong = rows.filter(
      (r, i) => r.status !== 400 || r.target !== r.option || r.position !== CASES[i % CASES.length]![2],
    );
    expect(wrong).toEqual([]);
  });

  test('the example: a malformed $filter names $filter and the position', async () => {
    const res = await server.app.inject({
      url: `/api/v2.0/companies(${server.companyId})/contacts?$filter=${encodeURIComponent("city eq 'Dublin' and ")}`,
      headers: { authorization: server.facade },
    });
    const message = "Syntax error at position 21 in '$filter': expected a value.";
    expect([res.statusCode, res.json()]).toEqual([
      400,
      {
        error: {
          code: 'BadRequest',
          message,
          details: [
            // The option as shown and its length as sent (inputParams, 9a582858).
            {
              target: '$filter',
              message,
              reason: { kind: 'queryOption', option: '$filter', optionLength: 7, position: 21 },
            },
          ],
        },
      },
    ]);
  });
});
