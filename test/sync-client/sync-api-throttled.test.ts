import { describe, expect, test } from '@jest/globals';
import { CallTimeoutError } from '../../src/platform/call-timeout-error.js';
import { CallCancelledError } from '../../src/platform/deadline.js';
import { DEFAULT_RETRY } from '../../src/platform/retry-policy.js';
import { SyncApiCaller, SyncApiError } from '../../src/sync-client/sync-api-call.js';

// Guard's bulk-work limit (F89/F110, server/work-limits.ts) answers 429 + Retry-After before any
// work: the pane engine's state writes (POST/PUT, bulk by their body limit) must wait and send
// again, as every other outbound call does under the one retry policy — not end the run storeFailed.

const busy = (retryAfter: string | null) =>
  new Response(JSON.stringify({ error: { code: 'TooManyRequests', message: 'Busy.' } }), {
    status: 429,
    headers: {
      'content-type': 'application/json',
      ...(retryAfter === null ? {} : { 'retry-after': retryAfter }),
    },
  });
const ok = () => new Response(JSON.stringify({ ok: true }), { status: 200 });

function caller(answers: (() => Response)[], signal?: AbortSignal) {
  const sent: string[] = [];
  const slept: number[] = [];
  const fetch = (async (_url: string, init?: RequestInit) => {
    sent.push(`${init?.method} ${String(init?.body ?? '')}`);
    const next = answers.shift() ?? ok;
    return next();
  }) as unknown as typeof globalThis.fetch;
  const api = new SyncApiCaller('http://127.0.0.1:1/sync/v1', () => 'token', fetch, {
    sleep: async (ms) => void slept.push(ms),
    random: () => 0,
    ...(signal ? { signal } : {}),
  });
  return { api, sent, slept };
}

describe('SyncApiCaller: a 429 with Retry-After is waited for and sent again, any method', () => {
  test.each(['POST', 'PUT', 'GET'])(
    '%s refused twice (Retry-After 2), then done: 3 sends, 2 waits of 2 s',
    async (method) => {
      const { api, sent, slept } = caller([() => busy('2'), () => busy('2')]);
      await expect(
        api.call(method, '/state/links', {}, method === 'GET' ? undefined : { links: [] }),
      ).resolves.toEqual({
        ok: true,
      });
      expect(sent).toHaveLength(3);
      expect(new Set(sent).size).toBe(1);
      expect(slept).toEqual([2000, 2000]);
    },
  );

  test('a 429 without Retry-After is thrown at once (nothing says when to come back)', async () => {
    const { api, sent } = caller([() => busy(null)]);
    await expect(api.call('POST', '/state/skipped', {}, {})).rejects.toMatchObject({ status: 429 });
    expect(sent).toHaveLength(1);
  });

  test("the policy's throttled attempts bound the waits", async () => {
    const { api, sent, slept } = caller(Array.from({ length: 100 }, () => () => busy('1')));
    const e = await api.call('POST', '/state/skipped', {}, {}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SyncApiError);
    expect(sent).toHaveLength(DEFAULT_RETRY.maxThrottledAttempts);
    expect(slept).toHaveLength(DEFAULT_RETRY.maxThrottledAttempts - 1);
  });

  test('an answer that is not transient is not sent again (a 500: the facade answered, it failed)', async () => {
    const { api, sent } = caller([() => new Response('{}', { status: 500 })]);
    await expect(api.call('PUT', '/state/cursor', {}, {})).rejects.toMatchObject({ status: 500 });
    expect(sent).toHaveLength(1);
  });

  test('a 503 of a POST goes again with the same Idempotency-Key (the facade replays, never twice)', async () => {
    const keys: (string | null)[] = [];
    const answers = [() => new Response('{}', { status: 503 }), ok];
    const fetch = (async (_url: string, init?: RequestInit) => {
      keys.push(new Headers(init?.headers).get('idempotency-key'));
      return (answers.shift() ?? ok)();
    }) as unknown as typeof globalThis.fetch;
    let n = 0;
    const api = new SyncApiCaller('http://127.0.0.1:1/sync/v1', () => 'token', fetch, {
      sleep: async () => undefined,
      newKey: () => `key-${++n}`,
    });
    await expect(api.call('POST', '/state/links', {}, { links: [] })).resolves.toEqual({ ok: true });
    await api.call('POST', '/state/links', {}, { links: [] });
    expect(keys).toEqual(['key-1', 'key-1', 'key-2']);
  });

  test('timeouts are bounded: a call ends with its 2nd unanswered attempt, a later call of the caller with its 1st', async () => {
    let sent = 0;
    const fetch = (async () => {
      sent++;
      throw new CallTimeoutError(60_000);
    }) as unknown as typeof globalThis.fetch;
    const api = new SyncApiCaller('http://127.0.0.1:1/sync/v1', () => 'token', fetch, {
      sleep: async () => undefined,
    });
    await expect(api.call('PUT', '/state/cursor', {}, {})).rejects.toMatchObject({
      status: 0,
      timedOut: true,
    });
    expect(sent).toBe(2);
    await expect(api.call('GET', '/state/cursor', {})).rejects.toMatchObject({ status: 0, timedOut: true });
    expect(sent).toBe(3);
  });

  test('a DELETE whose outcome is unknown is not sent again (no key; its 404 would hide its success)', async () => {
    const { api, sent } = caller([() => new Response('{}', { status: 504 })]);
    await expect(api.call('DELETE', '/state/x', {})).rejects.toMatchObject({ status: 504 });
    expect(sent).toHaveLength(1);
  });

  test('Cancel during the wait ends the call as cancelled, nothing sent again', async () => {
    const controller = new AbortController();
    const sent: string[] = [];
    const fetch = (async () => {
      sent.push('x');
      return busy('30');
    }) as unknown as typeof globalThis.fetch;
    const api = new SyncApiCaller('http://127.0.0.1:1/sync/v1', () => 'token', fetch, {
      signal: controller.signal,
      sleep: () => new Promise(() => undefined),
    });
    const call = api.call('POST', '/state/links', {}, { links: [] });
    await Promise.resolve();
    await new Promise((done) => setImmediate(done));
    controller.abort();
    await expect(call).rejects.toBeInstanceOf(CallCancelledError);
    expect(sent).toHaveLength(1);
  });
});
