import { describe, test, expect } from '@jest/globals';
import { virtualClock } from '../support/virtual-clock.js';
import { GraphMailbox, QuotaBudgets } from '../../src/graph/index.js';
import type { FetchLike } from '../../src/graph/index.js';
import { outlookDraft } from '../contracts/mailbox.contract.js';
import { lowerBoundMs } from '../../bench/suite/bound.js';
import { BASE, graphContact } from './scripted-graph.js';

/**
 * A first full sync's creates against Outlook's quota model (the emulator's: a sliding window per
 * app and mailbox, each $batch item admitted or refused on arrival, 4 items of an envelope at a
 * time, each taking the latency), on a virtual clock: nothing sleeps, time moves only when every
 * request is waiting on a timer.
 */
const QUOTA = 600;
const WINDOW_MS = 10_000;
const LATENCY_MS = 40;
const N = 2_000;

/** The quota model: POST /$batch of contact creates; counts what it admitted and refused. */
function quotaGraph(clock: ReturnType<typeof virtualClock>) {
  const admitted: number[] = [];
  const tally = { throttled: 0, items: 0 };
  let seq = 0;
  const fetch: FetchLike = async (input, init) => {
    const url = typeof input === 'string' ? input : input.url;
    if (url !== `${BASE}/$batch`) throw new Error(`unexpected ${url}`);
    const { requests } = JSON.parse(String(init?.body)) as { requests: { id: string }[] };
    const start = clock.now();
    const responses = requests.map((item, j) => {
      tally.items++;
      const arrives = start + Math.floor(j / 4) * LATENCY_MS;
      const inWindow = admitted.filter((a) => a > arrives - WINDOW_MS);
      if (inWindow.length >= QUOTA) {
        tally.throttled++;
        const retryAfterS = ((inWindow[0] as number) + WINDOW_MS - arrives) / 1000;
        return { id: item.id, status: 429, headers: { 'Retry-After': String(retryAfterS) }, body: null };
      }
      admitted.push(arrives);
      seq++;
      return { id: item.id, status: 201, headers: {}, body: graphContact(`c${seq}`, `ck${seq}`) };
    });
    await clock.sleep(Math.ceil(requests.length / 4) * LATENCY_MS);
    return new Response(JSON.stringify({ responses }), {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    });
  };
  return { fetch, tally };
}

async function createRun(
  pacing: { quotaBudgets: QuotaBudgets } | { assumedQuota: { quota: number; windowMs: number } },
  clock: ReturnType<typeof virtualClock>,
  graph: ReturnType<typeof quotaGraph>,
  from: number,
) {
  const mailbox = new GraphMailbox({
    baseUrl: BASE,
    mailbox: { kind: 'user', id: 'sales@contoso.test' },
    getToken: async () => 'token',
    fetch: graph.fetch,
    sleep: clock.sleep,
    now: clock.now,
    random: () => 0,
    ...pacing,
    retry: { maxThrottledAttempts: 1_000 },
  });
  const drafts = Array.from({ length: N }, (_, i) => outlookDraft(from + i + 1));
  const started = clock.now();
  const before = { ...graph.tally };
  // Like the engine: write calls of a few batches each.
  const outcomes = await clock.drive(
    (async () => {
      const out = [];
      for (let k = 0; k < drafts.length; k += 100)
        out.push(...(await mailbox.create('folder-1', drafts.slice(k, k + 100))));
      return out;
    })(),
  );
  return {
    ok: outcomes.filter((o) => o.ok).length,
    elapsedMs: clock.now() - started,
    throttled: graph.tally.throttled - before.throttled,
    items: graph.tally.items - before.items,
  };
}

describe('a paced first full sync', () => {
  test(`${N} creates at ${QUOTA} per ${WINDOW_MS / 1000} s: the quota is met once, the run stays near its bound, and the next run meets no 429`, async () => {
    const clock = virtualClock();
    const graph = quotaGraph(clock);
    const budgets = new QuotaBudgets();
    const limits = {
      latencyMs: LATENCY_MS,
      concurrency: 4,
      quota: QUOTA,
      windowMs: WINDOW_MS,
      concurrencyRetryAfterS: 1,
      compress: 1,
    };
    const bound = lowerBoundMs({ sequential: 0, parallel: N }, limits);

    const first = await createRun({ quotaBudgets: budgets }, clock, graph, 0);
    console.log(JSON.stringify({ bound, first }));
    expect(first.ok).toBe(N);
    // The first 429s teach the quota: one envelope's items at most (Graph runs them all).
    expect(first.throttled).toBeLessThanOrEqual(20);
    expect(first.elapsedMs).toBeLessThanOrEqual(bound * 1.1);

    // The same mailbox in the same process, at once: the window is still full of the first run.
    const second = await createRun({ quotaBudgets: budgets }, clock, graph, N);
    console.log(JSON.stringify({ second }));
    expect(second.ok).toBe(N);
    expect(second.throttled).toBe(0);
    expect(second.items).toBe(N);
  });

  // Issue 12: the limits a host paces by before any 429 (Outlook's documented ones; here the
  // model's), through both ways a mailbox gets its pacer.
  test.each(['host budgets', "the mailbox's own pacer"])(
    `${N} creates with the quota's limits assumed (%s): no 429, no item sent twice, within the bound`,
    async (how) => {
      const clock = virtualClock();
      const graph = quotaGraph(clock);
      const assumed = { quota: QUOTA, windowMs: WINDOW_MS };
      const bound = lowerBoundMs(
        { sequential: 0, parallel: N },
        {
          latencyMs: LATENCY_MS,
          concurrency: 4,
          quota: QUOTA,
          windowMs: WINDOW_MS,
          concurrencyRetryAfterS: 1,
          compress: 1,
        },
      );
      const run = await createRun(
        how === 'host budgets' ? { quotaBudgets: new QuotaBudgets(assumed) } : { assumedQuota: assumed },
        clock,
        graph,
        0,
      );
      expect(run.ok).toBe(N);
      expect(run.throttled).toBe(0);
      expect(run.items).toBe(N);
      expect(run.elapsedMs).toBeLessThanOrEqual(bound * 1.1);
    },
  );
});
