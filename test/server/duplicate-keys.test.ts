import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { duplicateKey } from '../../src/platform/json-duplicate-keys.js';
import { ANN_UPN, syncHarness } from './sync-harness.js';
import type { SyncHarness } from './sync-harness.js';
import { everyFacadeAccess } from '../support/quiet-server.js';

// panepolish item 2: a property given twice in a request body kept its last value, silently
// (`{"folderName":"A","folderName":"B"}` saved B). The kind: every route's JSON body, at every
// depth, refused with a 400 that names the property and where (http-guard.ts's one JSON parser).

const ADMIN = 'duplicate-keys-admin-token-0123456789';
const GUID = '0b5a51c2-6d0e-4c9a-9a37-5d2f2f1b0c11';

describe('duplicateKey: the first name given twice in one object, at any depth', () => {
  test.each([
    ['top level', '{"a":1,"b":2,"a":3}', { at: '/a', key: 'a', offset: 13 }],
    ['nested object', '{"x":{"city":"Oslo","city":""}}', { at: '/x/city', key: 'city', offset: 20 }],
    ['in an array entry', '{"l":[{"k":1},{"k":1,"k":2}]}', { at: '/l/1/k', key: 'k', offset: 21 }],
    ['an escaped spelling of the same name', '{"city":1,"\\u0063ity":2}', { at: '/city', key: 'city' }],
    ['names that need pointer escapes', '{"a/b":{"~":1,"~":2}}', { at: '/a~1b/~0', key: '~' }],
    ['whitespace around', '{ "a" : 1 ,\n "a" : 2 }', { at: '/a', key: 'a' }],
  ])('%s → refused', (_name, text, expected) => {
    expect(duplicateKey(text)).toMatchObject(expected);
  });

  test.each([
    ['the same name in two objects', '[{"a":1},{"a":2}]'],
    ['a name and a value alike', '{"a":"a","b":"a"}'],
    ['a value that looks like members', '{"a":"{\\"b\\":1,\\"b\\":2}"}'],
    ['a parent and child of one name', '{"a":{"a":{"a":1}}}'],
    ['no object at all', '["a","a"]'],
  ])('%s → accepted', (_name, text) => {
    expect(duplicateKey(text)).toBeNull();
  });
});

let h: SyncHarness;
let auth = '';
beforeAll(async () => {
  h = await syncHarness({ adminToken: ADMIN });
  auth = await everyFacadeAccess(h.issuer, ANN_UPN);
});
afterAll(() => h?.close());

/** A concrete URL for a route pattern: ids for its parameters. */
const concrete = (url: string): string =>
  url.replace(/\(:[^)]+\)/g, `(${GUID})`).replace(/:[A-Za-z]+/g, GUID);

/** Every route that can take a body (each method of it), but the OpenAPI UI's files. */
function bodiedRoutes(): Array<[string, string]> {
  const out = new Map<string, [string, string]>();
  for (const r of h.routes)
    for (const method of [r.method].flat())
      if (['POST', 'PUT', 'PATCH'].includes(method) && !r.url.startsWith('/docs') && !r.url.endsWith('/'))
        out.set(`${method} ${r.url}`, [method, concrete(r.url)]);
  return [...out.values()];
}

const BODIES: Array<[string, string, string, string]> = [
  ['top level', '{"folderName":"A","folderName":"B"}', 'folderName', '/folderName'],
  ['two levels down', '{"filter":{"city":"Oslo","city":""}}', 'city', '/filter/city'],
  ['in a list', '{"requests":[{"id":"1","id":"2"}]}', 'id', '/requests/0/id'],
];

describe('every route × a name given twice: 400 naming the property and where', () => {
  test('the table covers the sync API, the BC API, admin and internal routes', () => {
    const urls = bodiedRoutes().map(([, u]) => u);
    for (const prefix of ['/sync/v1/', '/api/v2.0/', '/admin/v1/', '/internal/'])
      expect(urls.some((u) => u.startsWith(prefix))).toBe(true);
    expect(urls.length).toBeGreaterThan(20);
  });

  test.each(BODIES)('%s', async (_name, body, key, at) => {
    const wrong: string[] = [];
    for (const [method, url] of bodiedRoutes()) {
      const headers = url.startsWith('/internal') ? { 'x-admin-token': ADMIN } : { authorization: auth };
      const res = await h.app.inject({
        method: method as 'POST',
        url,
        headers: { 'content-type': 'application/json', ...headers },
        payload: body,
      });
      const error = (res.json() as { error?: { code?: string; message?: string } }).error;
      const named = error?.message?.includes(`'${key}'`) && error.message.includes(`at ${at} `);
      if (res.statusCode !== 400 || error?.code !== 'BadRequest_DuplicateProperty' || !named)
        wrong.push(`${method} ${url}: ${res.statusCode} ${error?.code} ${error?.message}`);
    }
    expect(wrong).toEqual([]);
  });

  const DUPLICATE_FOLDER_NAME = {
    kind: 'duplicateProperty',
    property: 'folderName',
    propertyLength: 10,
    at: '/folderName',
    atLength: 11,
    offset: 21,
  };

  test('the example: PUT /sync/v1/settings with folderName twice → 400, nothing saved', async () => {
    const res = await h.app.inject({
      method: 'PUT',
      url: '/sync/v1/settings',
      headers: { 'content-type': 'application/json', authorization: auth },
      payload: '{"folderName":"Kept","folderName":"Other"}',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: {
        code: 'BadRequest_DuplicateProperty',
        message:
          "The request body gives the property 'folderName' more than once in one object, at /folderName (character 21); each property may appear once.",
        // The name and where as data (echo): the pane words them in the user's language.
        reason: DUPLICATE_FOLDER_NAME,
        details: [{ target: 'body', message: expect.any(String), reason: DUPLICATE_FOLDER_NAME }],
      },
    });
    const settings = await h.app.inject({
      method: 'GET',
      url: '/sync/v1/settings',
      headers: { authorization: auth },
    });
    expect(JSON.stringify(settings.json())).not.toContain('Other');
  });
});
