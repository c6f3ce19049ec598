import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import { insertCompany, insertContact } from '../../src/store/bc-repository.js';
import { startFacade } from '../bc/harness.js';
import type { Facade } from '../bc/harness.js';
import { buildMigratedTemplate } from '../store/pglite-template.js';
import { person } from '../support/world.js';
import { ANN, ANN_UPN, call, ended, useSyncHarness } from './sync-harness.js';

// Issue 10 §2: every route × every principal that may not use it → the right status, an error
// body that says why, and none of the data. The positive rows prove the routes answer at all.

type Principal = { name: string; header: () => Promise<string | undefined>; status: number; code: RegExp };

const h = useSyncHarness();
let f: Facade;
let annRun = '';
const SECRET_CITY = 'Tromsø-only-in-anns-settings';

beforeAll(async () => {
  const { template } = await buildMigratedTemplate();
  f = await startFacade({ template, issuer: h.issuer });
  await call(h, ANN, 'PUT', '/sync/v1/settings', { ...DEFAULT_SETTINGS, filter: { city: SECRET_CITY } });
  h.bc.seed(person(1, { city: SECRET_CITY }));
  h.clock.advance(60_000);
  annRun = (await ended(h, ANN, (await call(h, ANN, 'POST', '/sync/v1/runs', { mode: 'full' })).body.run.id))
    .id;
  await insertContact(f.db, f.clock, f.company.id, { displayName: SECRET_CITY, city: SECRET_CITY });
});
afterAll(async () => {
  await h?.close();
  await f?.close();
});

const bearer = async (t: Promise<string>) => `Bearer ${await t}`;
const refusedPrincipals = (userRefusal: RegExp, appNoRole: RegExp): Principal[] => [
  {
    name: 'no token',
    header: async () => undefined,
    status: 401,
    code: /^Authentication_InvalidCredentials$/,
  },
  { name: 'garbage token', header: async () => 'Bearer abc.def.ghi', status: 401, code: /^Authentication_/ },
  {
    name: 'token for Graph (wrong audience)',
    header: () => bearer(h.issuer.userToken(ANN_UPN, 'graph')),
    status: 401,
    code: /^Authentication_/,
  },
  {
    name: 'expired token',
    header: () => bearer(h.issuer.userToken(ANN_UPN, 'facade', { lifetimeSeconds: -600 })),
    status: 401,
    code: /^Authentication_/,
  },
  {
    name: "Ann's token without the API's scope",
    header: () => bearer(h.issuer.userToken(ANN_UPN, 'facade', { scopes: ['User.Read'] })),
    status: 403,
    code: userRefusal,
  },
  {
    name: 'app token without any role',
    header: () => bearer(h.issuer.appToken('facade', [])),
    status: 403,
    code: appNoRole,
  },
  {
    name: 'app token with an unrelated role',
    header: () => bearer(h.issuer.appToken('facade', ['Contacts.ReadWrite'])),
    status: 403,
    code: appNoRole,
  },
];

async function expectRefused(app: FastifyInstance, method: string, url: string, p: Principal): Promise<void> {
  const header = await p.header();
  const res = await app.inject({
    method: method as 'GET',
    url,
    headers: { ...(header ? { authorization: header } : {}), 'content-type': 'application/json' },
    ...(method === 'GET' || method === 'DELETE' ? {} : { payload: '{}' }),
  });
  const row = `${p.name}: ${method} ${url}`;
  expect([row, res.statusCode]).toEqual([row, p.status]);
  const error = (res.json() as { error: { code: string; message: string } }).error;
  expect([row, error.code]).toEqual([row, expect.stringMatching(p.code)]);
  expect(error.message.length).toBeGreaterThan(10);
  expect(res.body).not.toContain(SECRET_CITY);
  expect(res.body).not.toContain(ANN);
  if (p.status === 401) expect(res.headers['www-authenticate']).toBe('Bearer');
}

/** A body the route at `url` takes, so a refusal is about who asks, not what was sent. */
const validBody = (url: string) =>
  url.endsWith('/bcsync.createdIds') ? '{"value":[]}' : '{"displayName":"x"}';

/** Every route of one company (`c`: its path), an entity's routes by `someId`. */
const companyRoutes = (c: string, someId: string) =>
  [
    ['GET', c],
    ['GET', `${c}/contacts`],
    ['POST', `${c}/contacts`],
    ['POST', `${c}/contacts/bcsync.createdIds`],
    ['GET', `${c}/contacts(${someId})`],
    ['PATCH', `${c}/contacts(${someId})`],
    ['DELETE', `${c}/contacts(${someId})`],
    ['GET', `${c}/countriesRegions`],
    ['POST', `${c}/countriesRegions`],
    ['GET', `${c}/countriesRegions(${someId})`],
    ['PATCH', `${c}/countriesRegions(${someId})`],
    ['DELETE', `${c}/countriesRegions(${someId})`],
  ] as const;

describe('sync API (/sync/v1): every route', () => {
  const syncRoutes = () => {
    const list = h.routes.filter((r) => r.url.startsWith('/sync/v1'));
    expect(list.length).toBeGreaterThan(20);
    return list.map((r) => ({ method: r.method, url: r.url.replace(/:(\w+)/g, () => annRun) }));
  };

  test.each(refusedPrincipals(/^Authorization_ScopeMissing$/, /^Authorization_UserRequired$/))(
    '$name → refused on every route, nothing shown',
    async (p) => {
      for (const r of syncRoutes()) await expectRefused(h.app, r.method, r.url, p);
    },
  );

  test("Ann's own token with Sync.ReadWrite reaches her data (the routes answer)", async () => {
    const r = await call(h, ANN, 'GET', '/sync/v1/settings');
    expect([r.status, r.body.filter]).toEqual([200, { city: SECRET_CITY }]);
  });
});

describe('company access admin API (/admin/v1): every route', () => {
  const adminRoutes = () => {
    const list = h.routes.filter((r) => r.url.startsWith('/admin/v1'));
    expect(list.map((r) => `${r.method} ${r.url}`).sort()).toEqual([
      'DELETE /admin/v1/companies/:companyId/members/:user',
      'GET /admin/v1/companies',
      'GET /admin/v1/companies/:companyId/members',
      'PUT /admin/v1/companies/:companyId/members/:user',
    ]);
    return list.map((r) => ({
      method: r.method,
      url: r.url.replace(':companyId', f.company.id).replace(':user', encodeURIComponent(ANN)),
    }));
  };
  const noAdmin: Principal[] = [
    ...refusedPrincipals(/^Authorization_ScopeMissing$/, /^Authorization_RoleMissing$/),
    {
      name: "Ann's pane token (the sync and BC scopes, not the admin scope)",
      header: () => bearer(h.issuer.userToken(ANN_UPN, 'facade')),
      status: 403,
      code: /^Authorization_ScopeMissing$/,
    },
    {
      name: 'the admin scope without the Memberships.Admin role',
      header: () => bearer(h.issuer.userToken(ANN_UPN, 'facade', { scopes: ['Memberships.ReadWrite'] })),
      status: 403,
      code: /^Authorization_RoleMissing$/,
    },
    {
      name: 'an app token with the BC API role only',
      header: () => bearer(h.issuer.appToken('facade', ['BC.ReadWrite.All'])),
      status: 403,
      code: /^Authorization_RoleMissing$/,
    },
  ];

  test.each(noAdmin)('$name → refused on every route, nothing shown', async (p) => {
    for (const r of adminRoutes()) await expectRefused(h.app, r.method, r.url, p);
  });
});

describe('BC API: only the companies the caller is a member of', () => {
  const OTHER_SECRET = 'Fabrikam-only-contact';
  let other = '';
  beforeAll(async () => {
    other = (await insertCompany(f.db, f.clock, { name: 'Fabrikam (not Ann’s)' })).id;
    await insertContact(f.db, f.clock, other, { displayName: OTHER_SECRET, city: OTHER_SECRET });
  });
  const as = async (header: string, method: string, url: string) => {
    const res = await f.app.inject({
      method: method as 'GET',
      url,
      headers: {
        authorization: header,
        ...(method === 'GET' || method === 'DELETE'
          ? { 'if-match': '*' }
          : { 'content-type': 'application/json' }),
      },
      ...(method === 'GET' || method === 'DELETE' ? {} : { payload: validBody(url) }),
    });
    return res;
  };

  test('Ann lists only her company; every route on the other company answers as if it did not exist', async () => {
    const ann = await bearer(h.issuer.userToken(ANN_UPN, 'facade'));
    const list = await as(ann, 'GET', '/api/v2.0/companies');
    expect((list.json() as { value: { id: string }[] }).value.map((c) => c.id)).toEqual([f.company.id]);
    const c = `/api/v2.0/companies(${other})`;
    const someId = '00000000-0000-4000-8000-000000000001';
    const missing = `/api/v2.0/companies(00000000-0000-4000-8000-0000000000ff)`;
    for (const [method, url] of companyRoutes(c, someId)) {
      const res = await as(ann, method, url);
      const row = `${method} ${url}`;
      expect([row, res.statusCode, (res.json() as { error: { code: string } }).error.code]).toEqual([
        row,
        404,
        'Internal_CompanyNotFound',
      ]);
      expect(res.body).not.toContain(OTHER_SECRET);
      // Same answer as a company that does not exist at all (only the id differs).
      const absent = await as(ann, method, url.replace(c, missing));
      expect(res.body.replace(other, '?')).toBe(absent.body.replace(missing.slice(20, 56), '?'));
    }
    expect(
      await f.db.query(`SELECT 1 FROM bc_contacts WHERE company_id = $1 AND display_name = 'x'`, [other]),
    ).toEqual({ rows: [] });
  });

  test('a user with no membership sees no company; an app with the role sees all', async () => {
    const bob = await bearer(h.issuer.userToken('bob@contoso.com', 'facade'));
    expect((await as(bob, 'GET', '/api/v2.0/companies')).json()).toMatchObject({ value: [] });
    expect((await as(bob, 'GET', `/api/v2.0/companies(${f.company.id})/contacts`)).statusCode).toBe(404);
    const app = await bearer(h.issuer.appToken('facade', ['BC.ReadWrite.All']));
    const all = (await as(app, 'GET', '/api/v2.0/companies')).json() as { value: { id: string }[] };
    expect(all.value.map((x) => x.id).sort()).toEqual([f.company.id, other].sort());
  });
});

describe('BC API (/api/v2.0): every route', () => {
  const urls = () => {
    const c = `/api/v2.0/companies(${f.company.id})`;
    const someId = '00000000-0000-4000-8000-000000000001';
    return [
      ['GET', '/api/v2.0/$metadata'],
      ['GET', '/api/v2.0/companies'],
      ...companyRoutes(c, someId),
      ['POST', '/api/v2.0/$batch'],
    ] as const;
  };

  test('the list covers every route pattern the plugin registers', async () => {
    const seen: string[] = [];
    const probe = (await import('fastify')).default();
    probe.addHook('onRoute', (r: RouteOptions) => {
      for (const m of [r.method].flat()) if (m !== 'HEAD') seen.push(`${m} ${r.url}`);
    });
    const { bcApiRoutes } = await import('../../src/server/bc-api/routes.js');
    await probe.register(bcApiRoutes, { ctx: f.ctx, prefix: '/api/v2.0' });
    await probe.ready();
    await probe.close();
    // One route per BC path (issue 13 §5); each is also registered with a trailing slash, and the
    // catch-all answers 404/405 for the rest after the same token check.
    const c = '/api/v2.0/companies(:cid(^[^()/]*))';
    const routes = [
      'GET /api/v2.0/$metadata',
      'GET /api/v2.0/companies',
      `GET ${c}`,
      `GET ${c}/contacts`,
      `POST ${c}/contacts`,
      `POST ${c}/contacts/bcsync.createdIds`,
      `GET ${c}/contacts(:id(^[^()/]*))`,
      `PATCH ${c}/contacts(:id(^[^()/]*))`,
      `DELETE ${c}/contacts(:id(^[^()/]*))`,
      `GET ${c}/countriesRegions`,
      `POST ${c}/countriesRegions`,
      `GET ${c}/countriesRegions(:id(^[^()/]*))`,
      `PATCH ${c}/countriesRegions(:id(^[^()/]*))`,
      `DELETE ${c}/countriesRegions(:id(^[^()/]*))`,
      'POST /api/v2.0/$batch',
    ];
    // $metadata and $batch are OData system resources, registered without the trailing-slash twin.
    const system = new Set(['GET /api/v2.0/$metadata', 'POST /api/v2.0/$batch']);
    const slashed = routes.filter((r) => !system.has(r)).map((r) => `${r}/`);
    const fallback = ['DELETE', 'GET', 'PATCH', 'POST'].map((m) => `${m} /api/v2.0/*`);
    expect(seen.sort()).toEqual([...routes, ...slashed, ...fallback].sort());
    expect(urls()).toHaveLength(routes.length);
  });

  test.each(refusedPrincipals(/^Authorization_ScopeMissing$/, /^Authorization_RoleMissing$/))(
    '$name → refused on every route, nothing shown',
    async (p) => {
      for (const [method, url] of urls()) await expectRefused(f.app, method, url, p);
    },
  );

  test.each([
    ['a user token with BC.ReadWrite', () => bearer(h.issuer.userToken(ANN_UPN, 'facade'))],
    ['an app token with BC.ReadWrite.All', () => bearer(h.issuer.appToken('facade', ['BC.ReadWrite.All']))],
  ])('%s reads the contacts', async (_name, header) => {
    const res = await f.app.inject({
      method: 'GET',
      url: `/api/v2.0/companies(${f.company.id})/contacts`,
      headers: { authorization: await header() },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(SECRET_CITY);
  });
});
