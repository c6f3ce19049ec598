import { beforeAll, describe, expect, test } from '@jest/globals';
import { KEY } from '../../src/server/bc-api/unknown-route.js';
import { ANN_UPN, useSyncHarness } from './sync-harness.js';
import { everyFacadeAccess } from '../support/quiet-server.js';

// Tester F108 (issue 10 §3: "wrong content type" answers in the shared shape): a `text/plain` body
// on a JSON route got 400 "body must be object" — Fastify's own text/plain parser handed the route
// a string. The kind: bodies in a content type the facade does not read. Table over every route
// that takes a body (POST, PUT, PATCH of the sync, BC, admin and internal APIs) × content types
// other than JSON → 415 UnsupportedMediaType with the error body, the handler never reached.

const ADMIN = 'content-types-admin-token-0123456789';
const GUID = '0b5a51c2-6d0e-4c9a-9a37-5d2f2f1b0c11';

/** Content types a client (or a web page's simple request) sends that are not JSON. */
const NOT_JSON = [
  'text/plain',
  'text/plain; charset=utf-8',
  'text/html',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'image/png',
];

const h = useSyncHarness({ adminToken: ADMIN });
let auth = '';

beforeAll(async () => {
  auth = await everyFacadeAccess(h.issuer, ANN_UPN);
});

/** Every route that takes a body, once per method and pattern, with a concrete URL. */
function bodyRoutes(): Array<[string, string]> {
  const seen = new Set<string>();
  const out: Array<[string, string]> = [];
  for (const r of h.routes) {
    if (!['POST', 'PUT', 'PATCH'].includes(r.method) || r.url.startsWith('/docs') || r.url.endsWith('/'))
      continue;
    // A BC key's pattern (`:cid(^[^()/]*)`) goes first: its parameter is then named like the rest.
    const url = r.url
      .split(KEY)
      .join('')
      .replace(/:[A-Za-z]+/g, GUID);
    const key = `${r.method} ${url}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push([r.method, url]);
  }
  return out;
}

const credentials = (url: string): Record<string, string> =>
  url.startsWith('/internal') ? { 'x-admin-token': ADMIN } : { authorization: auth };

describe('a body that is not JSON: 415 with the error body on every route that takes one (F108)', () => {
  test('the table covers the sync, state, BC, admin and internal APIs', () => {
    const urls = bodyRoutes().map(([m, u]) => `${m} ${u}`);
    expect(urls.length).toBeGreaterThan(30);
    for (const route of [
      'POST /sync/v1/match-preview',
      'PUT /sync/v1/settings',
      'POST /sync/v1/state/links',
      `PATCH /api/v2.0/companies(${GUID})/contacts(${GUID})`,
      'POST /api/v2.0/$batch',
      `PUT /admin/v1/companies/${GUID}/members/${GUID}`,
      'POST /internal/runs',
    ])
      expect(urls).toContain(route);
  });

  test('every route × every content type', async () => {
    const wrong: string[] = [];
    for (const [method, url] of bodyRoutes())
      for (const type of NOT_JSON) {
        const res = await h.app.inject({
          method: method as 'POST',
          url,
          headers: { 'content-type': type, ...credentials(url) },
          payload: '{"filter":{}}',
        });
        const body = res.json() as { error?: { code?: string; message?: string } };
        const ok =
          res.statusCode === 415 &&
          body.error?.code === 'UnsupportedMediaType' &&
          body.error.message === `The content type '${type}' is not accepted here; send application/json.`;
        if (!ok) wrong.push(`${method} ${url} [${type}] → ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    expect(wrong).toEqual([]);
  });

  test('the example: text/plain on POST /sync/v1/match-preview is 415, JSON still answers', async () => {
    const send = (type: string) =>
      h.app.inject({
        method: 'POST',
        url: '/sync/v1/match-preview',
        headers: { authorization: auth, 'content-type': type },
        payload: '{"filter":{"city":"Oslo"}}',
      });
    const plain = await send('text/plain');
    expect({ status: plain.statusCode, body: plain.json() }).toEqual({
      status: 415,
      body: {
        error: {
          code: 'UnsupportedMediaType',
          message: "The content type 'text/plain' is not accepted here; send application/json.",
          // A sync API refusal carries its reason as data (issue 13 §2): the type as sent.
          reason: { kind: 'unsupportedMediaType', contentType: 'text/plain', contentTypeLength: 10 },
          details: [
            {
              target: 'header.content-type',
              message: expect.any(String),
              reason: { kind: 'unsupportedMediaType', contentType: 'text/plain', contentTypeLength: 10 },
            },
          ],
        },
      },
    });
    expect((await send('application/json')).statusCode).toBe(200);
    expect((await send('application/json; charset=utf-8')).statusCode).toBe(200);
  });
});

// Attacker pass, fault 3: `application/json; charset=utf-16` was accepted and read as UTF-8. The
// kind: a JSON body whose declared charset is not the one it is read in. Every body route × charsets.
const OTHER_CHARSETS = [
  'application/json; charset=utf-16',
  'application/json; charset=ISO-8859-1',
  'application/json;charset="UTF-16LE"',
];
const UTF8_NAMED = ['application/json; charset=UTF-8', 'application/json; charset="utf-8"'];

describe('a JSON body in a charset other than UTF-8: 415 on every route that takes one', () => {
  const send = (method: string, url: string, type: string, payload: string | Buffer) =>
    h.app.inject({
      method: method as 'POST',
      url,
      headers: { 'content-type': type, ...credentials(url) },
      payload,
    });

  test('every route × every other charset is 415; utf-8 named any way is read', async () => {
    const wrong: string[] = [];
    for (const [method, url] of bodyRoutes()) {
      for (const type of OTHER_CHARSETS) {
        const res = await send(method, url, type, '{"filter":{}}');
        const body = res.json() as { error?: { code?: string; message?: string } };
        const charset = type.split('=')[1]!.replaceAll('"', '');
        const ok =
          res.statusCode === 415 &&
          body.error?.code === 'UnsupportedMediaType' &&
          body.error.message?.includes(`'${charset}'`) === true;
        if (!ok) wrong.push(`${method} ${url} [${type}] → ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
      for (const type of UTF8_NAMED) {
        const res = await send(method, url, type, '{"filter":{}}');
        if (res.statusCode === 415) wrong.push(`${method} ${url} [${type}] → 415 ${res.body.slice(0, 120)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  test('the example: a UTF-16 body on POST /sync/v1/match-preview is 415, not read as UTF-8', async () => {
    const type = 'application/json; charset=utf-16';
    const res = await send(
      'POST',
      '/sync/v1/match-preview',
      type,
      Buffer.from('{"filter":{"city":"Oslo"}}', 'utf16le'),
    );
    expect({ status: res.statusCode, body: res.json() }).toEqual({
      status: 415,
      body: {
        error: {
          code: 'UnsupportedMediaType',
          message:
            "The charset 'utf-16' is not accepted here; send application/json in UTF-8 (charset=utf-8 or none).",
          reason: { kind: 'unsupportedCharset', charset: 'utf-16', charsetLength: 6 },
          details: [
            {
              target: 'header.content-type',
              message: expect.any(String),
              reason: { kind: 'unsupportedCharset', charset: 'utf-16', charsetLength: 6 },
            },
          ],
        },
      },
    });
  });
});
