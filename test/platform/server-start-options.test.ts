import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { sourceFiles } from '../support/source-files.js';
import { PLUGIN_START_TIMEOUT_MS, guardedServerOptions } from '../../src/platform/server-options.js';

// A server start failed at load 27 with AVV_ERR_PLUGIN_EXEC_TIMEOUT ("Plugin did not start in
// time: 'openapi'", test/store/startup-concurrency): Fastify gives a plugin 10 s by default. Every
// Fastify server of ours takes its options from guardedServerOptions, which sets the bound.

/** Each `Fastify({ … })` call in src with whether its options spread guardedServerOptions. */
function fastifyCalls(): Array<[string, boolean]> {
  return sourceFiles('src', /\.ts$/).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return [...text.matchAll(/\bFastify\(/g)].map((m): [string, boolean] => {
      const line = text.slice(0, m.index).split('\n').length;
      // The options object: up to the call's closing `});`.
      const options = text.slice(m.index, text.indexOf('});', m.index));
      return [`${file}:${line}`, options.includes('...guardedServerOptions(')];
    });
  });
}

describe('every Fastify server of ours gives plugins time to start on a busy machine', () => {
  test('the shared options set the bound, far above Fastify 10 s default', () => {
    const options = guardedServerOptions(() => ({}));
    expect(options.pluginTimeout).toBe(PLUGIN_START_TIMEOUT_MS);
    expect(PLUGIN_START_TIMEOUT_MS).toBeGreaterThanOrEqual(300_000);
  });

  test('every Fastify( call in src spreads guardedServerOptions (facade, emulator, in-process BC API)', () => {
    const calls = fastifyCalls();
    expect(calls.length).toBeGreaterThanOrEqual(3);
    expect(calls.filter(([, guarded]) => !guarded).map(([where]) => where)).toEqual([]);
  });
});
