import { rmSync } from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createTestIssuer, startableGraphEmulator } from '../../src/emulator/index.js';
import type { StandaloneEmulator } from '../../src/emulator/index.js';
import { frameworkRefusal } from '../../src/platform/server-options.js';
import { startServer } from '../../src/server/main.js';
import { QUIET, freshDataDir } from '../support/quiet-server.js';
import type { RunningServer } from '../../src/server/main.js';

// Issue 10 §3: every bad input — NUL anywhere, absurd nesting, framework-level refusals — is a 4xx
// with the shared `{"error":{"code","message"}}` body that says what and where; never a 500.

type Answer = { status: number; body: unknown; headers: Headers | Record<string, string>; path?: string };

/** Sends bytes as they are (for what fetch refuses to send) and reads one response. */
function raw(port: number, request: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const status = Number(head.split(' ')[1]);
      const path = request.split(' ')[1] ?? '';
      resolve({ status, body: body === '' ? null : JSON.parse(body), headers: {}, path });
    });
  });
}

async function call(base: string, path: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(base + path, init);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // left as text: the assertion on the shape then fails with the text in view
  }
  return { status: res.status, body, headers: res.headers, path };
}

/** The shared error shape: a code and a message, both non-empty; Graph adds innerError. */
function expectErrorBody(answer: Answer, status: number, where: RegExp, graph = false): void {
  const sync = answer.path?.startsWith('/sync/v1/') ?? false;
  const error = (answer.body as { error?: { code?: unknown; details?: unknown } } | null)?.error;
  // A refusal that names where (a BC API query option, a body's pointer, a header) says so in
  // details (target, message: OData's shape), with its reason as data beside.
  const details = (error?.details ?? []) as unknown[];
  expect({ status: answer.status, body: answer.body }).toEqual({
    status,
    body: {
      error: {
        code: expect.stringMatching(/^[A-Za-z_]+$/),
        message: expect.stringMatching(where),
        // A sync API refusal carries its reason as data (issue 13 §2): a finer kind and its
        // parameters where the refusal has them, else its code.
        ...(sync ? { reason: expect.objectContaining({ kind: expect.any(String) }) } : {}),
        ...(details.length > 0
          ? {
              details: details.map(() =>
                expect.objectContaining({
                  target: expect.any(String),
                  message: expect.stringMatching(where),
                }),
              ),
            }
          : {}),
        ...(graph ? { innerError: expect.objectContaining({ 'request-id': expect.any(String) }) } : {}),
      },
    },
  });
}

const json = (value: unknown, headers: Record<string, string>): RequestInit => ({
  method: 'POST',
  body: JSON.stringify(value),
  headers: { 'content-type': 'application/json', ...headers },
});

/** A JSON body sent as written: JSON.stringify cannot write a literal past the double range. */
const rawJson = (body: string, headers: Record<string, string>): RequestInit => ({
  method: 'POST',
  body,
  headers: { 'content-type': 'application/json', ...headers },
});

/** Requests to the server at `base()` signed with `auth()` (both known only once it has started). */
function requests(base: () => string, auth: () => Record<string, string>) {
  return {
    get: (path: string, headers = auth()) => call(base(), path, { headers }),
    post: (path: string, value: unknown, headers = auth()) => call(base(), path, json(value, headers)),
    postRaw: (path: string, body: string, headers = auth()) => call(base(), path, rawJson(body, headers)),
  };
}

function nested(depth: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

describe('the facade and its embedded emulator', () => {
  let server: RunningServer;
  let dir: string;
  let auth: Record<string, string>;
  let graphAuth: Record<string, string>;
  let contacts: string;
  let port: number;

  beforeAll(async () => {
    dir = await freshDataDir('bcsync-badinput-');
    server = await startServer({ env: { DATA_DIR: dir }, overrides: QUIET, announce: false });
    port = Number(new URL(server.url).port);
    const issuer = server.ctx.devIssuer!;
    auth = { authorization: `Bearer ${await issuer.userToken('ann@contoso.com', 'facade')}` };
    graphAuth = { authorization: `Bearer ${await issuer.userToken('ann@contoso.com', 'graph')}` };
    const listed = await call(server.url, '/api/v2.0/companies', { headers: auth });
    if (listed.status !== 200) throw new Error(JSON.stringify(listed));
    const companies = listed.body as { value: { id: string }[] };
    contacts = `/api/v2.0/companies(${companies.value[0]!.id})/contacts`;
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const { get, post, postRaw } = requests(
    () => server.url,
    () => auth,
  );
  const cases: Array<[string, () => Promise<Answer>, number, RegExp]> = [
    [
      'NUL in a path id',
      () => get('/api/v2.0/companies(%00)/contacts'),
      400,
      /U\+0000.*path parameter 'cid'/,
    ],
    ['NUL in a sync run id', () => get('/sync/v1/runs/%00'), 400, /path parameter 'id'/],
    [
      'a query number past the double range (limit=1e309, was Infinity and a 500 under the fuzz)',
      () => get('/sync/v1/runs?limit=1e309'),
      400,
      /query option 'limit'.*finite/,
    ],
    [
      'a body number past the double range',
      () => postRaw(contacts, '{"displayName":"x","x":1e309}'),
      400,
      /at \/x;.*finite/,
    ],
    ['NUL in a $filter literal', () => get(`${contacts}?$filter=city%20eq%20'a%00'`), 400, /'\$filter'/],
    ['NUL in a body value', () => post(contacts, { displayName: 'a\u0000b' }), 400, /at \/displayName/],
    ['NUL in a body name', () => post(contacts, { ['a\u0000']: 'b' }), 400, /U\+0000/],
    [
      'NUL in match-preview',
      () => post('/sync/v1/match-preview', { filter: { name: 'a\u0000*' } }),
      400,
      /at \/filter\/name/,
    ],
    [
      'NUL in the settings',
      () =>
        call(server.url, '/sync/v1/settings', {
          ...json(
            {
              folderName: 'x\u0000',
              filter: {},
              conflictPolicy: 'bcWins',
              scheduleMinutes: 0,
              massDeleteShare: 0.5,
            },
            auth,
          ),
          method: 'PUT',
        }),
      400,
      /at \/folderName/,
    ],
    [
      '$filter nested 4,000 deep',
      () => get(`${contacts}?$filter=${'('.repeat(4000)}city%20eq%20'x'${')'.repeat(4000)}`),
      400,
      /at most 2000/,
    ],
    [
      '$select over 2000 characters',
      () => get(`${contacts}?$select=${'city,'.repeat(400)}city`),
      400,
      /'\$select' is 2004 characters long; at most 2000/,
    ],
    [
      '$orderby over 2000 characters',
      () => get(`${contacts}?$orderby=${'city,'.repeat(400)}city`),
      400,
      /'\$orderby' is 2004 characters long; at most 2000/,
    ],
    [
      '`not ` × 400',
      () => get(`${contacts}?$filter=${'not%20'.repeat(400)}city%20eq%20'x'`),
      400,
      /at most 32/,
    ],
    [
      'a body nested 40 deep',
      () => post('/sync/v1/match-preview', { filter: nested(40) }),
      400,
      /more than 32 levels/,
    ],
    ['malformed percent-encoding', () => get('/sync/v1/runs/%E0%A4%A'), 400, /percent-encoded/],
    // F67: was 404 "No route" here, 405 or 414 elsewhere (test/server/path-keys has every route).
    [
      'an overlong path segment',
      () => get(`/sync/v1/runs/${'a'.repeat(600)}`),
      400,
      /path parameter 'id' is 600 characters long; at most 500/,
    ],
    ['an overlong URL', () => call(server.url, `/healthz?x=${'a'.repeat(9000)}`), 414, /at most 8192/],
    [
      'invalid JSON',
      () =>
        call(server.url, contacts, {
          method: 'POST',
          body: '{"a":',
          headers: { ...auth, 'content-type': 'application/json' },
        }),
      400,
      /JSON/,
    ],
    [
      'a wrong content type',
      () =>
        call(server.url, '/sync/v1/match-preview', {
          method: 'POST',
          body: 'filter',
          headers: { ...auth, 'content-type': 'text/csv' },
        }),
      415,
      /text\/csv/,
    ],
    [
      'a body over the limit',
      () => post(contacts, { displayName: 'x'.repeat(11 * 1024 * 1024) }),
      413,
      /larger than 65536 bytes/,
    ],
    [
      'headers over 16 KiB',
      () => raw(port, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`),
      431,
      /16 KiB/,
    ],
    ['not HTTP at all', () => raw(port, 'HELLO\r\n\r\n'), 400, /not valid HTTP/],
    ['Graph: NUL in a path', () => get('/graph/v1.0/me/contacts/%00', graphAuth), 400, /path segment '%00'/],
    [
      'Graph: malformed percent-encoding',
      () => get('/graph/v1.0/me/contacts/%E0%A4%A', graphAuth),
      400,
      /percent-encoded/,
    ],
    [
      '$select=toString (a prototype name; was 200)',
      () => get(`${contacts}?$select=toString`),
      400,
      /'toString'/,
    ],
    [
      'a body with __proto__ (was "not valid JSON")',
      () => postRaw(contacts, '{"displayName":"x","__proto__":{"a":1}}'),
      400,
      /'__proto__' at \/__proto__/,
    ],
    [
      'a sync API body with __proto__',
      () => postRaw('/sync/v1/match-preview', '{"filter":{"__proto__":"x"}}'),
      400,
      /'__proto__' at \/filter\/__proto__/,
    ],
    [
      'Graph: a body with __proto__',
      () => postRaw('/graph/v1.0/me/contacts', '{"__proto__":{"a":1}}', graphAuth),
      400,
      /'__proto__' at \/__proto__/,
    ],
    [
      'Graph: NUL in a body value',
      () => post('/graph/v1.0/me/contacts', { givenName: 'a\u0000' }, graphAuth),
      400,
      /at \/givenName/,
    ],
  ];

  test.each(cases)('%s → 4xx with the shared error body', async (label, send, status, where) => {
    const answer = await send();
    expectErrorBody(answer, status, where, label.startsWith('Graph:') && !label.includes('percent'));
  });
});

describe('the standalone Graph emulator answers in Graph’s shape', () => {
  let emu: StandaloneEmulator;
  let base: string;
  let port: number;
  let auth: Record<string, string>;

  beforeAll(async () => {
    const issuer = await createTestIssuer();
    emu = await startableGraphEmulator({ auth: issuer.auth });
    base = await emu.app.listen({ port: 0, host: '127.0.0.1' });
    port = Number(new URL(base).port);
    auth = {
      authorization: `Bearer ${await issuer.userToken('00000000-0000-0000-0000-0000000000a1', 'a@contoso.test')}`,
    };
  });
  afterAll(async () => {
    await emu.app.close();
  });

  const { get, post, postRaw } = requests(
    () => base,
    () => auth,
  );
  const cases: Array<[string, () => Promise<Answer>, number, RegExp]> = [
    ['NUL in a path', () => get('/v1.0/me/contacts/%00'), 400, /path segment '%00'/],
    ['NUL in a query option', () => get('/v1.0/me/contacts?$filter=%00'), 400, /'\$filter'/],
    ['NUL in a body value', () => post('/v1.0/me/contacts', { givenName: 'a\u0000' }), 400, /at \/givenName/],
    [
      'a body number past the double range',
      () => postRaw('/v1.0/me/contacts', '{"givenName":"a","x":-1e400}'),
      400,
      /at \/x;.*finite/,
    ],
    [
      'a body nested 40 deep',
      () => post('/v1.0/me/contacts', { givenName: 'a', x: nested(40) }),
      400,
      /more than 32 levels/,
    ],
    ['malformed percent-encoding', () => get('/v1.0/me/contacts/%E0%A4%A'), 400, /percent-encoded/],
    ['an overlong URL', () => get(`/v1.0/me/contacts?x=${'a'.repeat(9000)}`), 414, /at most 8192/],
    [
      'a body over the limit',
      () => post('/v1.0/me/contacts', { givenName: 'x'.repeat(2 * 1024 * 1024) }),
      413,
      /larger than 65536 bytes/,
    ],
    [
      'headers over 16 KiB',
      () => raw(port, `GET /v1.0/me HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`),
      431,
      /16 KiB/,
    ],
    ['not HTTP at all', () => raw(port, 'HELLO\r\n\r\n'), 400, /not valid HTTP/],
  ];

  test.each(cases)('%s → 4xx in Graph’s shape', async (_label, send, status, where) => {
    expectErrorBody(await send(), status, where, true);
  });
});

describe('framework refusals: the code always names the status', () => {
  test.each([
    [403, 'FST_ERR_SOMETHING_NEW', 'Forbidden'],
    [404, undefined, 'NotFound'],
    [405, 'FST_ERR_X', 'MethodNotAllowed'],
    [429, undefined, 'TooManyRequests'],
    [400, 'FST_ERR_CTP_INVALID_JSON_BODY', 'BadRequest_InvalidJson'],
  ])('%i %s → %s', (statusCode, code, expected) => {
    const error = Object.assign(new Error(''), { statusCode, ...(code ? { code } : {}) });
    expect(frameworkRefusal(error, 0)).toMatchObject({ status: statusCode, code: expected });
    expect(frameworkRefusal(error, 0)?.message).not.toBe('');
  });
});
