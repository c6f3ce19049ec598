import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { everyAccessOf, NO_RATE_LIMIT, startQuietServer } from '../support/quiet-server.js';
import type { QuietServer } from '../support/quiet-server.js';
import { endpointsServedBy } from './fuzz-inputs.js';
import type { Endpoint } from './fuzz-inputs.js';

// Tester F52: `DELETE …/contacts(id)` with `Content-Type: application/json` and no body answered
// 400 "Body cannot be empty when content-type is set to 'application/json'" — clients (fetch
// wrappers, SDKs, curl scripts) send that header on every call. A request without content has no
// content type to honour: on every route of the facade, the BC API and the embedded Graph, and
// every method, a body-less request is answered exactly as the same request without the header.

let server: QuietServer;
let endpoints: Endpoint[];
let auth: string;
let companyId: string;
beforeAll(async () => {
  server = await startQuietServer('bcsync-bodyless-', { overrides: NO_RATE_LIMIT });
  const access = await everyAccessOf(server, 'ann@contoso.com');
  auth = access.facade;
  companyId = access.companyId;
  endpoints = await endpointsServedBy(server, access);
});
afterAll(async () => {
  await server.close();
});

/** Status and error code of a body-less request, with or without a Content-Type. */
async function answer(endpoint: Endpoint, contentType: string | null) {
  const res = await server.app.inject({
    method: endpoint.method,
    url: endpoint.url(Array.from({ length: endpoint.params }, () => 'x')),
    headers: {
      authorization: endpoint.auth,
      'content-length': '0',
      ...(contentType === null ? {} : { 'content-type': contentType }),
    },
  });
  // Answers that are not JSON ($metadata's XML, 204s) have no error code.
  const json = String(res.headers['content-type'] ?? '').startsWith('application/json');
  const code = json ? (res.json() as { error?: { code?: string } }).error?.code : null;
  return { status: res.statusCode, code: code ?? null };
}

describe('a request without a body, whatever Content-Type it names', () => {
  test('the table covers every method on the facade, the BC API and Graph', () => {
    expect(new Set(endpoints.map((e) => e.method))).toEqual(
      new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
    );
    expect(endpoints.map((e) => e.name)).toEqual(
      expect.arrayContaining([
        'DELETE /api/v2.0/companies({cid})/contacts({id})',
        'DELETE /graph/v1.0/me/contacts/{id}',
        'POST /sync/v1/runs/{id}/cancel',
      ]),
    );
    expect(endpoints.length).toBeGreaterThan(40);
  });

  test.each(['application/json', 'application/json; charset=utf-8', 'text/plain'])(
    'every route × method: %s changes nothing (same status and error code as without it)',
    async (contentType) => {
      const seen = [];
      const expected = [];
      for (const endpoint of endpoints) {
        seen.push({ route: endpoint.name, ...(await answer(endpoint, contentType)) });
        expected.push({ route: endpoint.name, ...(await answer(endpoint, null)) });
      }
      expect(seen).toEqual(expected);
      // None of them is the empty-body or media-type refusal.
      expect(seen.filter((s) => s.code === 'BadRequest_InvalidJson' || s.status === 415)).toEqual([]);
    },
  );

  test('F52 as reported: DELETE of a BC contact with Content-Type application/json and no body → 204', async () => {
    const created = await server.app.inject({
      method: 'POST',
      url: `/api/v2.0/companies(${companyId})/contacts`,
      headers: { authorization: auth, 'content-type': 'application/json' },
      payload: { displayName: 'Deleted Without A Body' },
    });
    expect(created.statusCode).toBe(201);
    const id = (created.json() as { id: string }).id;
    const deleted = await server.app.inject({
      method: 'DELETE',
      url: `/api/v2.0/companies(${companyId})/contacts(${id})`,
      headers: { authorization: auth, 'content-type': 'application/json', 'if-match': '*' },
    });
    expect(deleted.statusCode).toBe(204);
  });

  test('a body that is there is still parsed: an empty JSON object is not "no body"', async () => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/sync/v1/settings/check',
      headers: { authorization: auth, 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(res.statusCode).toBe(400);
    expect((res.json() as { error: { code: string } }).error.code).not.toBe('BadRequest_InvalidJson');
  });
});
