import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { requestLogLevel } from '../../src/server/request-log.js';
import { startQuietServer } from '../support/quiet-server.js';
import type { QuietServer } from '../support/quiet-server.js';

// helper newuser: `npm start` printed every request as JSON lines mixed into the banner. At the
// default level (info) a request that went well leaves no line; one that failed leaves one.

type Line = { readonly level: number; readonly msg?: string; readonly res?: { statusCode?: number } };

describe('request lines at the default log level', () => {
  let server: QuietServer;
  let logs = '';
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => (logs += chunk.toString('utf8')));
  const requestLines = (): Line[] =>
    logs
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Line)
      .filter((l) => l.msg === 'incoming request' || l.msg === 'request completed');

  // Spied, not listened to: under jest the 'warning' event goes to the real process, not the test's.
  const emitWarning = jest.spyOn(process, 'emitWarning');

  beforeAll(async () => {
    server = await startQuietServer('bcsync-reqlog-', { overrides: { logLevel: 'info' }, logStream: stream });
  });
  afterAll(async () => {
    emitWarning.mockRestore();
    await server.close();
  });

  // Fastify 5.12 warned FSTDEP023 (top-level disableRequestLogging) at every `npm start`.
  test('the server starts without a deprecation warning', () => {
    const said = emitWarning.mock.calls.map((c) => c.map(String).join(' '));
    expect(said.filter((w) => w.includes('Deprecation'))).toEqual([]);
  });

  test('a 200 leaves no line, a 404 one warn line, a 401 one warn line', async () => {
    const ok = await server.app.inject({ method: 'GET', url: '/healthz' });
    expect(ok.statusCode).toBe(200);
    await new Promise((resolve) => setImmediate(resolve));
    expect(requestLines()).toEqual([]);
    const missing = await server.app.inject({ method: 'GET', url: '/no-such-page' });
    const refused = await server.app.inject({ method: 'GET', url: '/sync/v1/settings' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(requestLines().map((l) => ({ level: l.level, status: l.res?.statusCode }))).toEqual([
      { level: 40, status: missing.statusCode },
      { level: 40, status: refused.statusCode },
    ]);
    expect([missing.statusCode, refused.statusCode]).toEqual([404, 401]);
  });

  test('every status class has its level: 5xx error, 4xx warn, else debug', () => {
    const table = [100, 200, 204, 301, 304, 399, 400, 401, 404, 429, 499, 500, 503, 599];
    expect(table.map((s) => [s, requestLogLevel(s)])).toEqual([
      [100, 'debug'],
      [200, 'debug'],
      [204, 'debug'],
      [301, 'debug'],
      [304, 'debug'],
      [399, 'debug'],
      [400, 'warn'],
      [401, 'warn'],
      [404, 'warn'],
      [429, 'warn'],
      [499, 'warn'],
      [500, 'error'],
      [503, 'error'],
      [599, 'error'],
    ]);
  });
});
