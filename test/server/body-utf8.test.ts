import { Readable } from 'node:stream';
import { describe, expect, test } from '@jest/globals';
import { expectRouteTable, startEveryRouteServer } from '../support/every-route-server.js';
import { openedForTests } from '../support/opened.js';
import type { Endpoint } from './fuzz-inputs.js';

// Issue 10 §3: a body's bytes that are not UTF-8 are refused with 400 saying where (byte offset, and
// the JSON Pointer of the value), on every route that takes a body — the facade's, the BC API's and
// the embedded Graph emulator's — instead of reaching a handler as U+FFFD.

/** The routes that take a body. */
const server = openedForTests(() => startEveryRouteServer('bcsync-utf8-', (e) => e.hasBody));

/** `{"<name>":"M` 0xFC `ller"}`: "Müller" as Latin-1 (a client that did not encode as UTF-8). */
function latin1Body(name: string): Buffer {
  return Buffer.concat([Buffer.from(`{"${name}":"M`), Buffer.from([0xfc]), Buffer.from('ller"}')]);
}

/** The first property the route's body schema names (so the value is one the route reads). */
function firstProperty(endpoint: Endpoint): string {
  return Object.keys(endpoint.body?.properties ?? {})[0] ?? 'displayName';
}

describe('a body that is not UTF-8', () => {
  test('the table covers the facade, the BC API and Graph', () => {
    expectRouteTable(
      server.endpoints.map((e) => e.name),
      [
        'PUT /sync/v1/settings',
        'POST /sync/v1/match-preview',
        'POST /api/v2.0/companies({cid})/contacts',
        'PATCH /graph/v1.0/me/contacts/{id}',
        'POST /graph/v1.0/$batch',
      ],
      25,
    );
  });

  test('every route with a body: 400 naming the byte, its offset and the value', async () => {
    const answers = [];
    for (const endpoint of server.endpoints) {
      const name = firstProperty(endpoint);
      const url = endpoint.url(Array.from({ length: endpoint.params }, () => 'x'));
      const res = await server.sendJson(endpoint.method, url, latin1Body(name), endpoint.auth);
      const error = (res.json() as { error?: { code?: string; message?: string } }).error;
      answers.push({
        route: endpoint.name,
        status: res.statusCode,
        code: error?.code,
        message: error?.message,
      });
    }
    const offset = `{"${'x'}":"M`.length - 1; // the property name's length is added per row
    expect(answers).toEqual(
      answers.map((a) => {
        const name = firstProperty(server.endpoints.find((e) => e.name === a.route)!);
        return {
          route: a.route,
          status: 400,
          code: 'BadRequest_InvalidCharacter',
          message: `The request body is not valid UTF-8: the byte 0xFC at offset ${offset + name.length} (in the value at /${name}) does not begin or continue a character; send text as UTF-8.`,
        };
      }),
    );
  });

  test('the example: a Latin-1 folder name is refused and nothing is saved', async () => {
    const before = await server.app.inject({
      method: 'GET',
      url: '/sync/v1/settings',
      headers: { authorization: server.facade },
    });
    const body = Buffer.concat([
      Buffer.from('{"folderName":"M'),
      Buffer.from([0xfc]),
      Buffer.from('ller","filter":{},"conflictPolicy":"bcWins","scheduleMinutes":0,"massDeleteShare":0.2}'),
    ]);
    const put = await server.sendJson('PUT', '/sync/v1/settings', body);
    expect(put.statusCode).toBe(400);
    expect(put.json().error.message).toContain('offset 16 (in the value at /folderName)');
    const after = await server.app.inject({
      method: 'GET',
      url: '/sync/v1/settings',
      headers: { authorization: server.facade },
    });
    expect(after.json()).toEqual(before.json());
  });

  test('a property name, text/plain and a body cut inside a character are refused too', async () => {
    const send = (payload: Buffer | Readable, type = 'application/json') =>
      server.app.inject({
        method: 'POST',
        url: '/sync/v1/match-preview',
        headers: { authorization: server.facade, 'content-type': type },
        payload,
      });
    const inName = await send(
      Buffer.concat([Buffer.from('{"filter":{"ci'), Buffer.from([0xff]), Buffer.from('ty":"x"}}')]),
    );
    expect(inName.json().error.message).toContain(
      '0xFF at offset 14 (in the property name at /filter/ci\uFFFDty)',
    );
    const cut = await send(Buffer.concat([Buffer.from('{"filter":{"city":"x'), Buffer.from([0xe2, 0x82])]));
    expect({ status: cut.statusCode, message: cut.json().error.message }).toEqual({
      status: 400,
      message: expect.stringContaining('the byte 0xE2 at offset 20 does'),
    });
    // Not JSON, so not read at all (F108): 415 before its bytes matter.
    const plain = await send(Buffer.from([0x61, 0xc0, 0x80]), 'text/plain');
    expect({ status: plain.statusCode, code: plain.json().error.code }).toEqual({
      status: 415,
      code: 'UnsupportedMediaType',
    });
  });

  test('UTF-8 split across chunks is accepted as sent, and U+FFFD sent as UTF-8 stays', async () => {
    const settings = {
      folderName: 'Müller \uFFFD 😀',
      filter: {},
      conflictPolicy: 'bcWins',
      scheduleMinutes: 0,
      massDeleteShare: 0.2,
    };
    const bytes = Buffer.from(JSON.stringify(settings));
    const cut = bytes.indexOf(0xc3) + 1; // inside the two bytes of ü
    const emoji = bytes.indexOf(0xf0) + 2; // inside the four bytes of 😀
    const chunks = [bytes.subarray(0, cut), bytes.subarray(cut, emoji), bytes.subarray(emoji)];
    const res = await server.app.inject({
      method: 'PUT',
      url: '/sync/v1/settings',
      headers: {
        authorization: server.facade,
        'content-type': 'application/json',
        'content-length': String(bytes.length),
      },
      payload: Readable.from(chunks),
    });
    expect({ status: res.statusCode, folderName: res.json().folderName }).toEqual({
      status: 200,
      folderName: settings.folderName,
    });
  });

  test('fuzz find: a body nobody reads (415, a GET) is answered and never an uncaught error', async () => {
    const uncaught: unknown[] = [];
    const record = (e: unknown) => uncaught.push(e);
    process.on('uncaughtException', record);
    try {
      const answers = [];
      for (const [method, url, type] of [
        ['POST', '/sync/v1/match-preview', 'application/xml'],
        ['PUT', '/sync/v1/settings', 'multipart/form-data; boundary=x'],
        ['GET', '/sync/v1/settings', 'application/json'],
        ['POST', '/graph/v1.0/me/contacts', 'application/xml'],
      ] as const) {
        const res = await server.app.inject({
          method,
          url,
          headers: {
            authorization: url.startsWith('/graph') ? server.graph : server.facade,
            'content-type': type,
          },
          payload: latin1Body('name'),
        });
        answers.push([method, url, res.statusCode]);
      }
      // One more request: any stream error of the ones before has been emitted by then.
      await server.app.inject({
        method: 'GET',
        url: '/sync/v1/settings',
        headers: { authorization: server.facade },
      });
      expect(answers).toEqual([
        ['POST', '/sync/v1/match-preview', 415],
        ['PUT', '/sync/v1/settings', 415],
        ['GET', '/sync/v1/settings', 200],
        // The emulator reads every content type (Graph's own 415 comes later): it reads the refusal.
        ['POST', '/graph/v1.0/me/contacts', 400],
      ]);
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', record);
    }
  });
});
