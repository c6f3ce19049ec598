import { describe, expect, test } from '@jest/globals';
import { GraphMailbox } from '../../src/graph/index.js';
import { CallTimeoutError } from '../../src/platform/call-timeout-error.js';
import { outlookDraft } from '../contracts/fixtures.js';

// Attacker pass: a Graph request that never answers kept its run (and the run's lease) for
// 6 attempts × GRAPH_TIMEOUT_MS = 6 min 7 s on the server, 6 × 30 s = 3 min 8 s in the pane
// (resilientFetch's timeout), each timed-out attempt retried at full timeout like any lost answer.
// Now an attempt that timed out is retried at most once — per request or $batch item and per run
// (RetryPolicy.maxTimedOutAttempts, counted by the transport once per HTTP attempt) — so a Graph
// that does not answer ends the run after 2 timeouts plus the back-off between them. A write whose
// answer was lost is still looked up before it would go again. No test waits: every attempt
// "times out" at once and moves a fake clock by its timeout.

const TIMEOUT_MS = 60_000;
/** The back-off between two attempts is under a second at the default policy (250 ms base). */
const BOUND_MS = 2 * TIMEOUT_MS + 1_000;

/** How a peer that never answers shows to the Graph client: its own deadline, or the pane's fetch's. */
const timeouts = {
  server: (ms: number): Error => new CallTimeoutError(ms),
  pane: (ms: number): Error => new DOMException(`signal timed out after ${ms} ms`, 'TimeoutError'),
};

/** A mailbox over a Graph that answers `answers[n]` to its n-th request (none left: never answers). */
function silentGraph(kind: keyof typeof timeouts, timeoutMs = TIMEOUT_MS, answers: (() => Response)[] = []) {
  let clock = 1_000_000;
  const start = clock;
  const sent: string[] = [];
  const fetch = async (input: RequestInfo, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    sent.push(`${request.method} ${new URL(request.url).pathname}`);
    const answer = answers[sent.length - 1];
    if (answer) return answer();
    clock += timeoutMs;
    throw timeouts[kind](timeoutMs);
  };
  const mailbox = new GraphMailbox({
    baseUrl: 'http://graph.invalid/v1.0',
    mailbox: { kind: 'me' },
    getToken: async () => 't',
    fetch,
    timeoutMs,
    now: () => clock,
    random: () => 0.5,
    sleep: async (ms) => {
      clock += ms;
    },
  });
  return { mailbox, sent, elapsed: () => clock - start };
}

const json = (body: unknown) => () =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

describe('a Graph call that never answers ends after at most one retry (attacker pass)', () => {
  test('the named example: a read on the server, GRAPH_TIMEOUT_MS 60 s: 2 attempts, not 6 (6 min 7 s)', async () => {
    const g = silentGraph('server');
    const failure = await g.mailbox.findFolder('Business Central').catch((e: unknown) => e);
    expect(failure).toMatchObject({
      kind: 'unavailable',
      message: expect.stringContaining('No answer within 60000 ms'),
    });
    expect(g.sent).toHaveLength(2);
    expect(g.elapsed()).toBeGreaterThanOrEqual(2 * TIMEOUT_MS);
    expect(g.elapsed()).toBeLessThanOrEqual(BOUND_MS);
  });

  // Each row: the host, its per-attempt timeout, what Graph answers before it stops answering,
  // and the attempts sent (a request answered 503 is retried as before: only timeouts are bounded).
  const rows: [string, keyof typeof timeouts, number, (() => Response)[], number][] = [
    ['the pane (resilientFetch 30 s, its TimeoutError)', 'pane', 30_000, [], 2],
    ['a 503 first, then no answer', 'server', TIMEOUT_MS, [() => new Response(null, { status: 503 })], 3],
  ];
  test.each(rows)('%s', async (_name, kind, timeoutMs, answers, attempts) => {
    const g = silentGraph(kind, timeoutMs, answers);
    await expect(g.mailbox.findFolder('Business Central')).rejects.toMatchObject({ kind: 'unavailable' });
    expect(g.sent).toHaveLength(attempts);
    expect(g.elapsed()).toBeLessThanOrEqual(2 * timeoutMs + 1_000);
  });

  test('one timeout and then an answer: the retry still goes', async () => {
    const g = silentGraph('server', TIMEOUT_MS, [
      () => {
        throw new CallTimeoutError(TIMEOUT_MS);
      },
      json({ value: [] }),
    ]);
    expect(await g.mailbox.findFolder('Business Central')).toBeNull();
    expect(g.sent).toHaveLength(2);
  });

  test('a create whose answer never comes is looked up, never sent again blind, and ends unknownOutcome within the bound', async () => {
    const g = silentGraph('server');
    const [outcome] = await g.mailbox.create('folder-1', [outlookDraft(1)]);
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'unknownOutcome' } });
    // The create went once; what followed were look-ups (the check before any repeat), not a resend.
    // Before: the POST, then 6 look-ups of 60 s each (7 min); now one look-up, the run's second timeout
    // (a $batch holding one list filtered by the draft's BC id: bc-id-lookups).
    expect(g.sent).toEqual(['POST /v1.0/$batch', 'POST /v1.0/$batch']);
    expect(g.elapsed()).toBeLessThanOrEqual(BOUND_MS);
  });

  test('a connection reset (not a timeout) keeps its 6 attempts', async () => {
    let sent = 0;
    const mailbox = new GraphMailbox({
      baseUrl: 'http://graph.invalid/v1.0',
      mailbox: { kind: 'me' },
      getToken: async () => 't',
      fetch: async () => {
        sent++;
        throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
      },
      sleep: async () => undefined,
    });
    await expect(mailbox.findFolder('Business Central')).rejects.toMatchObject({ kind: 'unavailable' });
    expect(sent).toBe(6);
  });
});
