import { describe, expect, test } from '@jest/globals';
import { resilientFetch } from '../../src/taskpane/api/resilient-fetch.js';

type Answer = Response | Error;

/** A fetch that answers from a script and records what it was asked. */
function scripted(answers: Answer[]) {
  const calls: { method: string; url: string; auth: string | null; body: string | null }[] = [];
  const fetchFn = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    calls.push({
      method: init.method ?? 'GET',
      url: String(input),
      auth: headers.get('authorization'),
      body: typeof init.body === 'string' ? init.body : null,
    });
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    if (next instanceof Error) throw next;
    return next;
  }) as typeof fetch;
  return { fetchFn, calls };
}

const waits: number[] = [];
const sleep = async (ms: number): Promise<void> => void waits.push(ms);
const ok = () => new Response('{"ok":true}', { status: 200 });

describe('resilientFetch: the pane recovers from transient failures by itself', () => {
  test('a GET whose answer is lost (network error) is retried with growing back-off', async () => {
    waits.length = 0;
    const { fetchFn, calls } = scripted([
      new TypeError('Failed to fetch'),
      new TypeError('Failed to fetch'),
      ok(),
    ]);
    const res = await resilientFetch(fetchFn, { sleep })('https://h/sync/v1/me');
    expect(res.status).toBe(200);
    expect(calls).toHaveLength(3);
    expect(waits).toEqual([500, 1000]);
  });

  test('503 and 429 are retried, 429 after its Retry-After', async () => {
    waits.length = 0;
    const { fetchFn, calls } = scripted([
      new Response('', { status: 503 }),
      new Response('', { status: 429, headers: { 'retry-after': '2' } }),
      ok(),
    ]);
    await resilientFetch(fetchFn, { sleep })('https://h/sync/v1/runs', { method: 'GET' });
    expect(calls).toHaveLength(3);
    expect(waits).toEqual([500, 2000]);
  });

  test('gives up after the attempts and returns the last answer or error', async () => {
    const { fetchFn } = scripted([new TypeError('down'), new TypeError('down'), new TypeError('down')]);
    await expect(resilientFetch(fetchFn, { sleep, attempts: 3 })('https://h/x')).rejects.toThrow('down');
    const five = scripted([503, 503].map((s) => new Response('', { status: s })));
    expect((await resilientFetch(five.fetchFn, { sleep, attempts: 2 })('https://h/x')).status).toBe(503);
  });

  test('a POST is never repeated on an unknown outcome (it may have been applied)', async () => {
    const { fetchFn, calls } = scripted([new TypeError('Failed to fetch')]);
    await expect(
      resilientFetch(fetchFn, { sleep })('https://h/api/v2.0/companies(c)/contacts', {
        method: 'POST',
        body: '{}',
      }),
    ).rejects.toThrow('Failed to fetch');
    expect(calls).toHaveLength(1);
    const busy = scripted([new Response('', { status: 503 })]);
    expect((await resilientFetch(busy.fetchFn, { sleep })('https://h/x', { method: 'POST' })).status).toBe(
      503,
    );
    expect(busy.calls).toHaveLength(1);
  });

  test('a 401 gets a fresh token once and replays the request, POST included', async () => {
    const { fetchFn, calls } = scripted([new Response('', { status: 401 }), ok()]);
    const renewed: string[] = [];
    const res = await resilientFetch(fetchFn, {
      sleep,
      renewToken: async (url) => {
        renewed.push(url);
        return 'fresh';
      },
    })('https://h/sync/v1/conflicts/b1/resolve', {
      method: 'POST',
      headers: { authorization: 'Bearer stale' },
      body: '{"side":"bc"}',
    });
    expect(res.status).toBe(200);
    expect(renewed).toEqual(['https://h/sync/v1/conflicts/b1/resolve']);
    expect(calls.map((c) => [c.method, c.auth, c.body])).toEqual([
      ['POST', 'Bearer stale', '{"side":"bc"}'],
      ['POST', 'Bearer fresh', '{"side":"bc"}'],
    ]);
    const again = scripted([new Response('', { status: 401 }), new Response('', { status: 401 })]);
    const twice = resilientFetch(again.fetchFn, { sleep, renewToken: async () => 'fresh' });
    expect((await twice('https://h/x', { headers: { authorization: 'Bearer a' } })).status).toBe(401);
    expect(again.calls).toHaveLength(2);
  });
});
