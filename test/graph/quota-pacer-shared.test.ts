import { describe, test, expect } from '@jest/globals';
import fc from 'fast-check';
import { QuotaPacer } from '../../src/graph/quota-pacer.js';

/**
 * Our host and another client (a sharer: the pane and the scheduled run of one user) in one
 * mailbox's sliding-window quota, on simulated time (nothing sleeps). Our host writes without
 * pause through $batch envelopes of 20 (items run 4 at a time, each admitted or refused on
 * arrival), through the pacer as GraphTransport uses it (admit, settle, then the 429 teaches and
 * pauses); the sharer spends `rate` calls per window, evenly spread, while its schedule has it on.
 */
const QUOTA = 600;
const WINDOW_MS = 10_000;
const LATENCY_MS = 40;

interface Outcome {
  /** Our calls admitted in each window of the run (window k: [k·W, (k+1)·W)). */
  ours: number[];
  /** Our items refused with a 429, and the envelopes that met any, by window. */
  refused: number[];
  episodes: number[];
  /** The pacer's learned quota at the end of each window (0: nothing learned). */
  budget: number[];
}

async function shared(schedule: readonly boolean[], rate: number): Promise<Outcome> {
  const windows = schedule.length;
  let t = 0;
  const pacer = new QuotaPacer(() => t);
  const sleep = async (ms: number) => {
    t += ms;
  };
  const admitted: number[] = [];
  const out: Outcome = {
    ours: Array(windows).fill(0),
    refused: Array(windows).fill(0),
    episodes: Array(windows).fill(0),
    budget: Array(windows).fill(0),
  };
  const fits = (at: number) => {
    let held = 0;
    for (let i = admitted.length - 1; i >= 0 && (admitted[i] as number) > at - WINDOW_MS; i--) held++;
    return held < QUOTA ? null : (admitted[admitted.length - held] as number) + WINDOW_MS - at;
  };
  let sharerNext = 0;
  /** The sharer's calls up to `at` (refused ones are gone: it keeps its own pace). */
  const sharerUntil = (at: number) => {
    for (; sharerNext <= at; sharerNext += WINDOW_MS / rate)
      if (schedule[Math.floor(sharerNext / WINDOW_MS)] && fits(sharerNext) === null)
        admitted.push(sharerNext);
  };
  let noted = 0;
  while (t < windows * WINDOW_MS) {
    const calls = await pacer.admit(20, sleep);
    const sent = t;
    const ok: boolean[] = [];
    let retryAfter = 0;
    for (let j = 0; j < 20; j++) {
      const at = sent + Math.floor(j / 4) * LATENCY_MS;
      sharerUntil(at);
      const wait = fits(at);
      ok.push(wait === null);
      const w = Math.min(windows - 1, Math.floor(at / WINDOW_MS));
      if (wait === null) {
        admitted.push(at);
        out.ours[w]!++;
      } else {
        out.refused[w]!++;
        retryAfter = Math.max(retryAfter, wait);
      }
    }
    t = sent + 5 * LATENCY_MS;
    for (; noted < Math.min(windows, Math.floor(t / WINDOW_MS)); noted++)
      out.budget[noted] = pacer.learned?.quota ?? 0;
    pacer.settle(calls, ok);
    if (retryAfter > 0) {
      out.episodes[Math.min(windows - 1, Math.floor(sent / WINDOW_MS))]!++;
      for (const _ of ok.filter((o) => !o)) pacer.onQuotaThrottle(retryAfter);
      t += retryAfter;
    }
  }
  return out;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe('a learned quota another client shared recovers when it goes', () => {
  test('the sharer stops half-way: from a few windows after, our host writes ≥ 90% of the quota again', async () => {
    // Alone for 4 windows (learns 600), the sharer spends half from window 4 to 30, then stops.
    const schedule = Array.from({ length: 60 }, (_, k) => k >= 4 && k < 30);
    const r = await shared(schedule, QUOTA / 2);
    const after = r.ours.slice(30 + 8);
    if (process.env.PACER_REPORT)
      console.log(
        JSON.stringify({ ours: r.ours, budget: r.budget, episodes: r.episodes, refused: sum(r.refused) }),
      );
    expect(Math.min(...after)).toBeGreaterThanOrEqual(0.9 * QUOTA);
    // While shared: a raise probes at most once per CALM_MAX windows after the first few.
    expect(sum(r.episodes.slice(4, 30))).toBeLessThanOrEqual(8);
    expect(sum(r.episodes.slice(30))).toBe(0);
  });

  test('random sharer on/off schedules: 429s rare, the budget back to the free quota within K windows of a stop', async () => {
    const K = 12; // CALM_MAX windows before the first raise, then up to 4 doubling steps
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 20 })), { minLength: 2, maxLength: 8 }),
        fc.integer({ min: QUOTA / 8, max: (QUOTA * 7) / 8 }),
        async (segments, rate) => {
          // Alone for 3 windows first, so the pacer learns the whole quota.
          const schedule = [
            false,
            false,
            false,
            ...segments.flatMap(([on, n]) => Array<boolean>(n).fill(on)),
          ];
          const r = await shared(schedule, rate);
          const starts = schedule.map((on, k) => on && !schedule[k - 1]);
          // Per 20 windows: a few refusals each time the sharer comes (the budget halves down to
          // its room, probes up at 1, 2, 4 windows apart), then one per 8 windows while it stays.
          for (let k = 0; k + 20 <= schedule.length; k++) {
            const came = starts.slice(Math.max(0, k - 15), k + 20).filter(Boolean).length;
            expect(sum(r.episodes.slice(k, k + 20))).toBeLessThanOrEqual(4 * came + 3);
          }
          // Every window from K after a stop while the sharer stays off: the budget and the
          // throughput are the quota's (the first learned may stand up to an envelope below).
          const short: unknown[] = [];
          schedule.forEach((on, k) => {
            const stop = schedule.lastIndexOf(true, k);
            if (on || schedule[k + 1] !== false || stop < 0 || k - stop <= K) return;
            if (r.budget[k]! < QUOTA - 20 || r.ours[k + 1]! < 0.9 * QUOTA)
              short.push({ k, stop, budget: r.budget[k], next: r.ours[k + 1] });
          });
          expect(short).toEqual([]);
        },
      ),
      { numRuns: 60, seed: 12 },
    );
  });
});
