import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { expectRouteTable } from '../support/every-route-server.js';
import { everyAccessOf, NO_RATE_LIMIT, startQuietServer } from '../support/quiet-server.js';
import type { QuietServer } from '../support/quiet-server.js';
import { endpointsServedBy } from './fuzz-inputs.js';
import type { Endpoint } from './fuzz-inputs.js';

// F67 (issue 10 §3): one bad id got 405, 400, 404 or 414 depending on the route. The rule (README
// "Limits"): a path parameter that can name nothing — longer than 500 characters, holding NUL, not
// percent-encoded UTF-8, or not a GUID where the key is one (BC's company, contact and
// countryRegion ids, the admin API's companyId) or not an Exchange id where it is a Graph contact or
// folder id (emulator/id-shape.ts) — is 400 with the error body naming the parameter
// (or, for a path the router could not split, the segment). A well-formed key naming nothing the
// caller may see stays 404 (or the route's own body/query refusal, or Graph's 403 for another
// user's mailbox). Every route with a path parameter, on the facade, the BC API and the Graph
// emulator, × the four kinds of bad key.

type Kind = 'tooLong' | 'nul' | 'notAGuid' | 'undecodable';
const KINDS: Record<Kind, string> = {
  tooLong: 'a'.repeat(501),
  nul: 'x%00y',
  notAGuid: 'not-a-guid',
  undecodable: '%E2%28%A1',
};

/** Keys that are GUIDs by definition: BC's SystemIds and the admin API's company id. */
const GUID_KEY = /\/companies\(\{cid\}\)|\/contacts\(\{id\}\)|countriesRegions\(\{id\}\)|\{companyId\}/;

interface Row {
  readonly route: string;
  readonly method: Endpoint['method'];
  readonly url: string;
  readonly auth: string;
  readonly guidKey: boolean;
  readonly graph: boolean;
}

describe('F67: a bad path key gets one answer on every route', () => {
  let server: QuietServer;
  const rows: Row[] = [];

  beforeAll(async () => {
    server = await startQuietServer('bcsync-keys-', { overrides: NO_RATE_LIMIT });
    const access = await everyAccessOf(server, 'ann@contoso.com');
    const endpoints = await endpointsServedBy(server, access);
    for (const e of endpoints) {
      // `{x}` is "any other segment" (the catch-alls), not a key.
      if (e.name.includes('{x}')) continue;
      const fixedCompany = `companies(${access.companyId})`;
      const bc = e.name.includes('/api/v2.0/companies(');
      const base = { route: e.name, method: e.method, auth: e.auth, graph: e.name.includes('/graph/') };
      for (const kind of Object.keys(KINDS) as Kind[]) {
        const bad = KINDS[kind];
        if (e.params > 0)
          rows.push({
            ...base,
            url: `${kind} ${e.url(Array<string>(e.params).fill(bad))}`,
            guidKey: GUID_KEY.test(e.name.replace(/companies\(\{cid\}\)/, '')),
          });
        // The BC API's company key, fixed by the route table: the same four kinds there too.
        const filled = e.url(Array<string>(e.params).fill('00000000-0000-0000-0000-000000000000'));
        if (bc && filled.includes(fixedCompany))
          rows.push({
            ...base,
            route: `${e.name} (cid)`,
            url: `${kind} ${filled.replace(fixedCompany, `companies(${bad})`)}`,
            guidKey: true,
          });
      }
    }
  });
  afterAll(async () => {
    await server.close();
  });

  async function answer(row: Row): Promise<{ status: number; code: string; message: string }> {
    const url = row.url.slice(row.url.indexOf(' ') + 1);
    const body = row.method === 'POST' || row.method === 'PUT' || row.method === 'PATCH';
    const res = await server.app.inject({
      method: row.method,
      url,
      headers: {
        authorization: row.auth,
        'if-match': '*',
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { payload: '{}' } : {}),
    });
    const error = (res.json() as { error?: { code?: string; message?: string } }).error;
    return { status: res.statusCode, code: error?.code ?? '', message: error?.message ?? '' };
  }

  test('the table holds every route with a key, on the facade, the BC API and Graph', () => {
    expectRouteTable(
      [...new Set(rows.map((r) => r.route))],
      [
        'GET /api/v2.0/companies({cid})',
        'GET /api/v2.0/companies({cid})/contacts (cid)',
        'PATCH /api/v2.0/companies({cid})/contacts({id})',
        'DELETE /api/v2.0/companies({cid})/contacts({id})',
        'GET /api/v2.0/companies({cid})/countriesRegions({id})',
        'GET /sync/v1/runs/{id}',
        'POST /sync/v1/conflicts/{bcId}/resolve',
        'PUT /admin/v1/companies/{companyId}/members/{user}',
        'GET /graph/v1.0/me/contacts/{id}',
        'GET /graph/v1.0/me/contactFolders/{id}/contacts',
      ],
      25,
    );
  });

  test('every route × {too long, NUL, not a GUID, not UTF-8}: 400 naming the key, or 404 for a well-formed key', async () => {
    const wrong: string[] = [];
    for (const row of rows) {
      const kind = row.url.slice(0, row.url.indexOf(' ')) as Kind;
      // A Graph contact or folder id that cannot be an Exchange id is 400 too (emulator/id-shape).
      const exchangeId = row.graph && !row.route.includes('/users/');
      const got = await answer(row);
      const named =
        kind === 'tooLong'
          ? row.graph
            ? /^Id is malformed: the (contact|contact folder|user) id is 501 characters long; at most 500/
            : /path parameter '\w+' is 501 characters long; at most 500|'a{501}' is not a valid \w+ id \(a GUID\)/
          : kind === 'nul'
            ? /U\+0000 \(NUL\) is not allowed in the path (parameter '\w+'|segment 'x%00y')/
            : kind === 'undecodable'
              ? /^The path segment '[^']*%E2%28%A1[^']*' is not valid percent-encoded UTF-8/
              : exchangeId
                ? /^Id is malformed: the (contact|contact folder) id is 10 characters long; an Exchange id has at least 16\.$/
                : /'not-a-guid' is not a valid (company|contact|countryRegion) id \(a GUID\)/;
      const keyRefused = kind !== 'notAGuid' || row.guidKey || exchangeId;
      const ok = keyRefused
        ? got.status === 400 && named.test(got.message)
        : // A well-formed key that names nothing: not found, another user's (Graph), or the
          // route's body/query refusal — never 405 or 414, and never a word about the key's length.
          [400, 403, 404].includes(got.status) &&
          !/characters long|percent-encoded|U\+0000/.test(got.message);
      if (!ok) wrong.push(`${row.route} ${kind}: ${got.status} ${got.code} ${got.message.slice(0, 160)}`);
    }
    expect(wrong).toEqual([]);
  });

  test('named example: a 501-character contact id is 400 naming the parameter, not 405 blaming the method', async () => {
    const row = rows.find(
      (r) => r.route === 'GET /api/v2.0/companies({cid})/contacts({id})' && r.url.startsWith('tooLong '),
    )!;
    const got = await answer(row);
    expect(got).toEqual({
      status: 400,
      code: 'BadRequest_InvalidKey',
      message: "The path parameter 'id' is 501 characters long; at most 500 are allowed.",
    });
  });
});
