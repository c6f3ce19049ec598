import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { NO_RATE_LIMIT, startQuietServer } from '../support/quiet-server.js';
import type { QuietServer } from '../support/quiet-server.js';
import { DEMO_COMPANY_ID } from '../../src/store/demo-seed.js';

// Issue 10 §2: memberships per user and company, seeded for the demo user, managed by an admin
// role through the admin API, documented in the README section the 403 text names (tester F2: the
// section did not exist). On `npm start`'s wiring (dev mode, PGlite).

let server: QuietServer;
const BOB = 'bob@contoso.com';
const members = `/admin/v1/companies/${DEMO_COMPANY_ID}/members`;

beforeAll(async () => {
  server = await startQuietServer('bcsync-access-', { overrides: NO_RATE_LIMIT });
});
afterAll(async () => {
  await server?.close();
});

async function as(token: string, method: 'GET' | 'PUT' | 'DELETE' | 'POST', url: string, body?: unknown) {
  const res = await server.app.inject({
    method,
    url,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.statusCode, body: (res.body === '' ? null : res.json()) as any };
}
const user = (upn: string) => server.ctx.devIssuer!.userToken(upn, 'facade');
/** The dev token route's administrator token (README "Company access"). */
const admin = async () =>
  (await server.app.inject({ url: '/dev/token?user=admin@contoso.com&admin=1' })).json()
    .access_token as string;

describe('company access', () => {
  test('F2: the README section the 403 names exists and documents the admin API', async () => {
    const refused = await as(await user(BOB), 'POST', '/sync/v1/runs', { mode: 'delta' });
    expect(refused.status).toBe(403);
    const named = /README "([^"]+)"/.exec(refused.body.error.message)?.[1];
    expect(named).toBe('Company access');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.split(/^#+ /m).find((s) => s.startsWith(`${named}\n`)) ?? '';
    for (const route of [
      'GET',
      'PUT',
      'DELETE',
      '/admin/v1/companies/{companyId}/members',
      'Memberships.Admin',
    ])
      expect(section).toContain(route);
  });

  test('the demo user is seeded; an admin grants Bob, who then sees the company; revoking ends it', async () => {
    const a = await admin();
    const listed = await as(a, 'GET', members);
    expect(listed.status).toBe(200);
    expect(listed.body.value).toEqual([
      expect.objectContaining({ userId: devUserKey('ann@contoso.com'), grantedBy: 'demo seed' }),
    ]);
    const bob = await user(BOB);
    expect((await as(bob, 'GET', '/api/v2.0/companies')).body.value).toEqual([]);

    const granted = await as(a, 'PUT', `${members}/${encodeURIComponent(BOB)}`);
    expect([granted.status, granted.body]).toEqual([
      201,
      {
        userId: devUserKey(BOB),
        upn: BOB,
        grantedAt: expect.any(String),
        grantedBy: expect.stringMatching(/^user .* \(admin@contoso\.com\)$/),
      },
    ]);
    expect((await as(a, 'PUT', `${members}/${devUserKey(BOB)}`)).status).toBe(200);
    const seen = await as(bob, 'GET', '/api/v2.0/companies');
    expect(seen.body.value.map((c: { id: string }) => c.id)).toEqual([DEMO_COMPANY_ID]);
    expect((await as(bob, 'GET', `/api/v2.0/companies(${DEMO_COMPANY_ID})/contacts?$top=1`)).status).toBe(
      200,
    );

    expect((await as(a, 'DELETE', `${members}/${encodeURIComponent(BOB)}`)).status).toBe(204);
    expect((await as(bob, 'GET', '/api/v2.0/companies')).body.value).toEqual([]);
    const again = await as(a, 'DELETE', `${members}/${encodeURIComponent(BOB)}`);
    expect([again.status, again.body.error.code]).toEqual([404, 'BadRequest_NotFound']);
    // Ann is untouched.
    expect((await as(a, 'GET', members)).body.value.map((m: { userId: string }) => m.userId)).toEqual([
      devUserKey('ann@contoso.com'),
    ]);
  });

  test('a daemon with Memberships.ReadWrite.All grants; the record says which app', async () => {
    const app = await server.ctx.devIssuer!.appToken('facade', ['Memberships.ReadWrite.All']);
    const r = await as(app, 'PUT', `${members}/${devUserKey('carol@contoso.com')}`);
    expect([r.status, r.body.grantedBy]).toEqual([201, expect.stringMatching(/^app /)]);
  });

  test('bad company ids: not a GUID → 400, unknown → 404; who may not: 403 with the reason', async () => {
    const a = await admin();
    expect((await as(a, 'GET', '/admin/v1/companies/nope/members')).status).toBe(400);
    const unknown = await as(a, 'GET', '/admin/v1/companies/00000000-0000-4000-8000-0000000000ff/members');
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'Internal_CompanyNotFound']);
    // Ann's pane token: no admin scope. The scope without the user's role: refused too.
    const ann = await as(await user('ann@contoso.com'), 'PUT', `${members}/${encodeURIComponent(BOB)}`);
    expect([ann.status, ann.body.error.code]).toEqual([403, 'Authorization_ScopeMissing']);
    const scoped = await server.ctx.devIssuer!.userToken(BOB, 'facade', {
      scopes: ['Memberships.ReadWrite'],
    });
    const self = await as(scoped, 'PUT', `${members}/${encodeURIComponent(BOB)}`);
    expect([self.status, self.body.error.code]).toEqual([403, 'Authorization_RoleMissing']);
    expect(self.body.error.message).toMatch(/Memberships\.Admin/);
    expect((await as(await user(BOB), 'GET', '/api/v2.0/companies')).body.value).toEqual([]);
  });

  test.each([
    // Neither a UPN nor a user key: malformed, so 400 naming params/user (was 404, fresh-eyes pass).
    ['any text (dev mode used to make a user of it)', 'hello world', 400],
    ['markup', '<script>alert(1)</script>', 400],
    ['a UPN that never signed in', 'nobody@contoso.com', 404],
    ['a key that is not two GUIDs', 'tenant:someone', 400],
    ['a key with one GUID', `${DEMO_COMPANY_ID}:x`, 400],
  ])('item 4: a member that is not a known user is refused, nothing granted: %s', async (_n, who, status) => {
    const a = await admin();
    const r = await as(a, 'PUT', `${members}/${encodeURIComponent(who)}`);
    expect([r.status, r.body.error.code]).toEqual([
      status,
      status === 400 ? 'BadRequest' : 'BadRequest_NotFound',
    ]);
    expect(r.body.error.message).toContain(who);
    expect(r.body.error.message).toMatch(/<tenant id>:<object id>/);
    const listed = (await as(a, 'GET', members)).body.value as { upn: string }[];
    expect(listed.map((m) => m.upn)).not.toContain(who);
  });
});
