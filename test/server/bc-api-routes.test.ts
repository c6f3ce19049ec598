import { describe, expect, test } from '@jest/globals';
import { buildApp } from '../../src/server/app.js';
import { insertCompany } from '../../src/store/bc-repository.js';
import { grantMembership } from '../../src/store/company-members.js';
import { devUserKey } from '../../src/server/auth/dev-issuer.js';
import { companyPath, createdContact, facadeCall, withFacade } from '../bc/harness.js';
import type { Facade, FacadeMethod } from '../bc/harness.js';

let f: Facade;
let contacts: string;

withFacade((facade) => {
  f = facade;
  contacts = `${companyPath(f)}/contacts`;
});

type Body = Record<string, unknown> & { error?: { code: string; message: string } };

const call = (method: FacadeMethod, url: string, payload?: object, headers: Record<string, string> = {}) =>
  facadeCall<Body>(f, method, url, payload, headers);

const create = (fields: Record<string, unknown>) =>
  createdContact<Body & { id: string; '@odata.etag': string }>(f, contacts, fields);

describe('auth and routing', () => {
  test('no or bad bearer token → 401 with a BC-style body', async () => {
    const res = await f.app.inject({ method: 'GET', url: '/api/v2.0/companies' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.json()).toMatchObject({ error: { code: 'Authentication_InvalidCredentials' } });
    const bad = await f.app.inject({
      method: 'GET',
      url: contacts,
      headers: { authorization: 'Bearer nope' },
    });
    expect(bad.statusCode).toBe(401);
  });

  test('companies list and one company, with @odata.context and etags', async () => {
    const list = await call('GET', '/api/v2.0/companies');
    expect(list.status).toBe(200);
    expect(list.body['@odata.context']).toBe('http://localhost:80/api/v2.0/$metadata#companies');
    expect(list.body.value).toEqual([expect.objectContaining({ id: f.company.id, name: 'CRONUS Test' })]);
    const one = await call('GET', `/api/v2.0/companies(${f.company.id})`);
    expect(one.body).toMatchObject({ id: f.company.id, '@odata.etag': expect.stringMatching(/^W\//) });
  });

  test('unknown company → 404 Internal_CompanyNotFound; unknown contact → 404 Internal_RecordNotFound', async () => {
    const missing = '11111111-2222-4333-8444-555555555555';
    const c = await call('GET', `/api/v2.0/companies(${missing})/contacts`);
    expect(c.status).toBe(404);
    expect(c.body.error?.code).toBe('Internal_CompanyNotFound');
    const r = await call('GET', `${contacts}(${missing})`);
    expect(r.status).toBe(404);
    expect(r.body.error?.code).toBe('Internal_RecordNotFound');
    const bad = await call('GET', `${contacts}(not-a-guid)`);
    expect(bad.status).toBe(400);
    const route = await call('GET', `/api/v2.0/companies(${f.company.id})/vendors`);
    expect(route.status).toBe(404);
    const method = await call('DELETE', `/api/v2.0/companies(${f.company.id})`);
    expect(method.status).toBe(405);
  });

  test('percent-encoded parentheses route too', async () => {
    const r = await call('GET', `/api/v2.0/companies%28${f.company.id}%29/contacts?$top=1`);
    expect(r.status).toBe(200);
  });
});

describe('contacts CRUD', () => {
  test('POST → 201 with @odata.context, @odata.etag, number and every field', async () => {
    const r = await call('POST', contacts, {
      displayName: 'Ann Lee',
      firstName: 'Ann',
      surname: 'Lee',
      email: 'ann@lee.example',
      territoryCode: 'NORTH',
    });
    expect(r.status).toBe(201);
    expect(r.body['@odata.context']).toBe(
      `http://localhost:80/api/v2.0/$metadata#companies(${f.company.id})/contacts/$entity`,
    );
    expect(r.body['@odata.etag']).toMatch(/^W\/"[A-Za-z0-9+/=]+"$/);
    expect(r.body).toMatchObject({
      number: expect.stringMatching(/^CT\d{6}$/),
      type: 'Person',
      displayName: 'Ann Lee',
      searchName: 'ANN LEE',
      lastModifiedDateTime: '2026-03-01T08:00:00.000Z',
      territoryCode: 'NORTH',
      privacyBlocked: false,
      lastInteractionDate: '0001-01-01',
    });
    expect(r.headers.location).toBe(`http://localhost:80${contacts}(${String(r.body.id)})`);
    const got = await call('GET', `${contacts}(${String(r.body.id)})`);
    expect(got.body).toEqual(r.body);
  });

  test('POST without displayName, with bad values or unknown / read-only properties → 400', async () => {
    const noName = await call('POST', contacts, { email: 'x@y.z' });
    expect(noName.status).toBe(400);
    expect(noName.body.error?.message).toBe('A "displayName" must be provided.');
    const long = await call('POST', contacts, { displayName: 'L', city: 'x'.repeat(31) });
    expect(long.status).toBe(400);
    expect(long.body.error?.code).toBe('Application_StringExceededLength');
    expect(long.body.error?.message).toMatch(/city.*30|30.*city/is);
    const mail = await call('POST', contacts, { displayName: 'M', email: 'not an e-mail' });
    expect(mail.status).toBe(400);
    expect(mail.body.error?.code).toBe('Application_InvalidEmail');
    // F70: the embedded store refuses what BC's E-Mail validation refuses.
    for (const email of ['x<y>@example.com', 'x@example..com', 'x@example.com.']) {
      const refused = await call('POST', contacts, { displayName: 'M', email });
      expect([refused.status, refused.body.error?.code]).toEqual([400, 'Application_InvalidEmail']);
    }
    const unknown = await call('POST', contacts, { displayName: 'U', shoeSize: '42' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error?.code).toBe('BadRequest_PropertyNotFound');
    expect(unknown.body.error?.message).toContain('shoeSize');
    for (const field of ['id', 'number', 'lastModifiedDateTime', 'searchName']) {
      const ro = await call('POST', contacts, { displayName: 'R', [field]: 'x' });
      expect(ro.status).toBe(400);
      expect(ro.body.error?.message).toContain(field);
    }
    const wrongType = await call('POST', contacts, { displayName: 'T', privacyBlocked: 'yes' });
    expect(wrongType.status).toBe(400);
    const badKind = await call('POST', contacts, { displayName: 'T', type: 'Robot' });
    expect(badKind.status).toBe(400);
    const notJson = await f.app.inject({
      method: 'POST',
      url: contacts,
      headers: { authorization: f.auth, 'content-type': 'application/json' },
      payload: '{oops',
    });
    expect(notJson.statusCode).toBe(400);
  });

  test('PATCH needs If-Match: missing → 400, stale → 409, current or * → 200 with the full entity', async () => {
    const c = await create({ displayName: 'Pat Doe', email: 'pat@doe.example' });
    const url = `${contacts}(${c.id})`;
    const missing = await call('PATCH', url, { jobTitle: 'Buyer' });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toEqual({
      code: 'BadRequest_InvalidToken',
      message:
        'Could not validate the client concurrency token required by the service. Please provide a valid token in the client request.',
    });
    f.clock.advance(1000);
    const ok = await call('PATCH', url, { jobTitle: 'Buyer' }, { 'if-match': c['@odata.etag'] });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      jobTitle: 'Buyer',
      displayName: 'Pat Doe',
      lastModifiedDateTime: '2026-03-01T08:00:01.000Z',
    });
    expect(ok.body['@odata.etag']).not.toBe(c['@odata.etag']);
    const stale = await call('PATCH', url, { jobTitle: 'x' }, { 'if-match': c['@odata.etag'] });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toEqual({
      code: 'Request_EntityChanged',
      message: 'Another user has already changed the record.',
    });
    const star = await call('PATCH', url, { city: 'Oslo' }, { 'if-match': '*' });
    expect(star.status).toBe(200);
    const blank = await call('PATCH', url, { displayName: '' }, { 'if-match': '*' });
    expect(blank.status).toBe(400);
    const missingContact = await call(
      'PATCH',
      `${contacts}(11111111-2222-4333-8444-555555555555)`,
      { city: 'x' },
      { 'if-match': '*' },
    );
    expect(missingContact.status).toBe(404);
  });

  test('DELETE needs If-Match; 204, then the contact is gone', async () => {
    const c = await create({ displayName: 'Del Me' });
    const url = `${contacts}(${c.id})`;
    expect((await call('DELETE', url)).body.error?.code).toBe('BadRequest_InvalidToken');
    expect((await call('DELETE', url, undefined, { 'if-match': 'W/"bogus"' })).status).toBe(409);
    const del = await call('DELETE', url, undefined, { 'if-match': c['@odata.etag'] });
    expect(del.status).toBe(204);
    expect((await call('GET', url)).status).toBe(404);
    expect((await call('DELETE', url, undefined, { 'if-match': '*' })).status).toBe(404);
  });
});

describe('wiring', () => {
  test('buildApp mounts the BC API at /api/v2.0', async () => {
    const app = await buildApp({ ctx: f.ctx });
    try {
      const res = await app.inject({ method: 'GET', url: contacts, headers: { authorization: f.auth } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ '@odata.context': expect.stringContaining('/contacts') });
    } finally {
      await app.close();
    }
  });

  test("the BC tests' facade (test/bc/harness.ts) is buildApp's app, not a copy of its wiring (issue 13)", async () => {
    // A bare Fastify with the BC API alone has neither /healthz nor the shared security headers.
    const health = await f.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    const res = await f.app.inject({ method: 'GET', url: contacts, headers: { authorization: f.auth } });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    // BC's Date is its own clock (the harness's ManualClock), as the upstream facade reads it.
    expect(res.headers.date).toBe(new Date(f.clock.now()).toUTCString());
  });
});

describe('a second company is separate', () => {
  test('contacts of one company are not visible in another', async () => {
    const other = await insertCompany(f.db, f.clock, { name: 'Other Ltd.' });
    await grantMembership(f.db, devUserKey('ann@contoso.com'), other.id, 'test');
    const r = await call('GET', `/api/v2.0/companies(${other.id})/contacts`);
    expect(r.body.value).toEqual([]);
  });
});
