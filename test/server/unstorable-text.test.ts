import { describe, expect, test } from '@jest/globals';
import { startEveryRouteServer } from '../support/every-route-server.js';
import { openedForTests } from '../support/opened.js';

// Issue 10 §3, tester F18: an unpaired UTF-16 surrogate in a body (PUT /sync/v1/settings, POST
// /sync/v1/sender) was a 500, because no store can hold it. Kind: text the stores cannot hold.
// The shared input guard now refuses it, as it refuses NUL, in every route's body, query and path,
// with the shared error body that names where. The Graph emulator keeps accepting it (as Graph).
// The rule itself, case by case: test/pure/storable-text-fast.test.ts.

const SETTINGS = {
  folderName: 'BC',
  filter: {},
  conflictPolicy: 'bcWins',
  scheduleMinutes: 0,
  massDeleteShare: 0.5,
};

type Answer = { status: number; body: { error?: { code?: string; message?: string } } };

describe('unstorable text at the HTTP edge (facade on npm start wiring)', () => {
  // Every facade API's scope, and the admin role: the guard is checked behind each route's access.
  const server = openedForTests(() =>
    startEveryRouteServer('bcsync-unstorable-', (e) => !e.name.includes('/graph/')),
  );

  const send = async (method: string, url: string, payload?: string): Promise<Answer> => {
    const res = await server.app.inject({
      method: method as 'GET',
      url,
      headers: {
        authorization: server.facade,
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(payload === undefined ? {} : { payload }),
    });
    return { status: res.statusCode, body: res.json() as Answer['body'] };
  };

  const surrogateReason = { kind: 'surrogate', at: expect.any(String), atLength: expect.any(Number) };
  const surrogateRefusal = (where: RegExp, url: string) => ({
    status: 400,
    body: {
      error: {
        code: 'BadRequest_InvalidCharacter',
        message: expect.stringMatching(new RegExp(`unpaired UTF-16 surrogate.*${where.source}`)),
        // A sync API refusal carries its reason as data (issue 13 §2): where, as shown.
        ...(url.startsWith('/sync/v1/') ? { reason: surrogateReason } : {}),
        details: [{ target: 'body', message: expect.any(String), reason: surrogateReason }],
      },
    },
  });

  test('F18: a lone surrogate in the settings is a 400 naming /folderName (was 500)', async () => {
    const body = JSON.stringify({ ...SETTINGS, folderName: 'BC \ud800' });
    expect(await send('PUT', '/sync/v1/settings', body)).toEqual(
      surrogateRefusal(/at \/folderName/, '/sync/v1/settings'),
    );
    expect((await send('GET', '/sync/v1/settings')).body).toMatchObject({ folderName: expect.any(String) });
  });

  test('F18: a lone surrogate in a sender add is a 400 naming /displayName (was 500)', async () => {
    const body = JSON.stringify({ email: 'lone@example.com', displayName: 'Lone \udc00 Sender' });
    expect(await send('POST', '/sync/v1/sender', body)).toEqual(
      surrogateRefusal(/at \/displayName/, '/sync/v1/sender'),
    );
  });

  test('every facade route with a body: a lone surrogate in a value or a name → 400 naming where', async () => {
    const withBody = server.endpoints.filter((e) => e.hasBody);
    expect(withBody.length).toBeGreaterThan(20);
    for (const e of withBody) {
      const url = e.url(Array.from({ length: e.params }, () => 'x'));
      const inValue = await send(e.method, url, '{"deep":{"list":["ok","\\ud83d"]}}');
      expect([e.name, inValue]).toEqual([e.name, surrogateRefusal(/at \/deep\/list\/1/, url)]);
      const inName = await send(e.method, url, '{"a\\udc00":1}');
      expect([e.name, inName]).toEqual([e.name, surrogateRefusal(/at \/a\\uDC00/, url)]);
    }
  });

  test('every facade route: an encoded lone surrogate in a query option or a path → 400 InvalidUrl', async () => {
    // A URL carries UTF-8; a lone surrogate has no UTF-8 form, so a client can only send its
    // CESU-8 bytes (%ED%A0%80), which are not UTF-8: refused in the path and in the query alike
    // (the query parser used to turn them into U+FFFD and go on).
    const invalid = (where: RegExp, url: string, target: 'url' | 'path' = 'url') => ({
      status: 400,
      body: {
        error: {
          code: 'BadRequest_InvalidUrl',
          message: expect.stringMatching(where),
          // A sync API refusal carries its reason as data (issue 13 §2); the router's own refusal
          // of a path (FST_ERR_BAD_URL) names the segment, shown and with its length (9a582858).
          ...(url.startsWith('/sync/v1/')
            ? { reason: expect.objectContaining({ kind: expect.any(String) }) }
            : {}),
          details: [
            expect.objectContaining(
              target === 'url'
                ? { target }
                : {
                    target,
                    reason: expect.objectContaining({
                      kind: 'percentEncoding',
                      segmentLength: expect.any(Number),
                    }),
                  },
            ),
          ],
        },
      },
    });
    for (const e of server.endpoints) {
      const url = e.url(Array.from({ length: e.params }, () => 'x'));
      const payload = e.hasBody ? '{}' : undefined;
      const query = await send(e.method, `${url}?ok=1&opt=a%ED%A0%80`, payload);
      expect([e.name, query]).toEqual([
        e.name,
        invalid(/query option 'opt' is not valid percent-encoded UTF-8/, url),
      ]);
      const bare = await send(e.method, `${url}?50%=x`, payload);
      expect([e.name, bare]).toEqual([e.name, invalid(/query option '50%'/, url)]);
      if (e.params === 0) continue;
      const path = await send(e.method, e.url(Array.from({ length: e.params }, () => '%ED%A0%80')), payload);
      expect([e.name, path]).toEqual([e.name, invalid(/percent-encoded UTF-8/, url, 'path')]);
    }
  });

  test('well-formed text passes: a surrogate pair (emoji) in the settings is stored', async () => {
    const body = JSON.stringify({ ...SETTINGS, folderName: 'BC 😀' });
    expect((await send('PUT', '/sync/v1/settings', body)).status).toBe(200);
  });

  test('the Graph emulator accepts a lone surrogate in a contact, as Graph does not refuse it', async () => {
    const payload = '{"givenName":"Lone \\ud800"}';
    const res = await server.sendJson('POST', '/graph/v1.0/me/contacts', payload, server.graph);
    expect(res.statusCode).toBe(201);
  });
});
