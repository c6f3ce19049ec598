import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mountEmbeddedGraph } from '../../src/server/embedded/graph.js';
import type { EmbeddedGraph } from '../../src/server/embedded/graph.js';
import { STATE_BODY_LIMITS } from '../../src/server/sync/state.js';
import { MAX_OBJECT_MEMBERS, jsonParseWork, valuesFor } from '../../src/platform/json-bounds.js';
import { ANN_UPN, syncHarness } from './sync-harness.js';
import type { SyncHarness } from './sync-harness.js';
import { everyFacadeAccess } from '../support/quiet-server.js';

// Issue 10 §3, tester F91: a signed-in user (no company needed) sent an 8 MB JSON body of 800,000
// keys to any route, one that 404s too: 5.7 s of CPU, /healthz blocked. The kind: work done on a
// body before the route decides it wants it. Table over every route of the facade (sync, BC,
// admin, internal, dev) and of the embedded Graph emulator × {8 MB, deep nesting, many members,
// many values, no auth}: a 4xx (or, for a route that takes no body, an answer that ignored it),
// and bounded parse work — counted (json-bounds.ts jsonParseWork), not timed.

const ADMIN = 'hostile-bodies-admin-token-0123456789';
const GUID = '0b5a51c2-6d0e-4c9a-9a37-5d2f2f1b0c11';
const GRAPH_ID = `AAMkAGI2${'A'.repeat(40)}=`;

/** 800,000 keys, about 9.5 MB: the tester's body. */
const manyKeys = (keys: number): string => {
  const parts: string[] = [];
  for (let i = 0; i < keys; i++) parts.push(`"k${i}":1`);
  return `{${parts.join(',')}}`;
};
const EIGHT_MB = manyKeys(800_000);
/** Within every route's byte limit, each refused by one bound of the shape scan. */
const DEEP = `${'['.repeat(4000)}${']'.repeat(4000)}`;
const MEMBERS = manyKeys(MAX_OBJECT_MEMBERS + 1);
/** The largest route limit's value bound, plus one: over every route's bytes or values. */
const LARGEST_LIMIT = STATE_BODY_LIMITS.entries;
const VALUES = `[${'1,'.repeat(valuesFor(LARGEST_LIMIT))}1]`;

let h: SyncHarness;
let graph: EmbeddedGraph | null = null;
const dir = mkdtempSync(join(tmpdir(), 'bcsync-hostile-'));
let facadeAuth = '';
let graphAuth = '';

beforeAll(async () => {
  h = await syncHarness({
    adminToken: ADMIN,
    mount: async (app, issuer) => {
      graph = await mountEmbeddedGraph(app, issuer, dir, ADMIN, null);
    },
  });
  // A user with every scope and the admin role, but no company: the tester's principal and more.
  facadeAuth = await everyFacadeAccess(h.issuer, ANN_UPN);
  graphAuth = `Bearer ${await h.issuer.userToken(ANN_UPN, 'graph')}`;
});
afterAll(async () => {
  await graph?.stop();
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A concrete URL for a route pattern: ids for parameters, a Graph resource for wildcards. */
function concrete(url: string): string {
  return url
    .replace(/\/\*$/, '/me/contacts')
    .replace(/\(:[^)]+\)/g, `(${GUID})`)
    .replace(/:[A-Za-z]+/g, GUID);
}

/** What each route is called with: the credential its part of the app wants. */
function credentials(url: string, signedIn: boolean): Record<string, string> {
  if (!signedIn) return {};
  if (url.startsWith('/internal') || url.startsWith('/_emulator')) return { 'x-admin-token': ADMIN };
  if (url.startsWith('/graph/')) return { authorization: graphAuth };
  return { authorization: facadeAuth };
}

type Answer = { status: number; scanned: number; parsed: number };

async function send(method: string, url: string, body: string, signedIn: boolean): Promise<Answer> {
  const before = { ...jsonParseWork };
  const res = await h.app.inject({
    method: method as 'POST',
    url,
    headers: { 'content-type': 'application/json', ...credentials(url, signedIn) },
    payload: body,
  });
  return {
    status: res.statusCode,
    scanned: jsonParseWork.scanned - before.scanned,
    parsed: jsonParseWork.parsed - before.parsed,
  };
}

/** Every route (not the OpenAPI UI's static files), and Graph calls of every kind. */
function targets(): Array<[string, string]> {
  const seen = new Set<string>();
  const out: Array<[string, string]> = [];
  for (const r of h.routes) {
    if (r.url.startsWith('/docs') || r.url.endsWith('/')) continue;
    const key = `${r.method} ${r.url}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push([r.method, concrete(r.url)]);
  }
  for (const [m, p] of [
    ['POST', '/me/contacts'],
    ['PATCH', `/me/contacts/${GRAPH_ID}`],
    ['PUT', `/me/contacts/${GRAPH_ID}/photo/$value`],
    ['POST', '/me/contactFolders'],
    ['POST', `/users/${ANN_UPN}/contactFolders/${GRAPH_ID}/contacts`],
    ['POST', '/$batch'],
    ['DELETE', `/me/contacts/${GRAPH_ID}`],
    ['POST', `/me/contactFolders/${GRAPH_ID}/permanentDelete`],
    ['POST', '/me/nowhere'],
  ] as const)
    out.push([m, `/graph/v1.0${p}`]);
  // Routes that do not exist: a path, and a method a path does not have.
  out.push(['POST', '/sync/v1/no-such-route'], ['PATCH', '/healthz'], ['POST', '/nowhere']);
  return out;
}

const HOSTILE: Array<[string, string]> = [
  ['an 8 MB body of 800,000 keys', EIGHT_MB],
  ['4,000 levels of nesting', DEEP],
  [`an object of ${MAX_OBJECT_MEMBERS + 1} members`, MEMBERS],
  [`${valuesFor(LARGEST_LIMIT) + 1} values`, VALUES],
];

describe('every route × hostile body: a 4xx, and no body is parsed whole', () => {
  test('the table covers the facade, the BC API, admin, internal, dev and Graph routes', () => {
    const urls = targets().map(([, u]) => u);
    for (const prefix of [
      '/sync/v1/',
      '/api/v2.0/',
      '/admin/v1/',
      '/internal/',
      '/dev/',
      '/graph/v1.0/',
      '/_emulator/',
    ])
      expect(urls.some((u) => u.startsWith(prefix))).toBe(true);
    expect(urls.length).toBeGreaterThan(60);
  });

  for (const [name, body] of HOSTILE)
    test(`${name}, signed in: 4xx or the body ignored, JSON.parse never reached`, async () => {
      const wrong: string[] = [];
      for (const [method, url] of targets()) {
        const a = await send(method, url, body, true);
        // GET never reads a body (Fastify): whatever it answers (here without a database), it
        // scanned nothing. Every other answer to these bodies is a refusal, after a scan of at most
        // the route's own limit.
        const refused = a.status >= 400 && a.status < 500;
        if (method === 'GET' ? a.scanned > 0 : !refused || a.parsed > 0 || a.scanned > LARGEST_LIMIT)
          wrong.push(`${method} ${url}: ${a.status}, scanned ${a.scanned}, parsed ${a.parsed}`);
      }
      expect(wrong).toEqual([]);
    });

  test('no credentials: refused before a byte of the body is scanned, on every route', async () => {
    const wrong: string[] = [];
    for (const [method, url] of targets()) {
      if (url === '/healthz' || url.startsWith('/dev/') || url.startsWith('/readyz') || url === '/metrics')
        continue;
      for (const [, body] of HOSTILE) {
        const a = await send(method, url, body, false);
        if (a.scanned > 0 || (method !== 'GET' && (a.status < 400 || a.status >= 500)))
          wrong.push(`${method} ${url}: ${a.status}, scanned ${a.scanned}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('F91 as the tester saw it', () => {
  test('a signed-in user without a company: 800,000 keys to a route that 404s → 404, nothing parsed', async () => {
    const a = await send('POST', '/sync/v1/no-such-route', EIGHT_MB, true);
    expect(a).toEqual({ status: 404, scanned: 0, parsed: 0 });
  });

  /** PUT /sync/v1/settings with `body` as JSON, as Ann with every access: `status`, and `error` as the body's. */
  const expectSettingsRefused = async (body: string, status: number, error: object) => {
    const res = await h.app.inject({
      method: 'PUT',
      url: '/sync/v1/settings',
      headers: { 'content-type': 'application/json', authorization: facadeAuth },
      payload: body,
    });
    expect(res.statusCode).toBe(status);
    // A sync API refusal carries its reason as data; with no finer one, its code (issue 13 §2).
    const { code, reason, details } = error as { code: string; reason?: object; details?: unknown[] };
    expect(res.json()).toEqual({
      error: { ...error, reason: reason ?? { kind: code }, ...(details ? { details } : {}) },
    });
  };

  test('the same body to a route that takes one → 413 from its Content-Length, nothing parsed', async () => {
    await expectSettingsRefused(EIGHT_MB, 413, {
      code: 'RequestEntityTooLarge',
      message: `The request body is larger than ${256 * 1024} bytes.`,
    });
  });

  test('the embedded Graph: to a contact → 413, to an unknown path → 400 unparsed, no token → 401', async () => {
    expect((await send('POST', '/graph/v1.0/me/contacts', EIGHT_MB, true)).status).toBe(413);
    expect(await send('POST', '/graph/v1.0/me/nowhere', EIGHT_MB, true)).toEqual({
      status: 400,
      scanned: 0,
      parsed: 0,
    });
    expect(await send('POST', '/graph/v1.0/me/contacts', EIGHT_MB, false)).toEqual({
      status: 401,
      scanned: 0,
      parsed: 0,
    });
  });

  const MEMBERS_REASON = { kind: 'members', limit: 1000, offset: expect.any(Number) };
  test('a refusal of the shape says the limit and where', async () => {
    await expectSettingsRefused(MEMBERS, 400, {
      code: 'BadRequest_TooManyMembers',
      message: expect.stringMatching(/more than 1000 members \(at character \d+\); at most 1000/) as unknown,
      // The limit and where as data, for the pane's words.
      reason: MEMBERS_REASON,
      details: [{ target: 'body', message: expect.any(String), reason: MEMBERS_REASON }],
    });
  });
});
