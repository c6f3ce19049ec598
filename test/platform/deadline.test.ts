import { createServer } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { withDeadline } from '../../src/platform/deadline.js';
import { CallTimeoutError } from '../../src/platform/call-timeout-error.js';

// Issue 9 §3 / F34: a deadline covers the whole answer, not only its headers. An answer whose
// body is cut off fails the call itself (as a dropped connection), and a body that never ends
// times out, so no caller reads a half answer or waits on one forever.

const BODY = JSON.stringify({ value: 'x'.repeat(400) });

/** How the loopback server answers each path. */
const answers: Record<string, (res: ServerResponse) => void> = {
  '/whole': (res) => res.writeHead(200, { 'content-type': 'application/json' }).end(BODY),
  '/empty': (res) => res.writeHead(204).end(),
  '/cut': (res) => {
    res.writeHead(201, { 'content-length': Buffer.byteLength(BODY) });
    res.write(BODY.slice(0, 100), () => res.socket?.destroy());
  },
  '/stall': (res) => {
    res.writeHead(200, { 'content-length': Buffer.byteLength(BODY) });
    res.write(BODY.slice(0, 100));
  },
};

let server: Server;
let origin: string;
beforeAll(async () => {
  server = createServer((req, res) => answers[req.url ?? '']?.(res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('withDeadline settles with the whole answer', () => {
  // Answered at once (whole, empty, cut): a roomy deadline costs these tests nothing, while a tight
  // one could end a call whose answer a loaded machine (or fetch's first-use loading) delays.
  const call = withDeadline((i, init) => fetch(i, init), { timeoutMs: 30_000 });

  test('a whole answer comes back with its body (and a 204 without one)', async () => {
    const whole = await call(`${origin}/whole`);
    expect(await whole.json()).toEqual(JSON.parse(BODY));
    expect(whole.headers.get('content-type')).toBe('application/json');
    const empty = await call(`${origin}/empty`);
    expect({ status: empty.status, body: await empty.text() }).toEqual({ status: 204, body: '' });
  });

  test('an answer cut off after its headers fails the call like a dropped connection', async () => {
    const failure = await call(`${origin}/cut`, { method: 'POST', body: '{}' }).catch((e: unknown) => e);
    // fetch's own TypeError (another realm under jest: compared by name), at once, not a timeout.
    expect(failure).toMatchObject({ name: 'TypeError' });
    expect(failure).not.toBeInstanceOf(CallTimeoutError);
  });

  test('a body that never ends fails the call with CallTimeoutError', async () => {
    // The body is never answered to its end: a short deadline, and the outcome cannot depend on speed.
    const stalled = withDeadline((i, init) => fetch(i, init), { timeoutMs: 300 });
    await expect(stalled(`${origin}/stall`)).rejects.toBeInstanceOf(CallTimeoutError);
  });
});
