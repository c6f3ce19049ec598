import { describe, expect, test } from '@jest/globals';
import { ApiError } from '../../src/taskpane/api/http.js';
import { errorText, isNetworkFailure } from '../../src/taskpane/services.js';
import { PANE_CATALOGS } from '../messages/catalogs.js';

// Issue 14: with the server down the pane showed a lazy chunk's load error text. Every network
// failure — a fetch with no answer, a part of the pane that could not be downloaded — is one
// message saying the server cannot be reached; an answer of the server keeps its own message.

function chunkLoadError(): Error {
  const e = new Error('Loading chunk 412 failed.\n(error: http://127.0.0.1:3104/412.js)');
  e.name = 'ChunkLoadError';
  return e;
}

const NETWORK: readonly [string, unknown][] = [
  ['a fetch with no response (jsonFetch)', new ApiError(0, 'NetworkError', 'Failed to fetch')],
  ['fetch refused, as Chromium says it', new TypeError('Failed to fetch')],
  ['fetch refused, as Firefox says it', new TypeError('NetworkError when attempting to fetch resource.')],
  ['a lazy chunk whose download failed (webpack)', chunkLoadError()],
  ['a chunk error renamed by a wrapper', new Error('Loading chunk 7 failed.')],
  ['a CSS chunk', new Error('Loading CSS chunk 3 failed.')],
  ['a failed dynamic import', new TypeError('Failed to fetch dynamically imported module: http://x/a.js')],
];

const ANSWERS: readonly [string, unknown][] = [
  ['a refusal of the server', new ApiError(400, 'BadRequest', 'folderName must not be blank')],
  ['a server error', new ApiError(503, 'Unavailable', 'The database is not reachable.')],
  ['a bug', new TypeError('x is undefined')],
];

const t = (key: string) => (PANE_CATALOGS.en as Record<string, string>)[key] ?? key;

describe('every network failure says the server cannot be reached', () => {
  test.each(NETWORK)('%s', (_, e) => {
    expect(isNetworkFailure(e)).toBe(true);
    expect(errorText(t as never, e)).toBe('Cannot reach the server. Check the connection, then try again.');
  });

  test.each(ANSWERS)('not: %s (its own message)', (_, e) => {
    expect(isNetworkFailure(e)).toBe(false);
    expect(errorText(t as never, e)).toBe((e as Error).message);
  });

  test('the message exists in all six languages', () => {
    for (const catalog of Object.values(PANE_CATALOGS)) expect(catalog.serverUnreachable).toBeTruthy();
  });
});
