import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { isStorableText, unstorableAt } from '../../src/core/storable-text.js';
import { everyAccessOf, NO_RATE_LIMIT, startQuietServer } from '../support/quiet-server.js';
import type { QuietServer } from '../support/quiet-server.js';
import { endpointsServedBy } from './fuzz-inputs.js';
import type { Endpoint } from './fuzz-inputs.js';

// Issue 10 §3, tester F18: an unpaired UTF-16 surrogate in a body (PUT /sync/v1/settings, POST
// /sync/v1/sender) was a 500, because no store can hold it. Kind: text the stores cannot hold.
// The shared input guard now refuses it, as it refuses NUL, in every route's body, query and path,
// with the shared error body that names where. The Graph emulator keeps accepting it (as Graph).

const SETTINGS = {
  folderName: 'BC',
  filter: {},
  conflictPolicy: 'bcWins',
  scheduleMinutes: 0,
  massDeleteShare: 0.5,
};

type Answer = { status: number; body: { error?: { code?: string; message?: string } } };

describe('unstorable text at the HTTP edge (facade on npm start wiring)', () => {
  let server: QuietServer;
  let endpoints: Endpoint[];
  let facade = '';

  const send = async (method: string, url: string, payload?: string): Promise<Answer> => {
    const res = await server.app.inject({
      method: method as 'GET',
      url,
      headers: {
        authorization: facade,
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(payload === undefined ? {} : { payload }),
    });
    return { status: res.statusCode, body: res.json() as Answer['body'] };
  };

  beforeAll(async () => {
    server = await startQuietServer('bcsync-unstorable-', { overrides: NO_RATE_LIMIT });
    // Every facade API's scope, and the admin role: the guard is checked behind each route's access.
    const access = await everyAccessOf(server, 'ann@contoso.com');
    facade = access.facade;
    endpoints = (await endpointsServedBy(server, access)).filter((e) => !e.name.includes('/graph/'));
  });
  afterAll(() => server?.close());

  const surrogateRefusal = (where: RegExp) => ({
    status: 400,
    body: {
      error: {
        code: 'BadRequest_InvalidCharacter',
        message: expect.stringMatching(new RegExp(`unpaired UTF-16 surrogate.*${where.source}`)),
      },
    },
  });

  test('F18: a lone surrogate in the settings is a 400 naming /folderName (was 500)', async () => {
    const body = JSON.stringify({ ...SETTINGS, folderName: 'BC \ud800' });
    expect(await send('PUT', '/sync/v1/settings', body)).toEqual(surrogateRefusal(/at \/folderName/));
    expect((await send('GET', '/sync/v1/settings')).body).toMatchObject({ folderName: expect.any(String) });
  });

  test('F18: a lone surrogate in a sender add is a 400 naming /displayName (was 500)', async () => {
    const body = JSON.stringify({ email: 'lone@example.com', displayName: 'Lone \udc00 Sender' });
    expect(await send('POST', '/sync/v1/sender', body)).toEqual(surrogateRefusal(/at \/displayName/));
  });

  test('every facade route with a body: a lone surrogate in a value or a name → 400 naming where', async () => {
    const withBody = endpoints.filter((e) => e.hasBody);
    expect(withBody.length).toBeGreaterThan(20);
    for (const e of withBody) {
      const url = e.url(Array.from({ length: e.params }, () => 'x'));
      const inValue = await send(e.method, url, '{"deep":{"list":["ok","\\ud83d"]}}');
      expect([e.name, inValue]).toEqual([e.name, surrogateRefusal(/at \/deep\/list\/1/)]);
      const inName = await send(e.method, url, '{"a\\udc00":1}');
      expect([e.name, inName]).toEqual([e.name, surrogateRefusal(/at \/a\\uDC00/)]);
    }
  });

  test('every facade route: an encoded lone surrogate in a query option or a path → 400 InvalidUrl', async () => {
    // A URL carries UTF-8; a lone surrogate has no UTF-8 form, so a client can only send its
    // CESU-8 bytes (%ED%A0%80), which are not UTF-8: refused in the path and in the query alike
    // (the query parser used to turn them into U+FFFD and go on).
    const invalid = (where: RegExp) => ({
      status: 400,
      body: { error: { code: 'BadRequest_InvalidUrl', message: expect.stringMatching(where) } },
    });
    for (const e of endpoints) {
      const url = e.url(Array.from({ length: e.params }, () => 'x'));
      const payload = e.hasBody ? '{}' : undefined;
      const query = await send(e.method, `${url}?ok=1&opt=a%ED%A0%80`, payload);
      expect([e.name, query]).toEqual([
        e.name,
        invalid(/query option 'opt' is not valid percent-encoded UTF-8/),
      ]);
      const bare = await send(e.method, `${url}?50%=x`, payload);
      expect([e.name, bare]).toEqual([e.name, invalid(/query option '50%'/)]);
      if (e.params === 0) continue;
      const path = await send(e.method, e.url(Array.from({ length: e.params }, () => '%ED%A0%80')), payload);
      expect([e.name, path]).toEqual([e.name, invalid(/percent-encoded UTF-8/)]);
    }
  });

  test('well-formed text passes: a surrogate pair (emoji) in the settings is stored', async () => {
    const body = JSON.stringify({ ...SETTINGS, folderName: 'BC 😀' });
    expect((await send('PUT', '/sync/v1/settings', body)).status).toBe(200);
  });

  test('the Graph emulator accepts a lone surrogate in a contact, as Graph does not refuse it', async () => {
    const graph = `Bearer ${await server.ctx.devIssuer!.userToken('ann@contoso.com', 'graph')}`;
    const res = await server.app.inject({
      method: 'POST',
      url: '/graph/v1.0/me/contacts',
      headers: { authorization: graph, 'content-type': 'application/json' },
      payload: '{"givenName":"Lone \\ud800"}',
    });
    expect(res.statusCode).toBe(201);
  });
});

describe('the one well-formedness rule (storable-text.ts)', () => {
  test.each([
    ['plain', 'Ann', true],
    ['a surrogate pair', 'a😀b', true],
    ['NUL', 'a\u0000', false],
    ['a lone high surrogate at the end', 'a\ud800', false],
    ['a lone low surrogate at the start', '\udc00a', false],
    ['two high surrogates', '\ud800\ud800\udc00', false],
    ['reversed pair', '\udc00\ud800', false],
  ])('%s → %s', (_name, text, storable) => {
    expect(isStorableText(text)).toBe(storable);
  });

  test('unstorableAt names the first bad string or name as a JSON Pointer', () => {
    expect(unstorableAt({ a: ['ok', { 'b/c': 'x\ud800' }] })).toBe('/a/1/b~1c');
    expect(unstorableAt({ ['k\udc00']: 1 })).toBe('/k\udc00');
    expect(unstorableAt('\u0000')).toBe('');
    expect(unstorableAt({ a: ['😀'], n: 1, z: null })).toBeNull();
  });
});
