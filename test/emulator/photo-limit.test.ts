import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { createGraphEmulator, createTestIssuer, graphApiPlugin } from '../../src/emulator/index.js';
import type { GraphEmulator } from '../../src/emulator/index.js';
import { GRAPH_TEXT_RULE } from '../../src/emulator/graph-plugin.js';
import { installInputGuard } from '../../src/platform/http-guard.js';
import { jsonBodyProblem } from '../../src/platform/json-body-guard.js';
import { TINY_PNG } from '../support/outlook-only-samples.js';

// F77: a photo PUT to the embedded emulator (the facade's app, whose body limit `npm start` raises
// to 10 MB) was read whole, then walked byte by byte as if it were JSON by the input guard — about
// 9 s per MB with the server blocked — and only then refused when over Graph's 4 MB photo limit
// (profilephoto-update). Now: over 4 MB is refused from Content-Length before a byte is read (or,
// without one, as soon as 4 MB are counted), and bytes are never walked.

const LIMIT = 4 * 1024 * 1024;
let app: FastifyInstance;
let emulator: GraphEmulator;
let token = '';
let contactUrl = '';

beforeAll(async () => {
  const issuer = await createTestIssuer();
  emulator = await createGraphEmulator({ auth: issuer.auth });
  // As the facade mounts it (server/embedded/graph.ts), with `npm start`'s body limit.
  app = Fastify({ bodyLimit: 10 * 1024 * 1024 });
  installInputGuard(app, GRAPH_TEXT_RULE);
  await app.register(graphApiPlugin, { emulator, prefix: '/graph/v1.0' });
  await app.ready();
  token = await issuer.userToken('u-photo', 'photo@contoso.test');
  const created = await app.inject({
    method: 'POST',
    url: '/graph/v1.0/me/contacts',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload: { givenName: 'Pia' },
  });
  contactUrl = `/graph/v1.0/me/contacts/${(created.json() as { id: string }).id}`;
});
afterAll(async () => {
  await app.close();
});

/** `size` bytes produced on demand, counting what the server pulled. */
function countedBody(size: number): { stream: Readable; read: () => number } {
  let sent = 0;
  const stream = new Readable({
    read() {
      if (sent >= size) return void this.push(null);
      const chunk = Buffer.alloc(Math.min(64 * 1024, size - sent), sent === 0 ? 0x89 : 0);
      sent += chunk.length;
      this.push(chunk);
    },
  });
  return { stream, read: () => sent };
}

const put = (payload: Buffer | Readable, headers: Record<string, string> = {}) =>
  app.inject({
    method: 'PUT',
    url: `${contactUrl}/photo/$value`,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png', ...headers },
    payload,
  });

describe('F77: contact photo size and cost', () => {
  test('named example: Content-Length 5 MB is refused before a byte of the body is read', async () => {
    const body = countedBody(5 * 1024 * 1024);
    const res = await put(body.stream, { 'content-length': String(5 * 1024 * 1024) });
    expect({ status: res.statusCode, error: (res.json() as { error: unknown }).error }).toMatchObject({
      status: 400,
      error: {
        code: 'ErrorInvalidRequest',
        message: `The photo is ${5 * 1024 * 1024} bytes; the limit is ${LIMIT} (4 MB).`,
      },
    });
    expect(body.read()).toBeLessThan(LIMIT);
  });

  test('without Content-Length, reading stops at the limit with the same refusal', async () => {
    const body = countedBody(LIMIT + 1024 * 1024);
    const res = await put(body.stream, { 'transfer-encoding': 'chunked' });
    expect(res.statusCode).toBe(400);
    expect((res.json() as { error: { message: string } }).error.message).toBe(
      `The photo is larger than ${LIMIT} bytes (4 MB), the limit.`,
    );
    const photo = await app.inject({
      url: `${contactUrl}/photo`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(photo.statusCode).toBe(404);
  });

  test('a photo of exactly 4 MB is stored, and a byte body is never walked as JSON', async () => {
    const image = Buffer.concat([TINY_PNG, Buffer.alloc(LIMIT - TINY_PNG.length)]);
    expect((await put(image)).statusCode).toBe(204);
    const back = await app.inject({
      url: `${contactUrl}/photo/$value`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(back.rawPayload.equals(image)).toBe(true);
    // A walker that treats bytes as an object reaches every own property (and every byte):
    // this marker would be reported as NUL text if bytes were walked.
    const marked = Object.defineProperty(Buffer.from(image), 'marker', {
      value: 'a\u0000',
      enumerable: true,
    });
    expect(jsonBodyProblem(marked)).toBeNull();
  });
});
