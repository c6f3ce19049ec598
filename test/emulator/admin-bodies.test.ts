/**
 * The emulator's admin routes that take a body check it whole before applying any of it (attack
 * 2026-12-07 fault 3: `{"faults":{"script":5}}` answered 500 yet was half-applied, and every Graph
 * call then answered 500 until a valid PUT; a string for `throttling` was taken with 200).
 */
import { describe, expect, test } from '@jest/globals';
import { startableGraphEmulator } from '../../src/emulator/index.js';
import { jsonOf, useHarness } from './harness.js';

const BAD_CONFIGS: ReadonlyArray<readonly [string, unknown, string]> = [
  ['a script that is not a list (the example)', { faults: { script: 5 } }, '/faults/script'],
  ['throttling as text', { throttling: 'off' }, '/throttling'],
  ['a quota of 0', { throttling: { quota: 0 } }, '/throttling/quota'],
  ['a concurrency of 2.5', { throttling: { concurrency: 2.5 } }, '/throttling/concurrency'],
  ['a fault rate above 1', { faults: { rate: 2 } }, '/faults/rate'],
  ['an unknown fault kind', { faults: { kinds: ['429', 'meteor'] } }, '/faults/kinds/1'],
  ['a script entry without its fault', { faults: { script: [{ times: 1 }] } }, '/faults/script/0'],
  [
    'a script match that is text',
    { faults: { script: [{ fault: '503', match: 'GET' }] } },
    '/faults/script/0/match',
  ],
  ['a negative latency', { latency: { fixedMs: -1 } }, '/latency/fixedMs'],
  ['an unknown part', { chaos: true }, '/chaos'],
  ['an unknown key in a part', { delta: { pageSize: 5 } }, '/delta/pageSize'],
  ['shuffle as text', { shuffleBatchResponses: 'yes' }, '/shuffleBatchResponses'],
  ['a list for the whole body', [1, 2], '/'],
  ['a delta page size above its cap', { delta: { defaultPageSize: 500 } }, ''],
  ['a hostile key', { ['x\u202e\n\u001b[2J'.repeat(50)]: 1 }, '/x\\u202E\\u000A\\u001B[2J'],
];

describe('PUT /_emulator/config', () => {
  const h = useHarness();

  test.each(BAD_CONFIGS)(
    '%s is refused 400, nothing of it applied, Graph still answers',
    async (_name, body, where) => {
      const before = await jsonOf(await h.admin('GET', '/config'));
      const response = await h.admin('PUT', '/config', body);
      expect(response.status).toBe(400);
      const error = (await jsonOf(response)).error as { code: string; message: string };
      expect(error.code).toBe('BadRequest');
      expect(error.message).toContain(where);
      expect([...error.message].some((c) => c.charCodeAt(0) < 0x20 || c === '\u202e')).toBe(false);
      expect(error.message.length).toBeLessThan(400);
      expect(await jsonOf(await h.admin('GET', '/config'))).toEqual(before);
      expect((await h.call('GET', '/me/contactFolders')).status).toBe(200);
    },
  );

  test('a fitting patch is applied, and the whole config sent back as GET gave it fits', async () => {
    const patch = {
      faults: { script: [{ fault: '503', match: { method: 'GET' }, times: 1 }] },
      latency: { fixedMs: 0 },
    };
    expect((await h.admin('PUT', '/config', patch)).status).toBe(200);
    expect((await h.call('GET', '/me/contactFolders')).status).toBe(503);
    expect((await h.call('GET', '/me/contactFolders')).status).toBe(200);
    const whole = await jsonOf(await h.admin('GET', '/config'));
    expect((await h.admin('PUT', '/config', whole)).status).toBe(200);
  });
});

describe('POST /_emulator/token', () => {
  test.each([
    ['roles as text', { roles: 'Contacts.ReadWrite' }, '/roles'],
    ['a lifetime as text', { expiresInSeconds: '3600' }, '/expiresInSeconds'],
    ['an unknown claim name', { admin: true }, '/admin'],
  ])('%s is refused 400 naming where', async (_name, body, where) => {
    const { app } = await startableGraphEmulator({ adminToken: 'secret-admin-token-1' });
    try {
      const base = await app.listen({ port: 0, host: '127.0.0.1' });
      const response = await fetch(`${base}/_emulator/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-admin-token': 'secret-admin-token-1' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(400);
      expect(((await jsonOf(response)).error as { message: string }).message).toContain(where);
    } finally {
      await app.close();
    }
  });
});
