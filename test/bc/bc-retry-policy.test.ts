import { describe, expect, test } from '@jest/globals';
import { HttpBcContacts } from '../../src/bc/http-bc-contacts.js';

import { DEFAULT_RETRY, retryDelay } from '../../src/platform/retry-policy.js';
import { graphErrorBody, scriptedGraph, scriptedMailbox } from '../graph/scripted-graph.js';

/**
 * Issue 11 §2: Business Central's 429 + Retry-After is honoured with the same retry policy as
 * Graph's. Each row is what the service answers to one read, attempt by attempt (the last answer
 * repeats); both adapters must make the same number of attempts, and the BC adapter must wait
 * what the shared policy prescribes (Retry-After when given, backoff otherwise).
 */
type Answer = { status: number; retryAfter?: string };
const ok: Answer = { status: 200 };
const throttled = (s: string): Answer => ({ status: 429, retryAfter: s });
const busy: Answer = { status: 503 };

const ROWS: [string, Answer[], number][] = [
  ['answered at once', [ok], 1],
  ['429 ×3 with Retry-After, then answered', [throttled('2'), throttled('1'), throttled('0.5'), ok], 4],
  ['429 forever: maxThrottledAttempts', [throttled('1')], DEFAULT_RETRY.maxThrottledAttempts],
  ['503 forever: maxAttempts', [busy], DEFAULT_RETRY.maxAttempts],
  ['503 ×2 then answered', [busy, busy, ok], 3],
  ['429s do not spend the 503 budget', [throttled('1'), busy, throttled('1'), busy, ok], 5],
  ['429 without Retry-After backs off', [{ status: 429 }, { status: 429 }, ok], 3],
];

const COMPANY = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';

function script(answers: Answer[]) {
  let i = 0;
  return () => answers[Math.min(i++, answers.length - 1)]!;
}

async function bcAttempts(answers: Answer[]) {
  const next = script(answers);
  let calls = 0;
  const waits: number[] = [];
  const bc = new HttpBcContacts({
    baseUrl: 'https://bc.example/api/v2.0',
    companyId: COMPANY,
    getToken: async () => 'tok',
    fetch: (async () => {
      calls++;
      const a = next();
      return new Response(
        JSON.stringify(a.status === 200 ? { value: [] } : { error: { code: 'X', message: 'x' } }),
        {
          status: a.status,
          headers: {
            'content-type': 'application/json',
            ...(a.retryAfter ? { 'retry-after': a.retryAfter } : {}),
          },
        },
      );
    }) as unknown as typeof fetch,
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0,
    nowMs: () => 0,
  });
  await bc.listAll().catch(() => undefined);
  return { calls, waits };
}

async function graphAttempts(answers: Answer[]) {
  const next = script(answers);
  const graph = scriptedGraph(() => {
    const a = next();
    return a.status === 200
      ? { status: 200, body: { value: [] } }
      : {
          status: a.status,
          body: graphErrorBody(a.status === 429 ? 'TooManyRequests' : 'serviceNotAvailable', 'x'),
          headers: a.retryAfter ? { 'retry-after': a.retryAfter } : ({} as Record<string, string>),
        };
  });
  const mailbox = scriptedMailbox(graph);
  await mailbox.findFolder('Business Central').catch(() => undefined);
  return graph.calls.length;
}

describe('BC and Graph share one retry policy', () => {
  test.each(ROWS)('%s', async (_name, answers, attempts) => {
    const bc = await bcAttempts(answers);
    expect(bc.calls).toBe(attempts);
    expect(await graphAttempts(answers)).toBe(attempts);
    // Each wait is the shared policy's for that failure and its place in the sequence.
    const expected = Array.from({ length: attempts - 1 }, (_, k) => {
      const failed = answers[Math.min(k, answers.length - 1)]!;
      const retryAfterMs = failed.retryAfter === undefined ? null : Number(failed.retryAfter) * 1000;
      return retryDelay({ retryAfterMs }, k + 1, DEFAULT_RETRY, () => 0);
    });
    expect(bc.waits).toEqual(expected);
  });

  test('the issue example: BC answers 429 with Retry-After 2, the adapter waits 2 s and reads again', async () => {
    const bc = await bcAttempts([throttled('2'), ok]);
    expect(bc).toEqual({ calls: 2, waits: [2000] });
  });
});
