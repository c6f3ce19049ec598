import { describe, expect, test } from '@jest/globals';
import { CountingPacer, DELTA_PAGE, heldGraph, heldTransport, writes } from './held-graph.js';

// Regression of 924bf14 (fixed by de0bf3d): GraphTransport.ride admitted a riding delta page with
// the quota pacer (one call, pending) before it waited for an envelope to carry it. Once the
// learned quota is at or below an envelope's item count (a later quota 429 lowers it to the calls
// of ours the window still holds), that envelope's admission waits for the latest call in flight
// to be answered: the page's, which only that envelope answers. The run hung. Here the page and
// every write must be answered, and the pacer must book every item Graph received.
//
// No wall time: the pacer's sleeps move a test clock at once; "no progress" is detected by a
// bounded number of setImmediate turns (never by Jest's timeout).

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Bounded: at most 1,000 setImmediate turns for `cond` to hold, else the step made no progress. */
async function progress(step: string, cond: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !cond(); i++) await turn();
  expect({ step, done: cond() }).toEqual({ step, done: true });
}

/** Tracks whether a promise has settled, without awaiting it. */
function tracked<T>(p: Promise<T>): { promise: Promise<T>; readonly settled: boolean } {
  let settled = false;
  const promise = p.finally(() => {
    settled = true;
  });
  promise.catch(() => undefined);
  return {
    promise,
    get settled() {
      return settled;
    },
  };
}

const WINDOW = 60_000;

describe('a page riding in a $batch envelope never holds that envelope back (924bf14 hang)', () => {
  test.each([
    [3, 4],
    [5, 5],
    [10, 20],
  ])(
    'learned quota %i, an envelope of %i writes carrying a delta page: all answered, every item booked',
    async (quota, size) => {
      let t = 0;
      const slept: number[] = [];
      // A sleep moves the test clock at once (the pacer waits alone in its turn).
      const sleep = async (ms: number): Promise<void> => {
        slept.push(ms);
        t += Math.max(0, ms);
      };
      const pacer = new CountingPacer(() => t);
      // The pacer learns the window from a first quota 429 after 100 answered calls, then a later
      // 429 lowers the quota to the calls of ours the window still holds (another client shares
      // the mailbox): `quota` calls.
      pacer.onAdmitted(0, 100);
      t = 1_000;
      pacer.onQuotaThrottle(WINDOW - 1_000);
      expect(pacer.learned).toEqual({ quota: 100, windowMs: WINDOW });
      t = 70_000;
      pacer.onAdmitted(t, quota);
      pacer.onQuotaThrottle(1_000);
      expect(pacer.learned).toEqual({ quota, windowMs: WINDOW });
      expect(quota).toBeLessThanOrEqual(size);
      pacer.booked = 0;

      const graph = heldGraph();
      const transport = heldTransport(graph, pacer, () => t, sleep);
      // One envelope holds the mailbox's 4 slots; the next waits for its turn; a page rides in it.
      const first = tracked(transport.batchOnce(writes(4)));
      await progress('first envelope sent', () => graph.held.length === 1);
      const second = tracked(transport.batchOnce(writes(size)));
      const page = tracked(transport.ride(DELTA_PAGE));
      await turn();
      graph.held.shift()!();
      await progress('first envelope answered', () => first.settled);
      await first.promise;
      // 924bf14: the page holds a pending call in the pacer; the envelope that must carry it waits
      // for that call's answer to be admitted, and is never sent.
      await progress('second envelope (carrying the page) sent', () => graph.held.length === 1);
      graph.held.shift()!();
      await progress('page and second envelope answered', () => second.settled && page.settled);
      const answers = await second.promise;
      const raw = await page.promise;
      expect(raw.status).toBe(200);
      // The page rode: no request of its own.
      expect(graph.held).toHaveLength(0);
      const sent = answers.filter((a) => typeof a !== 'symbol');
      expect(sent.every((a) => a.status === 200)).toBe(true);
      expect(graph.received).toBe(4 + sent.length + 1);
      // Every item Graph received is booked by the pacer (the page with its envelope's answer).
      expect(pacer.booked).toBe(graph.received);
      // The pacer did pace (the learned quota held the envelopes back): time moved, not wall time.
      expect(slept.length).toBeGreaterThan(0);
    },
  );
});
