import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { KEY } from '../../src/server/bc-api/unknown-route.js';
import { ErrorBody } from '../../src/server/error-schema.js';
import { routeOnlyApp } from '../support/dev-app.js';

// Issue 13 §5: one OpenAPI document for the BC API and the sync API, browsable at /docs.

interface Operation {
  parameters?: { in: string; name: string }[];
  requestBody?: { content: Record<string, { schema: object }> };
  responses: Record<string, unknown>;
  tags?: string[];
}
type Doc = { openapi: string; paths: Record<string, Record<string, Operation>> };

let app: FastifyInstance;
let routes: RouteOptions[] = [];

beforeAll(async () => {
  // Route registration and the document touch no database.
  ({ app, routes } = await routeOnlyApp());
});
afterAll(() => app.close());

const API_PREFIXES = ['/api/v2.0/', '/sync/v1/', '/admin/v1/'];

/** A Fastify route URL as OpenAPI writes it: `:id` → `{id}`, BC's `(:cid(regex))` → `({cid})`. */
function openApiPath(url: string): string {
  return url
    .split(KEY)
    .join('')
    .replace(/:(\w+)/g, '{$1}');
}

/** The API routes a client builds on: not the trailing-slash twins nor the BC catch-all. */
function apiRoutes(): { method: string; path: string; route: RouteOptions }[] {
  return routes
    .filter((r) => API_PREFIXES.some((p) => r.url.startsWith(p)))
    .filter((r) => !r.url.endsWith('/') && !r.url.endsWith('*'))
    .flatMap((route) =>
      [route.method]
        .flat()
        .filter((m) => m !== 'HEAD')
        .map((m) => ({ method: m.toLowerCase(), path: openApiPath(route.url), route })),
    );
}

async function documentAt(url: string): Promise<Doc> {
  const r = await app.inject({ url });
  expect(r.statusCode).toBe(200);
  return r.json();
}

describe('the OpenAPI document', () => {
  test('every BC API and sync API route is in it, with its schemas', async () => {
    const doc = await documentAt('/docs/json');
    expect(doc.openapi).toMatch(/^3\./);
    const list = apiRoutes();
    // Both APIs are there (the BC API once was a regex router no document could show): 11 BC routes since
    // 9f10e83 dropped contactChanges/serverTime (BC's change tracking replaces them) and 1758e7c added $batch.
    expect(list.filter((r) => r.path.startsWith('/api/v2.0/')).length).toBeGreaterThanOrEqual(11);
    expect(list.filter((r) => r.path.startsWith('/sync/v1/')).length).toBeGreaterThanOrEqual(40);
    // The company access admin API (issue 10 §2): list, grant, revoke; and the companies (F87).
    expect(
      list
        .filter((r) => r.path.startsWith('/admin/v1/'))
        .map((r) => r.method)
        .sort(),
    ).toEqual(['delete', 'get', 'get', 'put']);
    for (const { method, path, route } of list) {
      const op = doc.paths[path]?.[method];
      const where = `${method.toUpperCase()} ${path}`;
      expect({ where, documented: op !== undefined }).toEqual({ where, documented: true });
      if (!op) continue;
      const schema = (route.schema ?? {}) as Record<string, { properties?: object } | undefined>;
      const named = (place: string) => (op.parameters ?? []).filter((p) => p.in === place).map((p) => p.name);
      expect({ where, tags: (op.tags ?? []).length > 0 }).toEqual({ where, tags: true });
      expect({ where, path: named('path').sort() }).toEqual({
        where,
        path: Object.keys(schema.params?.properties ?? {}).sort(),
      });
      // …and they are the ones the path names (the BC routes read them from their url, route-kit.ts).
      expect({ where, path: named('path').sort() }).toEqual({
        where,
        path: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort(),
      });
      expect({ where, query: named('query').sort() }).toEqual({
        where,
        query: Object.keys(schema.querystring?.properties ?? {}).sort(),
      });
      expect({ where, body: op.requestBody?.content['application/json'] !== undefined }).toEqual({
        where,
        body: schema.body !== undefined,
      });
      if (schema.response)
        expect({ where, responses: Object.keys(op.responses).map((c) => c.toLowerCase()) }).toEqual({
          where,
          responses: Object.keys(schema.response).map((c) => c.toLowerCase()),
        });
    }
    // …and nothing else: no health, metrics, dev issuer or CLI route.
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m} ${p}`),
    );
    expect(documented.sort()).toEqual(list.map((r) => `${r.method} ${r.path}`).sort());
  });

  // The serializer writes what the response schema names (test/support/serialized-answers.ts guards
  // that nothing is lost); a route without one answers whatever its handler returns, undocumented.
  // Every refusal is the one error body (server/error-schema.ts), declared as each route's 4xx.
  test('every BC API, sync API and admin API route has 2xx and 4xx answer schemas, shown in the document', async () => {
    const doc = await documentAt('/docs/json');
    const list = apiRoutes();
    const lacking = (pattern: RegExp) =>
      list
        .filter(({ route }) => {
          const response = (route.schema as { response?: object } | undefined)?.response ?? {};
          return !Object.keys(response).some((code) => pattern.test(code));
        })
        .map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(lacking(/^2/)).toEqual([]);
    expect(lacking(/^4/)).toEqual([]);
    for (const { method, path, route } of list) {
      const codes = Object.keys(doc.paths[path]?.[method]?.responses ?? {});
      const where = `${method} ${path}`;
      expect({ where, ok: codes.some((c) => /^2/.test(c)) }).toEqual({ where, ok: true });
      expect({ where, refusals: codes.some((c) => /^4/.test(c)) }).toEqual({ where, refusals: true });
      // The one error body, wherever the route is: code and message, details with their reasons.
      const answers = (route.schema as { response: Record<string, unknown> }).response;
      expect({ where, body: answers['4xx'] }).toEqual({ where, body: ErrorBody });
    }
  });

  test("BC's key segments read as BC writes them: companies({cid})/contacts({id})", async () => {
    const doc = await documentAt('/docs/json');
    const contact = doc.paths['/api/v2.0/companies({cid})/contacts({id})'];
    expect(Object.keys(contact ?? {}).sort()).toEqual(['delete', 'get', 'patch']);
    expect(contact?.patch?.parameters?.filter((p) => p.in === 'path').map((p) => p.name)).toEqual([
      'cid',
      'id',
    ]);
  });

  test('the same document at /docs/openapi.json', async () => {
    expect(await documentAt('/docs/openapi.json')).toEqual(await documentAt('/docs/json'));
  });
});

describe('/docs', () => {
  test('serves Swagger UI from this origin, under the CSP every other page gets', async () => {
    const page = await app.inject({ url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const scripts = [...page.body.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts).toEqual(expect.arrayContaining(['/docs/static/swagger-ui-bundle.js']));
    for (const src of scripts) {
      const r = await app.inject({ url: src });
      expect({ src, status: r.statusCode, type: r.headers['content-type'] }).toEqual({
        src,
        status: 200,
        type: expect.stringMatching(/javascript/),
      });
    }
    const other = await app.inject({ url: '/healthz' });
    expect(page.headers['content-security-policy']).toBe(other.headers['content-security-policy']);
  });
});
