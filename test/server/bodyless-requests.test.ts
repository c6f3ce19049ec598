import { describe, expect, test } from '@jest/globals';
import { expectRouteTable, startEveryRouteServer } from '../support/every-route-server.js';
import { openedForTests } from '../support/opened.js';
import type { Endpoint } from './fuzz-inputs.js';

// Tester F52: `DELETE …/contacts(id)` with `Content-Type: application/json` and no body answered
// 400 "Body cannot be empty when content-type is set to 'application/json'" — clients (fetch
// wrappers, SDKs, curl scripts) send that header on every call. A request without content has no
// content type to honour: on every route of the facade, the BC API and the embedded Graph, and
// every method, a body-less request is answered exactly as the same request without the header.

const server = openedForTests(() => startEveryRouteServer('bcsync-bodyless-'));

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
    expect(new Set(server.endpoints.map((e) => e.method))).toEqual(
      new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
    );
    expectRouteTable(
      server.endpoints.map((e) => e.name),
      [
        'DELETE /api/v2.0/companies({cid})/contacts({id})',
        'DELETE /graph/v1.0/me/contacts/{id}',
        'POST /sync/v1/runs/{id}/cancel',
      ],
      40,
    );
  });

  test.each(['application/json', 'application/json; charset=utf-8', 'text/plain'])(
    'every route × method: %s changes nothing (same status and error code as without it)',
    async (contentType) => {
      const seen = [];
      const expected = [];
      for (const endpoint of server.endpoints) {
        seen.push({ route: endpoint.name, ...(await answer(endpoint, contentType)) });
        expected.push({ route: endpoint.name, ...(await answer(endpoint, null)) });
      }
      expect(seen).toEqual(expected);
      // None of them is the empty-body or media-type refusal.
      expect(seen.filter((s) => s.code === 'BadRequest_InvalidJson' || s.status === 415)).toEqual([]);
    },
  );

  test('F52 as reported: DELETE of a BC contact with Content-Type application/json and no body → 204', async () => {
    const created = await server.sendJson('POST', `/api/v2.0/companies(${server.companyId})/contacts`, {
      displayName: 'Deleted Without A Body',
    });
    expect(created.statusCode).toBe(201);
    const id = (created.json() as { id: string }).id;
    const deleted = await server.app.inject({
      method: 'DELETE',
      url: `/api/v2.0/companies(${server.companyId})/contacts(${id})`,
      headers: { authorization: server.facade, 'content-type': 'application/json', 'if-match': '*' },
    });
    expect(deleted.statusCode).toBe(204);
  });

  test('a body that is there is still parsed: an empty JSON object is not "no body"', async () => {
    const res = await server.sendJson('POST', '/sync/v1/settings/check', '{}');
    expect(res.statusCode).toBe(400);
    expect((res.json() as { error: { code: string } }).error.code).not.toBe('BadRequest_InvalidJson');
  });
});
