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

describe('resilientFetch: every POST to the facade carries a fresh Idempotency-Key (issue 9 item 2)', () => {
  /** The keys each call carried, in order (null: none). */
  function keyed(answers: Answer[]) {
    const keys: (string | null)[] = [];
    const fetchFn = (async (_input: RequestInfo | URL, init: RequestInit = {}) => {
      keys.push(new Headers(init.headers).get('idempotency-key'));
      const next = answers.shift();
      if (!next || next instanceof Error) throw next ?? new Error('no more answers');
      return next;
    }) as typeof fetch;
    return { fetchFn, keys };
  }
  const facadeOnly = (url: string) => url.startsWith('https://h/') && !url.startsWith('https://h/graph/');
  let n = 0;
  const newKey = () => `key-${++n}`;

  test.each<[string, string, string, boolean]>([
    ['a POST to the BC API', 'POST', 'https://h/api/v2.0/companies(c)/contacts', true],
    ['a POST to the sync API', 'POST', 'https://h/sync/v1/sender', true],
    ['a GET', 'GET', 'https://h/sync/v1/me', false],
    ['a PUT (safe to repeat)', 'PUT', 'https://h/sync/v1/settings', false],
    ['a POST to Graph', 'POST', 'https://h/graph/v1.0/me/contacts', false],
  ])('%s: key %s', async (_name, method, url, expected) => {
    const { fetchFn, keys } = keyed([ok(), ok()]);
    const f = resilientFetch(fetchFn, { sleep, idempotencyKeyFor: facadeOnly, newKey });
    await f(url, { method, ...(method === 'GET' ? {} : { body: '{}' }) });
    await f(url, { method, ...(method === 'GET' ? {} : { body: '{}' }) });
    if (expected) {
      expect(keys).toEqual([expect.stringMatching(/^key-/), expect.stringMatching(/^key-/)]);
      // A new request is a new key.
      expect(keys[0]).not.toBe(keys[1]);
    } else expect(keys).toEqual([null, null]);
  });

  test('a POST replayed after a 401 with a fresh token keeps its key (the facade keys by caller)', async () => {
    const { fetchFn, keys } = keyed([new Response('', { status: 401 }), ok()]);
    const f = resilientFetch(fetchFn, {
      sleep,
      idempotencyKeyFor: facadeOnly,
      newKey,
      renewToken: async () => 'fresh',
    });
    await f('https://h/sync/v1/sender', {
      method: 'POST',
      body: '{}',
      headers: { authorization: 'Bearer old' },
    });
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
  });

  test('without idempotencyKeyFor no POST gets a key', async () => {
    const { fetchFn, keys } = keyed([ok()]);
    await resilientFetch(fetchFn, { sleep })('https://h/sync/v1/sender', { method: 'POST', body: '{}' });
    expect(keys).toEqual([null]);
  });
});

// Trust item 5 — the kind: "a write whose outcome is unknown is sent again without a check". Every
// method x every transient failure: how many times the pane's fetch sends it. A DELETE whose
// answer was lost went out again here, and the 404 of its own first success reached the Graph
// layer as a failure (that layer treats a 404 after a lost attempt as done, but never saw the loss).
describe('resilientFetch repeats only what needs no check (trust item 5)', () => {
  const FAILURES: [string, () => Answer][] = [
    ['no answer', () => new TypeError('Failed to fetch')],
    ['502', () => new Response('', { status: 502 })],
    ['504', () => new Response('', { status: 504 })],
    ['429', () => new Response('', { status: 429 })],
    ['503', () => new Response('', { status: 503 })],
  ];
  /** Sends of each method after each failure: 2 = sent again, 1 = handed back to its caller. */
  const EXPECTED: Record<string, Record<string, number>> = {
    GET: { 'no answer': 2, '502': 2, '504': 2, '429': 2, '503': 2 },
    PUT: { 'no answer': 2, '502': 2, '504': 2, '429': 2, '503': 2 },
    DELETE: { 'no answer': 1, '502': 1, '504': 1, '429': 2, '503': 2 },
    PATCH: { 'no answer': 1, '502': 1, '504': 1, '429': 1, '503': 1 },
    POST: { 'no answer': 1, '502': 1, '504': 1, '429': 1, '503': 1 },
  };
  test.each(
    Object.keys(EXPECTED).flatMap((m) => FAILURES.map(([name, answer]) => [m, name, answer] as const)),
  )('%s after %s', async (method, failure, answer) => {
    const { fetchFn, calls } = scripted([answer(), new Response(null, { status: 204 })]);
    const f = resilientFetch(fetchFn, { sleep });
    await f('https://h/graph/v1.0/me/contacts/c1', {
      method,
      ...(method === 'GET' ? {} : { body: '{}' }),
    }).catch(() => undefined);
    expect(calls).toHaveLength(EXPECTED[method]![failure]!);
  });

  test('the example: a DELETE whose answer was lost is handed back, not sent again', async () => {
    const { fetchFn, calls } = scripted([
      new TypeError('Failed to fetch'),
      new Response('', { status: 404 }),
    ]);
    const f = resilientFetch(fetchFn, { sleep });
    await expect(f('https://h/graph/v1.0/me/contacts/c1', { method: 'DELETE' })).rejects.toThrow(
      'Failed to fetch',
    );
    expect(calls).toHaveLength(1);
  });
});
